"""Learners' progress page; teachers' classes, class reports, student pages and CSV exports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from quizapp.auth.decorators import teacher_required
from quizapp.db import get_session
from quizapp.models import ClassMember, ClassQuiz, Deck, Quiz, SchoolClass, User, utcnow
from quizapp.reports import charts, service
from quizapp.reports.csvsafe import to_csv

bp = Blueprint("reports", __name__)


def _progress_page(user: User, template: str, **extra: object) -> str:
    data = service.learner_progress(get_session(), user.id, utcnow())
    return render_template(
        template,
        learner=user,
        data=data,
        score_chart=charts.line_chart(data.quiz_points, "Quiz scores over time, in percent"),
        heat_chart=charts.heatmap(data.heatmap, "Reviews per day over the past year"),
        forecast_chart=charts.bar_chart(
            [(day.strftime("%d"), count) for day, count in data.forecast],
            "Reviews due in each of the next 14 days",
        ),
        **extra,
    )


@bp.route("/progress")
@login_required
def progress() -> str:
    return _progress_page(current_user, "reports/progress.html", school_class=None)


# Students and classes


@bp.route("/classes", methods=["GET", "POST"])
@login_required
def classes() -> str | BaseResponse:
    session = get_session()
    if request.method == "POST":
        code = request.form.get("code", "").strip().upper().replace(" ", "")
        found = session.scalars(select(SchoolClass).where(SchoolClass.join_code == code)).first()
        if found is None:
            flash("No class has that code. Check it with your teacher.", "error")
            return redirect(url_for("reports.classes"))
        if session.get(ClassMember, (found.id, current_user.id)) is None:
            try:
                session.add(ClassMember(class_id=found.id, user_id=current_user.id))
                session.commit()
            except IntegrityError:
                session.rollback()
        flash(f"You are in the class “{found.name}”.", "success")
        return redirect(url_for("reports.classes"))
    return render_template(
        "reports/classes.html", classes=service.student_classes(session, current_user.id)
    )


def _own_class(class_id: int) -> SchoolClass:
    found = get_session().get(SchoolClass, class_id)
    if found is None or found.teacher_id != current_user.id:
        abort(404)
    return found


@bp.route("/teacher/classes", methods=["GET", "POST"])
@teacher_required
def teacher_classes() -> str | BaseResponse:
    session = get_session()
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        if not name or len(name) > 120:
            flash("Give the class a name of up to 120 characters.", "error")
            return redirect(url_for("reports.teacher_classes"))
        created = SchoolClass(
            teacher_id=current_user.id, name=name, join_code=service.new_join_code()
        )
        session.add(created)
        session.commit()
        flash(
            f"Class “{name}” created. Students join with the code {created.join_code}.", "success"
        )
        return redirect(url_for("reports.class_report", class_id=created.id))
    return render_template(
        "reports/teacher_classes.html", classes=service.teacher_classes(session, current_user.id)
    )


def _report_deck(school_class: SchoolClass) -> Deck | None:
    session = get_session()
    wanted = request.args.get("deck", "")
    decks = {quiz.deck.slug: quiz.deck for quiz in school_class.quizzes}
    if wanted:
        return session.scalars(select(Deck).where(Deck.slug == wanted)).first()
    if decks:
        return next(iter(decks.values()))
    return session.scalars(select(Deck).order_by(Deck.title)).first()


@bp.route("/teacher/classes/<int:class_id>")
@teacher_required
def class_report(class_id: int) -> str:
    session = get_session()
    school_class = _own_class(class_id)
    deck = _report_deck(school_class)
    rows = service.class_rows(session, school_class, deck, utcnow())
    own_quizzes = session.scalars(
        select(Quiz).where(Quiz.owner_id == current_user.id, Quiz.kind == "assigned")
    ).all()
    return render_template(
        "reports/class_report.html",
        school_class=school_class,
        deck=deck,
        decks=session.scalars(select(Deck).order_by(Deck.title)).all(),
        rows=rows,
        quizzes=own_quizzes,
    )


@bp.route("/teacher/classes/<int:class_id>/quizzes", methods=["POST"])
@teacher_required
def assign_quiz(class_id: int) -> BaseResponse:
    session = get_session()
    school_class = _own_class(class_id)
    raw = request.form.get("quiz", "")
    quiz = session.get(Quiz, int(raw)) if raw.isdigit() else None
    if quiz is None or quiz.owner_id != current_user.id or quiz.kind != "assigned":
        abort(404)
    if session.get(ClassQuiz, (school_class.id, quiz.id)) is None:
        session.add(ClassQuiz(class_id=school_class.id, quiz_id=quiz.id))
        session.commit()
    flash(f"“{quiz.title}” is assigned to {school_class.name}.", "success")
    return redirect(url_for("reports.class_report", class_id=class_id))


@bp.route("/teacher/classes/<int:class_id>/students/<int:user_id>")
@teacher_required
def student_page(class_id: int, user_id: int) -> str:
    school_class = _own_class(class_id)
    member = get_session().get(ClassMember, (school_class.id, user_id))
    if member is None:
        abort(404)
    return _progress_page(member.user, "reports/progress.html", school_class=school_class)


@bp.route("/teacher/classes/<int:class_id>/gradebook.csv")
@teacher_required
def gradebook(class_id: int) -> Response:
    school_class = _own_class(class_id)
    deck = _report_deck(school_class)
    rows = service.class_rows(get_session(), school_class, deck, utcnow())
    topics = [t["id"] for t in deck.topics] if deck else []
    header = [
        "username",
        "finished attempts",
        "mean quiz score %",
        "reviews in the last 7 days",
        "last active (UTC)",
        *[f"mastery {topic} %" for topic in topics],
        "falling behind",
    ]
    body = [
        [
            row.user.username,
            row.attempts,
            row.mean_score,
            row.reviews_week,
            row.last_active.strftime("%Y-%m-%d %H:%M") if row.last_active else None,
            *[row.mastery.get(topic) for topic in topics],
            "; ".join(row.behind),
        ]
        for row in rows
    ]
    return _csv(to_csv(header, body), f"gradebook-{school_class.id}.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _own_quiz(quiz_id: int) -> Quiz:
    quiz = get_session().get(Quiz, quiz_id)
    if quiz is None or quiz.owner_id != current_user.id or quiz.kind != "assigned":
        abort(404)
    return quiz


def _analysis(
    quiz: Quiz,
) -> tuple[list[service.AnalysisColumn], list[list[float | None]], Any, list[Any]]:
    from quizapp.reports.statistics import item_analysis

    columns, marks = service.quiz_marks(get_session(), quiz)
    test, items = item_analysis(marks, [1.0] * len(columns))
    return columns, marks, test, items


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis")
@teacher_required
def item_analysis(quiz_id: int) -> str:
    quiz = _own_quiz(quiz_id)
    columns, marks, test, items = _analysis(quiz)
    # With questions drawn at random, an attempt is marked out of the questions it had,
    # not out of every question the analysis covers.
    per_attempt = max((sum(m is not None for m in row) for row in marks), default=0)
    return render_template(
        "reports/analysis.html",
        quiz=quiz,
        rows=list(zip(columns, items, strict=True)),
        test=test,
        out_of=per_attempt,
    )


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis.csv")
@teacher_required
def item_analysis_csv(quiz_id: int) -> Response:
    quiz = _own_quiz(quiz_id)
    columns, _marks, _test, items = _analysis(quiz)
    header = [
        "question",
        "prompt",
        "attempts",
        "facility %",
        "standard deviation %",
        "discrimination index",
        "discriminative efficiency",
        "effective weight %",
        "flags",
    ]
    body = [
        [
            column.key,
            column.prompt,
            item.attempts,
            None if item.facility is None else round(100 * item.facility, 2),
            None if item.sd is None else round(100 * item.sd, 2),
            None if item.discrimination_index is None else round(item.discrimination_index, 2),
            None
            if item.discriminative_efficiency is None
            else round(item.discriminative_efficiency, 2),
            None if item.effective_weight is None else round(item.effective_weight, 2),
            "; ".join(item.flags),
        ]
        for column, item in zip(columns, items, strict=True)
    ]
    return _csv(to_csv(header, body), f"item-analysis-{quiz.id}.csv")
