"""Teachers read how a quiz of theirs worked: the item analysis page and its two CSV files."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_login import current_user

from quizapp.db import get_session
from quizapp.models import Quiz
from quizapp.quiz.service import owned_quiz
from quizapp.reports import exports, service
from quizapp.teacher.blueprint import bp
from quizapp.teacher.downloads import csv_download

TOP_ANSWERS = 5
"""Typed answers and arrangements shown per question (or cloze blank) on the page; the CSV has
them all."""


def _own_quiz(quiz_id: int) -> Quiz:
    return owned_quiz(get_session(), quiz_id, current_user.id) or abort(404)


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis")
def item_analysis(quiz_id: int) -> str:
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    return render_template(
        "teacher/analysis.html", quiz=quiz, report=report, top_answers=TOP_ANSWERS
    )


@bp.route("/teacher/quizzes/<int:quiz_id>/analysis.csv")
def item_analysis_csv(quiz_id: int) -> Response:
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    return csv_download(exports.item_analysis_csv(report), f"item-analysis-{quiz.id}.csv")


@bp.route("/teacher/quizzes/<int:quiz_id>/responses.csv")
def responses_csv(quiz_id: int) -> Response:
    quiz = _own_quiz(quiz_id)
    report = service.item_analysis(get_session(), quiz)
    return csv_download(exports.responses_csv(report), f"responses-{quiz.id}.csv")
