"""Studying a deck as flashcards: front, back, rate, undo, suspend, bury, cram, summary."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_login import current_user, login_required
from fsrs import Rating
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp import charts
from quizapp.db import get_session
from quizapp.exchange.apkg import FORMAT as APKG
from quizapp.exchange.progress import learner_package
from quizapp.flashcards import fronts, jobs, service, tuning
from quizapp.flashcards.forms import DeckRetentionForm, SettingsForm
from quizapp.flashcards.optimize import MIN_REVIEWS
from quizapp.flashcards.queue import known_timezones, study_day
from quizapp.flashcards.scheduling import rating_buttons
from quizapp.flashcards.service import Scope
from quizapp.flashcards.typing import TypedAnswer, compare_checks
from quizapp.formfields import form_status, refusal_summary
from quizapp.inputs import (
    MAX_ID,
    MAX_TEXT,
    InputRefusal,
    parse_id,
    parse_small_int,
    required,
    single,
    topic_list,
)
from quizapp.models import Deck, Question, utcnow
from quizapp.questions import types
from quizapp.questions.present import answer_key, present
from quizapp.questions.store import find_deck
from quizapp.quiz import holds
from quizapp.quiz.holds import AnswerWithheld

bp = Blueprint("flashcards", __name__)
# When the front of a card was shown, in milliseconds since 1970: well past the year 3000.
MAX_MILLISECONDS = 10**15


def _scope(slug: str) -> Scope:
    deck = get_session(write=False).scalars(select(Deck).where(Deck.slug == slug)).one_or_none()
    if deck is None:
        abort(404)
    known = {t["id"] for t in deck.topics}
    topics = tuple(t for t in _requested_topics() if t in known)
    return Scope(deck, topics)


def _requested_topics() -> list[str]:
    return topic_list(request.values.getlist("topics"))


def _scope_args() -> dict[str, Any]:
    topics = ",".join(_requested_topics())
    return {"topics": topics} if topics else {}


def _question_in(scope: Scope, question_id: int) -> Question:
    question = get_session(write=False).get(Question, question_id)
    if question is None or question.deck_id != scope.deck.id or question.is_retired:
        abort(404)
    return question


def _front_view(question: Question, version: int) -> Any:
    # Lists whose canonical order is the answer are shuffled, steadily for one showing.
    order = fronts.front_order(
        current_app.secret_key or "",
        current_user.id,
        question.id,
        version,
        question.type,
        question.body,
    )
    return present(question.type, question.prompt, question.body, order)


def _ticket(question: Question) -> str:
    return fronts.ticket(current_app.secret_key or "", current_user.id, question.id)


def _refuse_if_study_closed(scope: Scope) -> None:
    hold = holds.study_closed_by(get_session(write=False), current_user, scope.deck.id, utcnow())
    if hold is not None:
        raise AnswerWithheld(
            holds.held_message(hold, "its cards"),
            [("Back to the deck", url_for("quiz.deck", slug=scope.deck.slug))],
        )


def _held_titles(held: dict[int, holds.Hold], ids: list[int]) -> list[str]:
    return sorted({held[qid].quiz_title for qid in ids})


@bp.route("/decks/<slug>/study")
@login_required
def study(slug: str) -> str:
    scope = _scope(slug)
    _refuse_if_study_closed(scope)
    now = utcnow()
    session = get_session()
    held = holds.held_questions(session, current_user.id, now)
    status = service.queue_status(session, current_user.id, scope, now, held=held)
    flask_session.setdefault(f"study-since-{slug}", time.time())
    question_id = status.next_question_id()
    last = service.last_review_id(session, current_user.id)
    if question_id is None:
        return render_template(
            "flashcards/done.html",
            deck=scope.deck,
            scope=scope,
            status=status,
            last=last,
            now=now,
            held_quizzes=_held_titles(held, status.held_back),
        )
    question = _question_in(scope, question_id)
    card = status.cards.get(question_id)  # the next card is in the scope: no second query
    version = card.version if card else 0
    return render_template(
        "flashcards/front.html",
        deck=scope.deck,
        scope=scope,
        question=question,
        view=_front_view(question, version),
        card_inputs=types.get(question.type).card_inputs(question.body),
        version=version,
        counts=status.counts,
        kind=status.kind,
        shown=int(time.time() * 1000),
        ticket=_ticket(question),
        last=last,
        held_back=len(status.held_back),
        held_quizzes=_held_titles(held, status.held_back),
    )


@bp.route("/decks/<slug>/study/back/<int:question_id>")
@login_required
def back(slug: str, question_id: int) -> str:
    """A card's back, only for the learner who was shown its front, and never while the
    learner's unfinished quiz asks the question."""
    scope = _scope(slug)
    _refuse_if_study_closed(scope)
    question = _question_in(scope, question_id)
    deck_link = ("Back to the deck", url_for("quiz.deck", slug=slug))
    ticket = single(request.args.to_dict(flat=False), "ticket") or ""
    if not fronts.was_shown(current_app.secret_key or "", ticket, current_user.id, question.id):
        raise AnswerWithheld(
            "A card's answer opens from its front, once the card has been shown to you: study "
            "the deck and it comes up in its turn.",
            [("Study this deck", url_for("flashcards.study", slug=slug)), deck_link],
        )
    session = get_session()
    now = utcnow()
    hold = holds.held_questions(session, current_user.id, now).get(question.id)
    if hold is not None:
        links = [("Back to your quiz", url_for("quiz.attempt", attempt_id=hold.attempt_id))]
        raise AnswerWithheld(holds.held_message(hold, "this card's answer"), [*links, deck_link])
    card = service.card_for(session, current_user.id, question_id)
    args = request.args.to_dict(flat=False)
    version_number = _optional_int(args, "v", MAX_ID) or 0
    cram_next = _optional_int(args, "n", MAX_ID) or 0
    shown = _optional_int(args, "shown", MAX_MILLISECONDS)
    settings = service.settings_for(session, current_user.id)
    intervals = service.button_intervals(session, settings, card, question_id, now)
    return render_template(
        "flashcards/back.html",
        deck=scope.deck,
        scope=scope,
        question=question,
        view=_front_view(question, version_number),
        version=version_number,
        cram=single(args, "cram") == "1",
        cram_next=cram_next,
        shown="" if shown is None else shown,
        typed=_typed(question),
        answer_lines=answer_key(question.type, question.body),
        section=scope.deck.section(question.source),
        buttons=rating_buttons(intervals),
        card=card,
    )


