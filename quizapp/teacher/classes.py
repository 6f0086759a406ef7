"""Teachers' classes: the list (and a new class), a class's report, assigning a quiz, a
student's progress page and the class gradebook as CSV."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from quizapp.classes import service as class_service
from quizapp.db import get_session
from quizapp.inputs import InputRefusal, parse_id, required, single
from quizapp.models import SchoolClass, utcnow
from quizapp.questions import store
from quizapp.quiz import service as quizzes
from quizapp.reports import exports
from quizapp.reports import service as reports
from quizapp.reports.pages import progress_page
from quizapp.teacher.blueprint import bp
from quizapp.teacher.downloads import csv_download


def _own_class(class_id: int) -> SchoolClass:
    return class_service.owned_class(get_session(), class_id, current_user.id) or abort(404)


@bp.route("/teacher/classes", methods=["GET", "POST"])
def classes() -> str | BaseResponse:
    session = get_session()
    if request.method == "POST":
        name = (single(request.form.to_dict(flat=False), "name") or "").strip()
        if not name or len(name) > class_service.MAX_NAME:
            raise InputRefusal(
                f"Give the class a name of up to {class_service.MAX_NAME} characters."
            )
        created = class_service.create_class(session, current_user.id, name)
        session.commit()
        flash(
            f"Class “{name}” created. Students join with the code {created.join_code}.", "success"
        )
        return redirect(url_for("teacher.class_report", class_id=created.id))
    return render_template(
        "teacher/classes.html", classes=class_service.teacher_classes(session, current_user.id)
    )


def _wanted_deck() -> str:
    return single(request.args.to_dict(flat=False), "deck") or ""


@bp.route("/teacher/classes/<int:class_id>")
def class_report(class_id: int) -> str:
    session = get_session()
    school_class = _own_class(class_id)
    deck = reports.report_deck(session, school_class, _wanted_deck())
    return render_template(
        "teacher/class_report.html",
        school_class=school_class,
        deck=deck,
        decks=store.all_decks(session),
        rows=reports.class_rows(session, school_class, deck, utcnow()),
        quizzes=quizzes.teacher_quizzes(session, current_user.id),
    )


@bp.route("/teacher/classes/<int:class_id>/quizzes", methods=["POST"])
def assign_quiz(class_id: int) -> BaseResponse:
    session = get_session()
    school_class = _own_class(class_id)
    quiz_id = parse_id(required(request.form.to_dict(flat=False), "quiz"), "quiz")
    quiz = quizzes.owned_quiz(session, quiz_id, current_user.id) or abort(404)
    class_service.assign(session, school_class, quiz)
    session.commit()
    flash(f"“{quiz.title}” is assigned to {school_class.name}.", "success")
    return redirect(url_for("teacher.class_report", class_id=class_id))


@bp.route("/teacher/classes/<int:class_id>/students/<int:user_id>")
def student_page(class_id: int, user_id: int) -> str:
    school_class = _own_class(class_id)
    member = class_service.member(get_session(), school_class, user_id) or abort(404)
    return progress_page(member.user, school_class)


@bp.route("/teacher/classes/<int:class_id>/gradebook.csv")
def gradebook(class_id: int) -> Response:
    session = get_session()
    school_class = _own_class(class_id)
    deck = reports.report_deck(session, school_class, _wanted_deck())
    rows = reports.class_rows(session, school_class, deck, utcnow())
    return csv_download(exports.gradebook_csv(rows, deck), f"gradebook-{school_class.id}.csv")
