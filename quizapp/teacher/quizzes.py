"""Teachers set quizzes: the list of their quizzes, a new quiz for a deck, editing one."""

from __future__ import annotations

from datetime import UTC

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.db import get_session
from quizapp.formfields import form_status
from quizapp.models import Deck, Quiz, QuizKind
from quizapp.questions import store, types
from quizapp.quiz import service
from quizapp.quiz.forms import QuizSetupForm
from quizapp.teacher.blueprint import bp


@bp.route("/teacher/quizzes")
def quizzes() -> str:
    session = get_session()
    return render_template(
        "teacher/quizzes.html",
        quizzes=service.teacher_quizzes(session, current_user.id),
        decks=store.all_decks(session),
    )


@bp.route("/teacher/decks/<slug>/quizzes/new", methods=["GET", "POST"])
def new_quiz(slug: str) -> tuple[str, int] | Response:
    found = store.find_deck(get_session(), slug) or abort(404)
    form = _setup_form(found)
    if form.validate_on_submit():
        quiz = Quiz(deck_id=found.id, owner_id=current_user.id, kind=QuizKind.ASSIGNED)
        if _apply_setup(form, quiz, found):
            session = get_session()
            session.add(quiz)
            session.commit()
            flash(f"Quiz “{quiz.title}” saved.", "success")
            return redirect(url_for("teacher.quizzes"))
    page = render_template("teacher/quiz_setup.html", form=form, deck=found, quiz=None)
    return page, form_status(form)


@bp.route("/teacher/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
def edit_quiz(quiz_id: int) -> tuple[str, int] | Response:
    session = get_session()
    quiz = service.owned_quiz(session, quiz_id, current_user.id) or abort(404)
    form = _setup_form(quiz.deck, quiz)
    if form.validate_on_submit() and _apply_setup(form, quiz, quiz.deck):
        session.commit()
        flash(f"Quiz “{quiz.title}” saved.", "success")
        return redirect(url_for("teacher.quizzes"))
    page = render_template("teacher/quiz_setup.html", form=form, deck=quiz.deck, quiz=quiz)
    return page, form_status(form)


def _setup_form(deck: Deck, quiz: Quiz | None = None) -> QuizSetupForm:
    form = QuizSetupForm(obj=quiz)
    form.topics.choices = {t["id"]: t["title"] for t in deck.topics}
    form.types.choices = types.labels()
    if quiz is not None and request.method == "GET":
        form.types.data = quiz.question_types
        form.question_keys.data = " ".join(quiz.question_keys)
        form.opens_at.data = quiz.opens_at.replace(tzinfo=None) if quiz.opens_at else None
        form.closes_at.data = quiz.closes_at.replace(tzinfo=None) if quiz.closes_at else None
    return form


def _apply_setup(form: QuizSetupForm, quiz: Quiz, deck: Deck) -> bool:
    """Copy the form onto the quiz; False (with the form's errors set) if it cannot work."""
    keys = (form.question_keys.data or "").replace(",", " ").split()
    known = {q.key for q in deck.questions if not q.is_retired}
    unknown = [k for k in keys if k not in known]
    if unknown:
        form.question_keys.errors = [
            *form.question_keys.errors,
            "Not in this deck: " + ", ".join(unknown[:10]),
        ]
        return False
    quiz.title = form.title.data.strip()
    quiz.topics = form.topics.data or []
    quiz.question_types = form.types.data or []
    quiz.question_keys = keys
    quiz.question_count = form.question_count.data
    quiz.time_limit_minutes = form.time_limit_minutes.data
    quiz.max_attempts = form.max_attempts.data
    quiz.feedback = form.feedback.data
    quiz.pass_percent = form.pass_percent.data
    quiz.shuffle_questions = form.shuffle_questions.data
    quiz.shuffle_options = form.shuffle_options.data
    quiz.one_per_page = form.one_per_page.data
    quiz.closes_study = form.closes_study.data
    quiz.opens_at = form.opens_at.data.replace(tzinfo=UTC) if form.opens_at.data else None
    quiz.closes_at = form.closes_at.data.replace(tzinfo=UTC) if form.closes_at.data else None
    if not service.eligible_questions(get_session(), quiz):
        form.topics.errors = [
            *form.topics.errors,
            "No question of this deck matches these choices.",
        ]
        return False
    return True
