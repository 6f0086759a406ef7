"""Teachers give roles: the list of accounts, and making a student a teacher or the reverse.
The page is /accounts (its address from before the teacher pages were gathered here)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.auth import accounts
from quizapp.auth.forms import RoleForm
from quizapp.db import get_session
from quizapp.formfields import refusal_summary
from quizapp.inputs import InputRefusal
from quizapp.models import Role, User
from quizapp.teacher.blueprint import bp


@bp.route("/accounts")
def users() -> str:
    return render_template(
        "teacher/accounts.html", users=accounts.everyone(get_session()), form=RoleForm()
    )


@bp.route("/accounts/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int) -> Response:
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        raise InputRefusal("That role change was not understood: " + refusal_summary(form))
    if user.id == current_user.id:
        flash("You cannot change your own role; ask another teacher.", "error")
        return redirect(url_for("teacher.users"))
    accounts.set_role(session, user, Role(form.role.data))
    session.commit()
    flash(f"{user.username} is now a {user.role}; they will log in again.", "success")
    return redirect(url_for("teacher.users"))