def _optional_int(values: dict[str, list[str]], field: str, high: int) -> int | None:
    """A number field a link or form may leave out or send empty; else it must be right."""
    raw = single(values, field)
    return None if raw is None or raw == "" else parse_small_int(raw, field, 0, high)


def _typed(question: Question) -> list[TypedAnswer]:
    """What was typed on the card's front, compared with the accepted answers."""
    kind = types.get(question.type)
    args = request.args.to_dict(flat=False)
    typed = {
        field.name: (single(args, field.name) or "").strip()[:MAX_TEXT]
        for field in kind.card_inputs(question.body)
    }
    return compare_checks(kind.card_checks(question.body, typed))


@bp.route("/decks/<slug>/study/rate", methods=["POST"])
@login_required
def rate(slug: str) -> Response:
    scope = _scope(slug)
    form = request.form.to_dict(flat=False)
    question_id = parse_id(required(form, "question"), "question")
    version = parse_small_int(required(form, "v"), "v", 0, MAX_ID)
    rating = parse_small_int(required(form, "rating"), "rating", 1, 4)
    shown = _optional_int(form, "shown", MAX_MILLISECONDS)
    question = _question_in(scope, question_id)
    duration = int(time.time() * 1000) - shown if shown is not None else None
    settings = service.settings_for(get_session(write=False), current_user.id)
    session = get_session()
    service.rate(
        session,
        current_user.id,
        question.id,
        version,
        Rating(rating),
        utcnow(),
        duration_ms=duration,
        settings=settings,
    )
    session.commit()
    return redirect(url_for("flashcards.study", slug=slug, **_scope_args()))


@bp.route("/decks/<slug>/study/undo", methods=["POST"])
@login_required
def undo(slug: str) -> Response:
    _scope(slug)
    review_id = parse_id(required(request.form.to_dict(flat=False), "review"), "review")
    session = get_session()
    service.undo(session, current_user.id, review_id)
    session.commit()
    flash("Your last rating was undone; the card is as it was before.", "info")
    return redirect(url_for("flashcards.study", slug=slug, **_scope_args()))


@bp.route("/decks/<slug>/study/<action>", methods=["POST"])
@login_required
def card_action(slug: str, action: str) -> Response:
    if action not in ("suspend", "unsuspend", "bury"):
        abort(404)
    scope = _scope(slug)
    form = request.form.to_dict(flat=False)
    question = _question_in(scope, parse_id(required(form, "question"), "question"))
    target = single(form, "next") or ""
    if target not in ("", "leeches"):
        raise InputRefusal("The field 'next' can only be 'leeches'.")
    session = get_session()
    now = utcnow()
    if action == "bury":
        settings = service.settings_for(session, current_user.id)
        until = study_day(now, settings.timezone, settings.day_starts_at).end
        service.bury(session, current_user.id, question.id, until, now)
        flash("Card buried until tomorrow.", "info")
    else:
        service.set_suspended(session, current_user.id, question.id, action == "suspend", now)
        flash("Card suspended." if action == "suspend" else "Card back in your reviews.", "info")
    session.commit()
    if target == "leeches":
        return redirect(url_for("flashcards.leeches"))
    return redirect(url_for("flashcards.study", slug=slug, **_scope_args()))


