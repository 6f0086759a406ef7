"""Students take quizzes (teachers set them up in teacher/quizzes.py). Views parse, call the
service, redirect."""

from __future__ import annotations

import math
from datetime import datetime

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.db import get_session
from quizapp.flashcards import service as flashcards
from quizapp.flashcards.service import Scope
from quizapp.formfields import refusal_summary
from quizapp.inputs import (
    MAX_ID,
    InputRefusal,
    parse_id,
    parse_small_int,
    required,
    single,
    topic_list,
)
from quizapp.models import Attempt, AttemptSlot, Deck, Feedback, Quiz, utcnow
from quizapp.questions import types
from quizapp.quiz import holds, rules, service
from quizapp.quiz.forms import PracticeForm
from quizapp.quiz.holds import AnswerWithheld
from quizapp.quiz.rules import QuizRefusal

bp = Blueprint("quiz", __name__)


@bp.app_errorhandler(AnswerWithheld)
def withheld(error: AnswerWithheld) -> tuple[str, int]:
    """Anywhere in the app: the reason an answer is held back, with the ways on."""
    return render_template("quiz/withheld.html", message=str(error), links=error.links), 403


def _refuse_practice_if_study_closed(deck: Deck, what: str = "a practice quiz") -> None:
    hold = holds.study_closed_by(get_session(), current_user, deck.id, utcnow())
    if hold is not None:
        raise AnswerWithheld(
            holds.held_message(hold, what),
            [("Back to the deck", url_for("quiz.deck", slug=deck.slug))],
        )


# Students: decks and starting quizzes


@bp.route("/decks")
@login_required
def decks() -> str:
    return render_template(
        "quiz/decks.html", decks=get_session().scalars(select(Deck).order_by(Deck.title)).all()
    )


def _deck(slug: str) -> Deck:
    deck = get_session().scalars(select(Deck).where(Deck.slug == slug)).one_or_none()
    return deck or abort(404)


def _practice_form(deck: Deck) -> PracticeForm:
    form = PracticeForm()
    form.topics.choices = {t["id"]: t["title"] for t in deck.topics}
    form.types.choices = types.labels()
    return form


@bp.route("/decks/<slug>")
@login_required
def deck(slug: str) -> str:
    found = _deck(slug)
    session = get_session()
    now = utcnow()
    open_quizzes = service.open_quizzes(session, found, current_user, now)
    recent = session.scalars(
        select(Attempt)
        .join(Quiz)
        .where(Attempt.user_id == current_user.id, Quiz.deck_id == found.id)
        .order_by(Attempt.started_at.desc())
        .limit(5)
    ).all()
    return render_template(
        "quiz/deck.html",
        deck=found,
        form=_practice_form(found),
        open_quizzes=open_quizzes,
        recent=recent,
        question_count=service.active_question_count(session, found),
        study_closed=holds.study_closed_by(session, current_user, found.id, now),
    )


@bp.route("/decks/<slug>/practice", methods=["POST"])
@login_required
def practice(slug: str) -> Response:
    found = _deck(slug)
    _refuse_practice_if_study_closed(found)
    form = _practice_form(found)
    if not form.validate_on_submit():
        raise InputRefusal("Those practice settings were not understood: " + refusal_summary(form))
    session = get_session()
    quiz = service.practice_quiz(
        session,
        found,
        current_user,
        topics=form.topics.data or [],
        types=form.types.data or [],
        count=form.count.data,
    )
    attempt = service.start_attempt(session, quiz, current_user, utcnow())
    session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.route("/decks/<slug>/weak-points", methods=["POST"])
@login_required
def weak_points(slug: str) -> Response:
    """A practice quiz on the learner's weakest cards (flashcards' weak points: the lowest
    recall now), in the topics the page was showing."""
    found = _deck(slug)
    _refuse_practice_if_study_closed(found, "its cards")
    known = {t["id"] for t in found.topics}
    topics = tuple(t for t in topic_list(request.values.getlist("topics")) if t in known)
    session = get_session()
    now = utcnow()
    weakest = flashcards.weakest(session, current_user.id, Scope(found, topics), now, limit=10)
    if not weakest:
        flash(
            "Study or take a quiz first: there are no reviewed cards to find weak points in.",
            "info",
        )
        return redirect(url_for("quiz.deck", slug=slug))
    quiz = service.practice_quiz(
        session,
        found,
        current_user,
        topics=[],
        types=[],
        keys=[question.key for question, _ in weakest],
        count=len(weakest),
        title=f"Weak points: {found.title}",
    )
    attempt = service.start_attempt(session, quiz, current_user, now)
    session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.route("/quizzes/<int:quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: int) -> Response:
    session = get_session()
    quiz = session.get(Quiz, quiz_id) or abort(404)
    attempt = service.start_attempt(session, quiz, current_user, utcnow())
    session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


# Taking an attempt


def _load(attempt_id: int, now: datetime | None = None) -> Attempt:
    """The student's own attempt, closed first if its time ran out (the results page says so)."""
    session = get_session()
    attempt = service.owned_attempt(session, attempt_id, current_user)
    if service.expire_if_due(session, attempt, now or utcnow()):
        session.commit()
    return attempt


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int) -> Response | str:
    current = _load(attempt_id)
    if current.is_finished:
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    if not current.quiz.one_per_page:
        return _render_attempt(current, current.slots)
    unanswered = next((s for s in current.slots if s.response is None), current.slots[0])
    return redirect(url_for("quiz.question", attempt_id=attempt_id, number=unanswered.position + 1))


