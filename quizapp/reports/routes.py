"""A learner's own progress page (teachers read theirs of a student in teacher/classes.py)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user, login_required

from quizapp.reports.pages import progress_page

bp = Blueprint("reports", __name__)


@bp.route("/progress")
@login_required
def progress() -> str:
    return progress_page(current_user, None)
