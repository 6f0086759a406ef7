"""Teachers browse the decks: the list, a deck's questions (searchable), one question with its
answer key, and the leech report."""

from __future__ import annotations

from flask import abort, render_template, request

from quizapp.db import get_session
from quizapp.flashcards.service import leech_questions
from quizapp.inputs import single
from quizapp.questions import store, types
from quizapp.questions.present import answer_key, present
from quizapp.teacher.blueprint import bp


@bp.route("/teacher/")
def decks() -> str:
    session = get_session()
    return render_template(
        "teacher/decks.html",
        decks=store.all_decks(session),
        counts=store.active_question_counts(session),
    )


@bp.route("/teacher/decks/<slug>/questions")
def questions(slug: str) -> str:
    deck = store.find_deck(get_session(), slug) or abort(404)
    args = request.args.to_dict(flat=False)
    query = (single(args, "q") or "").strip()
    topic = single(args, "topic") or ""
    kind = single(args, "type") or ""
    show_retired = single(args, "retired") == "1"
    return render_template(
        "teacher/questions.html",
        deck=deck,
        questions=store.search_questions(deck, query, topic, kind, show_retired),
        query=query,
        topic=topic,
        kind=kind,
        show_retired=show_retired,
        type_labels=types.labels(),
    )


@bp.route("/teacher/decks/<slug>/leeches")
def leeches(slug: str) -> str:
    """Questions that learners keep forgetting: a hint that the question, not the learner,
    may need work."""
    session = get_session()
    deck = store.find_deck(session, slug) or abort(404)
    return render_template("teacher/leeches.html", deck=deck, rows=leech_questions(session, deck))


@bp.route("/teacher/decks/<slug>/questions/<key>")
def question(slug: str, key: str) -> str:
    found = store.find_question(get_session(), slug, key) or abort(404)
    return render_template(
        "teacher/question.html",
        deck=found.deck,
        question=found,
        view=present(found.type, found.prompt, found.body),
        answer_lines=answer_key(found.type, found.body),
        section=found.deck.section(found.source),
    )
