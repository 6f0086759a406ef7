"""A learner's classes: the list, and joining one with the code the teacher gave."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp.classes import service
from quizapp.db import get_session
from quizapp.inputs import single

bp = Blueprint("classes", __name__)


@bp.route("/classes", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    session = get_session()
    if request.method == "POST":
        found = service.join(
            session, single(request.form.to_dict(flat=False), "code") or "", current_user.id
        )
        if found is None:
            flash("No class has that code. Check it with your teacher.", "error")
        else:
            flash(f"You are in the class “{found.name}”.", "success")
        return redirect(url_for("classes.index"))
    return render_template(
        "classes/index.html", classes=service.student_classes(session, current_user.id)
    )