@bp.route("/attempts/<int:attempt_id>/q/<int:number>")
@login_required
def question(attempt_id: int, number: int) -> Response | str:
    current = _load(attempt_id)
    if current.is_finished:
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    if not 1 <= number <= len(current.slots):
        abort(404)
    return _render_attempt(current, [current.slots[number - 1]], number=number)


def _render_attempt(current: Attempt, slots: list[AttemptSlot], number: int | None = None) -> str:
    reveal = current.quiz.feedback == Feedback.IMMEDIATE
    now = utcnow()
    hidden = holds.hidden_in_attempt(get_session(), current_user, current, now)
    # Rounded up: the countdown must not reach zero before the deadline itself.
    seconds_left = (
        max(0, math.ceil((current.deadline_at - now).total_seconds()))
        if current.deadline_at
        else None
    )
    return render_template(
        "quiz/attempt.html",
        attempt=current,
        quiz=current.quiz,
        views=[service.slot_view(slot, reveal, hidden.get(slot.id)) for slot in slots],
        number=number,
        total=len(current.slots),
        answered=sum(1 for s in current.slots if s.response is not None),
        seconds_left=seconds_left,
    )


SAVE_ACTIONS = ("save", "check", "next", "prev", "review", "finish")


@bp.route("/attempts/<int:attempt_id>/save", methods=["POST"])
@login_required
def save(attempt_id: int) -> Response:
    session = get_session()
    now = utcnow()
    current = _load(attempt_id, now)
    if current.is_finished:
        if service.ran_out_of_time(current):
            return _time_up(current)
        raise QuizRefusal("This attempt is finished; its answers can no longer change.", 409)
    form = request.form.to_dict(flat=False)
    revision = parse_small_int(required(form, "revision"), "revision", 0, MAX_ID)
    action, slot_ids = _save_action(form, current)
    open_ids = [i for i in slot_ids if not _is_final(current, i)]
    if action == "check":
        if len(open_ids) < len(slot_ids):
            raise QuizRefusal("That answer is already final and cannot change.", 409)
        _refuse_check_if_held(current, open_ids, now)
    if action == "finish":
        _refuse_finish_if_held(current, now)
    service.save_answers(session, current, revision, form, open_ids, now, check=action == "check")
    if action == "finish":
        service.finish_attempt(session, current, current.revision, now)
    session.commit()
    if _wants_json():
        return jsonify(revision=current.revision)
    return redirect(_next_page(current, action, slot_ids))


def _save_action(form: dict[str, list[str]], current: Attempt) -> tuple[str, list[int]]:
    """The save form's action and the slots it sends, refused if the page could not send them."""
    action = single(form, "action") or "save"
    if action not in SAVE_ACTIONS:
        raise InputRefusal(f"The field 'action' must be one of: {', '.join(SAVE_ACTIONS)}.")
    slot_ids = [parse_id(raw, "slot") for raw in form.get("slot", [])]
    if len(set(slot_ids)) < len(slot_ids):
        raise InputRefusal("The field 'slot' names the same question twice.")
    if action == "check" and current.quiz.feedback != Feedback.IMMEDIATE:
        raise InputRefusal("This quiz gives feedback only at the end: nothing to check yet.")
    return action, slot_ids


def _refuse_check_if_held(current: Attempt, slot_ids: list[int], now: datetime) -> None:
    """Checking shows the key: refused, with nothing saved, for a question held back."""
    hidden = holds.hidden_in_attempt(get_session(), current_user, current, now)
    hold = next((hidden[i] for i in slot_ids if i in hidden), None)
    if hold is None:
        return
    position = next(s.position for s in current.slots if s.id in hidden and s.id in slot_ids)
    links = [
        (
            "Back to this question",
            url_for("quiz.question", attempt_id=current.id, number=position + 1)
            if current.quiz.one_per_page
            else url_for("quiz.attempt", attempt_id=current.id),
        )
    ]
    if hold.attempt_id is not None:
        links.append(("Go to your quiz", url_for("quiz.attempt", attempt_id=hold.attempt_id)))
    raise AnswerWithheld(
        holds.held_message(hold, "its answer")
        + " Nothing was checked or saved: go back, and save your answer to check it later.",
        links,
    )


