"""Learners' progress page; teachers' classes, class reports, student pages and CSV exports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from quizapp.auth.decorators import teacher_required
from quizapp.db import get_session
from quizapp.inputs import InputRefusal, parse_id, required, single
from quizapp.models import ClassMember, ClassQuiz, Deck, Quiz, SchoolClass, User, utcnow
from quizapp.reports import charts, service
from quizapp.reports.csvsafe import to_csv
from quizapp.reports.statistics import ItemStats

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
        code = (single(_form(), "code") or "").strip().upper().replace(" ", "")
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


def _form() -> dict[str, list[str]]:
    return request.form.to_dict(flat=False)


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
        name = (single(_form(), "name") or "").strip()
        if not name or len(name) > 120:
            raise InputRefusal("Give the class a name of up to 120 characters.")
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
    wanted = single(request.args.to_dict(flat=False), "deck") or ""
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
    quiz = session.get(Quiz, parse_id(required(_form(), "quiz"), "quiz"))
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


TOP_ANSWERS = 5
"""Typed answers and arrangements shown per question (or cloze blank) on the page; the CSV has
them all."""


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis")
@teacher_required
def item_analysis(quiz_id: int) -> str:
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    return render_template(
        "reports/analysis.html", quiz=quiz, report=report, top_answers=TOP_ANSWERS
    )


def _figure(value: float | None, scale: float = 1.0) -> float | None:
    return None if value is None else round(value * scale, 2)


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis.csv")
@teacher_required
def item_analysis_csv(quiz_id: int) -> Response:
    """One row per whole-quiz figure, per slot and per question drawn at random, told apart by
    the first column; a figure not given is blank, with the reason in the last column."""
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    analysis, questions = report.analysis, report.questions
    header = [
        "row",
        "slot",
        "question",
        "prompt",
        "value",
        "attempts",
        "facility %",
        "standard deviation %",
        "discrimination index",
        "discriminative efficiency",
        "effective weight %",
        "intended weight %",
        "flags",
        "note",
    ]
    test = analysis.test
    body: list[list[object]] = [
        [
            "quiz",
            None,
            label,
            None,
            _figure(getattr(test, name), scale),
            test.attempts,
            *([None] * 7),
            analysis.notes.get(name),
        ]
        for name, label, scale in QUIZ_FIGURES
    ]
    for item, held, weight in zip(
        analysis.slots, analysis.slot_questions, analysis.intended_weights, strict=True
    ):
        single = questions[held[0]] if len(held) == 1 else None
        body.append(
            [
                "slot",
                item.slot,
                single.key if single else f"{len(held)} questions at random",
                single.prompt if single else None,
                None,
                *_item_cells(item),
                _figure(item.effective_weight),
                _figure(weight),
                "; ".join(item.flags),
                "; ".join(filter(None, [_blank_note(item), _weight_note(item)])) or None,
            ]
        )
    for drawn in analysis.drawn:
        question = questions[drawn.question]
        body.append(
            [
                "drawn question",
                " ".join(map(str, drawn.slots)),
                question.key,
                question.prompt,
                None,
                *_item_cells(drawn.stats),
                None,
                None,
                "; ".join(drawn.stats.flags),
                "; ".join(
                    filter(
                        None,
                        [
                            "discrimination against the attempt's whole total",
                            _blank_note(drawn.stats),
                        ],
                    )
                ),
            ]
        )
    return _csv(to_csv(header, body), f"item-analysis-{quiz.id}.csv")


QUIZ_FIGURES = [
    ("mean", "mean", 1.0),
    ("median", "median", 1.0),
    ("sd", "standard deviation", 1.0),
    ("skewness", "skewness", 1.0),
    ("kurtosis", "kurtosis", 1.0),
    ("cronbach_alpha", "Cronbach's alpha %", 100.0),
    ("error_ratio", "error ratio %", 100.0),
    ("standard_error", "standard error", 1.0),
]
"""The whole-quiz figures of the CSV: TestStats field, label, scale."""


BLANK_FIGURE = "a blank figure is not defined: fewer than 2 attempts, or a mark that never varied"


def _blank_note(item: ItemStats) -> str | None:
    figures = (item.facility, item.sd, item.discrimination_index, item.discriminative_efficiency)
    return BLANK_FIGURE if None in figures else None


def _weight_note(item: ItemStats) -> str | None:
    if item.effective_weight is None and (item.covariance_with_total or 0) < 0:
        return "no effective weight: the slot's marks run against the total"
    return None


def _item_cells(item: ItemStats) -> list[object]:
    return [
        item.attempts,
        _figure(item.facility, 100),
        _figure(item.sd, 100),
        _figure(item.discrimination_index),
        _figure(item.discriminative_efficiency),
    ]


@bp.route("/teacher/quizzes/<int:quiz_id>/responses.csv")
@teacher_required
def responses_csv(quiz_id: int) -> Response:
    """Response analysis: one row per distinct answer to each question, every one of them."""
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    header = ["question", "prompt", "type", "blank", "answer", "code", "right or accepted"]
    header += ["times given", "% of responses"]
    body: list[list[object]] = []
    for question_id, tallied in report.responses.items():
        question = report.questions[question_id]
        start = [question.key, question.prompt, question.type]
        share = 100 / tallied.responses
        for answer in tallied.answers:
            body.append(
                [*start, answer.part, answer.text, answer.code, answer.right, answer.count]
                + [round(answer.count * share, 2)]
            )
        for part, times in tallied.unanswered_parts:
            body.append([*start, part, "(blank)", None, False, times, round(times * share, 2)])
        if tallied.unanswered:
            times = tallied.unanswered
            body.append([*start, None, "(no answer)", None, False, times, round(times * share, 2)])
    return _csv(to_csv(header, body), f"responses-{quiz.id}.csv")