@bp.route("/decks/<slug>/study/summary")
@login_required
def summary(slug: str) -> str:
    scope = _scope(slug)
    since = flask_session.get(f"study-since-{slug}", time.time())
    from datetime import UTC, datetime

    started = datetime.fromtimestamp(float(since), UTC)
    session = get_session()
    data = service.summary(session, current_user.id, started, utcnow(), scope)
    return render_template("flashcards/summary.html", deck=scope.deck, scope=scope, data=data)


@bp.route("/decks/<slug>/study/summary/reset", methods=["POST"])
@login_required
def reset_summary(slug: str) -> Response:
    _scope(slug)
    flask_session.pop(f"study-since-{slug}", None)
    return redirect(url_for("flashcards.study", slug=slug, **_scope_args()))


@bp.route("/decks/<slug>/anki.apkg")
@login_required
def anki_package(slug: str) -> Response:
    """The deck for Anki with the learner's own progress (theirs only: no one else's is
    reachable from here), less the questions of their open quizzes."""
    scope = _scope(slug)
    _refuse_if_study_closed(scope)
    session = get_session(write=False)
    deck = find_deck(session, slug)
    if deck is None:  # pragma: no cover - _scope found it a moment ago
        abort(404)
    held = holds.held_questions(session, current_user.id, utcnow())
    exported = learner_package(session, current_user, deck, held)
    return Response(
        exported.data,
        mimetype=APKG.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


@bp.route("/decks/<slug>/cram")
@login_required
def cram(slug: str) -> str | Response:
    """Extra practice: go through the cards already studied, weakest first; nothing here
    changes the schedule. Cards never shown, and those of an unfinished quiz, stay out."""
    scope = _scope(slug)
    _refuse_if_study_closed(scope)
    session = get_session()
    now = utcnow()
    held = holds.held_questions(session, current_user.id, now)
    ranked = service.weakest(session, current_user.id, scope, now, limit=500)
    order = [question for question, _ in ranked if question.id not in held]
    if not order:
        if ranked:
            raise AnswerWithheld(
                holds.held_message(held[ranked[0][0].id], "the answers of its cards"),
                [("Back to the deck", url_for("quiz.deck", slug=slug))],
            )
        flash(
            "Extra practice goes over the cards you have studied already: study a few first.",
            "info",
        )
        return redirect(url_for("flashcards.study", slug=slug, **_scope_args()))
    position = (_optional_int(request.args.to_dict(flat=False), "n", MAX_ID) or 0) % len(order)
    question = order[position]
    return render_template(
        "flashcards/front.html",
        deck=scope.deck,
        scope=scope,
        question=question,
        view=_front_view(question, 0),
        card_inputs=types.get(question.type).card_inputs(question.body),
        version=0,
        counts=None,
        kind="cram",
        cram_position=position,
        cram_total=len(order),
        shown=int(time.time() * 1000),
        ticket=_ticket(question),
        last=None,
        held_back=len(ranked) - len(order),
        held_quizzes=_held_titles(held, [q.id for q, _ in ranked if q.id in held]),
    )


@bp.route("/study/leeches")
@login_required
def leeches() -> str:
    cards = service.leeches(get_session(), current_user.id)
    return render_template("flashcards/leeches.html", cards=cards)


@bp.route("/study/settings", methods=["GET", "POST"])
@login_required
def settings() -> tuple[str, int] | Response:
    session = get_session()
    current = service.settings_for(session, current_user.id)
    retention_before = current.desired_retention
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        form.populate_obj(current)
        current.desired_retention = float(form.desired_retention.data)
        current = session.merge(current)
        session.flush()
        message = "Study settings saved."
        if current.desired_retention != retention_before:
            moved = tuning.reschedule(session, current, utcnow(), "retention")
            message += f" {_cards(moved)} rescheduled for the new retention."
        session.commit()
        flash(message, "success")
        return redirect(url_for("flashcards.settings"))
    decks = session.scalars(select(Deck).order_by(Deck.title)).all()
    retentions = tuning.deck_retentions(session, current_user.id)
    page = render_template(
        "flashcards/settings.html",
        form=form,
        timezones=known_timezones(),
        timedelta=timedelta,
        settings=current,
        reviews=len(tuning.training_histories(session, current)),
        min_reviews=MIN_REVIEWS,
        optimising=jobs.running(current_user.id),
        decks=[
            (deck, retentions.get(deck.id), _deck_form(deck.id, retentions.get(deck.id)))
            for deck in decks
        ],
    )
    return page, form_status(form)


def _cards(count: int) -> str:
    return f"{count} card{'s' if count != 1 else ''}"


def _deck_form(deck_id: int, retention: float | None) -> DeckRetentionForm:
    form = DeckRetentionForm(formdata=None, deck=deck_id, retention=retention)
    form.retention.id = f"retention-{deck_id}"
    return form


# Above this many reviews, optimising (read, fit, evaluate, reschedule every card) may take
# more than a second or two (bench/fsrs_bench.py: 10,000 reviews in about 1.0-1.6 s on two
# busy cores, most of it the rescheduling), so it runs as a background job instead.
IN_REQUEST_REVIEWS = 10_000


@bp.route("/study/settings/optimise", methods=["POST"])
@login_required
def optimise() -> Response:
    """Fit the learner's parameters: in the request for a log of up to IN_REQUEST_REVIEWS
    reviews, in a background job beyond. CSRFProtect checks the form's token, as on every
    POST."""
    session = get_session()
    if tuning.review_count(session, current_user.id) > IN_REQUEST_REVIEWS:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        started = jobs.start_optimising(app, current_user.id)
        flash(
            "Your review log is long, so your parameters are being optimised in the "
            "background; reload this page in a minute to see the result."
            if started
            else "Your parameters are already being optimised; reload this page in a minute.",
            "info",
        )
        return redirect(url_for("flashcards.settings"))
    outcome = tuning.optimise(session, current_user.id, utcnow())
    session.commit()
    if outcome.fit is None:
        flash(
            f"Optimising needs {MIN_REVIEWS} reviews on a later day than the card's previous "
            f"one; you have {outcome.reviews}. Your parameters stay as they are.",
            "info",
        )
    elif outcome.fit.improved:
        flash(
            f"Your parameters now fit your {outcome.fit.reviews} reviews; "
            f"{_cards(outcome.rescheduled)} rescheduled.",
            "success",
        )
    else:
        flash("The new fit predicts your reviews no better: your parameters stay.", "info")
    return redirect(url_for("flashcards.settings"))


@bp.route("/study/settings/deck-retention", methods=["POST"])
@login_required
def deck_retention() -> Response:
    form = DeckRetentionForm()
    if not form.validate_on_submit():
        raise InputRefusal("That deck retention was not understood: " + refusal_summary(form))
    target = single(request.form.to_dict(flat=False), "next") or ""
    if target not in ("", "decide"):
        raise InputRefusal("The field 'next' can only be 'decide'.")
    session = get_session()
    deck = session.get(Deck, form.deck.data)
    if deck is None:
        abort(404)
    retention = None if form.retention.data is None else float(form.retention.data)
    moved = tuning.set_deck_retention(session, current_user.id, deck.id, retention, utcnow())
    session.commit()
    chosen = f"{retention:.2f}" if retention is not None else "your general retention"
    flash(f"{deck.title}: desired retention {chosen}; {_cards(moved)} rescheduled.", "success")
    if target == "decide":
        return redirect(url_for("flashcards.decide", slug=deck.slug))
    return redirect(url_for("flashcards.settings"))


@bp.route("/decks/<slug>/decide")
@login_required
def decide(slug: str) -> str:
    """Help me decide: a year of this deck at each desired retention, simulated."""
    scope = _scope(slug)
    session = get_session()
    workloads = tuning.deck_workloads(session, current_user.id, scope.deck)
    current = tuning.deck_retentions(session, current_user.id).get(scope.deck.id)
    return render_template(
        "flashcards/decide.html",
        deck=scope.deck,
        workloads=workloads,
        reviews_chart=charts.series_chart(
            [(f"{w.retention:.2f}", _weekly(w.reviews_per_day)) for w in workloads],
            "Reviews per day over the next year, one line per desired retention",
            ("this week", "in a year"),
        ),
        remembered_chart=charts.series_chart(
            [(f"{w.retention:.2f}", _weekly(w.remembered_per_day)) for w in workloads],
            "Cards remembered over the next year, one line per desired retention",
            ("this week", "in a year"),
        ),
        form=_deck_form(scope.deck.id, current),
        general=service.settings_for(session, current_user.id).desired_retention,
        current=current,
    )


def _weekly(values: list[Any]) -> list[float]:
    """Means of each week: a year of days is too jagged to read as ten lines."""
    return [sum(values[i : i + 7]) / len(values[i : i + 7]) for i in range(0, len(values), 7)]