def _refuse_finish_if_held(current: Attempt, now: datetime) -> None:
    hidden = holds.hidden_in_attempt(get_session(), current_user, current, now)
    hold = holds.blocks_finishing(current, hidden)
    if hold is None:
        return
    links = [("Back to this practice quiz", url_for("quiz.attempt", attempt_id=current.id))]
    if hold.attempt_id is None:
        message = (
            f"Your teacher closed practice of this deck while the quiz “{hold.quiz_title}” is "
            "open: this practice quiz can be finished once it closes."
        )
    else:
        links.append(("Go to your quiz", url_for("quiz.attempt", attempt_id=hold.attempt_id)))
        message = (
            f"This practice quiz asks questions of your quiz “{hold.quiz_title}”, which you have "
            "not finished yet: finish that quiz first, then this one. Its marks now would give "
            "that quiz's answers away."
        )
    raise AnswerWithheld(message + " Nothing was changed.", links)


def _wants_json() -> bool:
    return request.headers.get("Accept") == "application/json"


def _time_up(current: Attempt) -> Response:
    """The answer to a save that came after the time limit: what was kept, and the results."""
    message = service.time_up_message(current)
    target = url_for("quiz.results", attempt_id=current.id)
    if _wants_json():
        answer = jsonify(time_up=True, message=message, results=target)
        answer.status_code = 409
        return answer
    return redirect(target)


def _is_final(current: Attempt, slot_id: int) -> bool:
    return any(s.id == slot_id and s.is_final for s in current.slots)


def _next_page(current: Attempt, action: str, slot_ids: list[int]) -> str:
    if current.is_finished:
        return url_for("quiz.results", attempt_id=current.id)
    if action == "review":
        return url_for("quiz.review", attempt_id=current.id)
    if not current.quiz.one_per_page or not slot_ids:
        return url_for("quiz.attempt", attempt_id=current.id)
    position = next((s.position for s in current.slots if s.id == slot_ids[0]), 0)
    step = {"next": 1, "prev": -1}.get(action, 0)
    target = min(max(position + step, 0), len(current.slots) - 1)
    if action == "next" and position == len(current.slots) - 1:
        return url_for("quiz.review", attempt_id=current.id)
    return url_for("quiz.question", attempt_id=current.id, number=target + 1)


@bp.route("/attempts/<int:attempt_id>/review")
@login_required
def review(attempt_id: int) -> Response | str:
    current = _load(attempt_id)
    if current.is_finished:
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    return render_template("quiz/review.html", attempt=current, quiz=current.quiz)


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@login_required
def finish(attempt_id: int) -> Response:
    session = get_session()
    now = utcnow()
    current = _load(attempt_id, now)
    if current.is_finished:
        if not service.ran_out_of_time(current):
            flash("This attempt was already submitted; nothing changed.", "info")
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    revision = parse_small_int(
        required(request.form.to_dict(flat=False), "revision"), "revision", 0, MAX_ID
    )
    _refuse_finish_if_held(current, now)
    service.finish_attempt(session, current, revision, now)
    session.commit()
    return redirect(url_for("quiz.results", attempt_id=attempt_id))


@bp.route("/attempts/<int:attempt_id>/results")
@login_required
def results(attempt_id: int) -> Response | str:
    current = _load(attempt_id)
    if not current.is_finished:
        return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
    percent = rules.percent(current.score or 0.0, current.max_score)
    quiz = current.quiz
    hidden = holds.hidden_in_attempt(get_session(), current_user, current, utcnow())
    return render_template(
        "quiz/results.html",
        attempt=current,
        quiz=quiz,
        percent=percent,
        passed=percent >= quiz.pass_percent,
        duration=(current.finished_at or current.started_at) - current.started_at,
        views=[service.slot_view(slot, True, hidden.get(slot.id)) for slot in current.slots],
        missed=service.missed_keys(current),
        can_retake=service.can_start(get_session(), quiz, current_user, utcnow()),
        time_up=service.time_up_message(current) if service.ran_out_of_time(current) else None,
    )


@bp.route("/attempts/<int:attempt_id>/practice-missed", methods=["POST"])
@login_required
def practice_missed(attempt_id: int) -> Response:
    session = get_session()
    current = service.owned_attempt(session, attempt_id, current_user)
    _refuse_practice_if_study_closed(current.quiz.deck)
    keys = service.missed_keys(current) if current.is_finished else []
    if not keys:
        flash("Nothing was missed in that attempt: well done.", "info")
        return redirect(url_for("quiz.results", attempt_id=attempt_id))
    quiz = service.practice_quiz(
        session,
        current.quiz.deck,
        current_user,
        topics=[],
        types=[],
        keys=keys,
        count=len(keys),
        title=f"Missed questions: {current.quiz.title}",
    )
    attempt = service.start_attempt(session, quiz, current_user, utcnow())
    session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.route("/history")
@login_required
def history() -> str:
    attempts = (
        get_session()
        .scalars(
            select(Attempt)
            .where(Attempt.user_id == current_user.id)
            .order_by(Attempt.started_at.desc())
            .limit(200)
        )
        .all()
    )
    return render_template("quiz/history.html", attempts=attempts, percent=rules.percent)
