"""Register, log in, log out, and the teachers' list of accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.auth import accounts
from quizapp.auth.forms import LoginForm, RegisterForm, RoleForm
from quizapp.auth.passwords import MIN_LENGTH
from quizapp.db import get_session
from quizapp.extensions import limiter
from quizapp.models import Role, User

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _register_limit() -> str:
    return str(current_app.config["REGISTER_RATE_LIMIT"])


def safe_next(target: str | None) -> str | None:
    """A path on this site to return to after logging in, or None for anything else."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            user = accounts.create_user(db, form.username.data, form.password.data)
        except accounts.AccountError as exc:
            db.rollback()
            field = form.password if exc.field == "password" else form.username
            field.errors = [*field.errors, str(exc)]
        else:
            db.commit()
            _start_session(user)
            flash(f"Welcome, {user.username}! Your account is ready.", "success")
            return redirect(url_for("main.index"))
    return render_template(
        "auth/register.html",
        form=form,
        username_rule=accounts.USERNAME_RULE,
        min_length=MIN_LENGTH,
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(
            get_session(write=False), form.username.data, form.password.data
        )
        if user is None:
            form.password.errors = [*form.password.errors, "Wrong username or password."]
        else:
            _start_session(user)
            flash(f"Logged in as {user.username}.", "success")
            return redirect(next_url or url_for("main.index"))
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    session.clear()
    flash("You have logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/accounts")
@login_required
def users() -> str:
    _require_teacher()
    people = get_session().scalars(select(User).order_by(User.role.desc(), User.username)).all()
    return render_template("auth/users.html", users=people, form=RoleForm())


@bp.route("/accounts/<int:user_id>/role", methods=["POST"])
@login_required
def change_role(user_id: int) -> Response:
    _require_teacher()
    db = get_session()
    user = db.get(User, user_id)
    if user is None:
        abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("That role change was not understood; nothing changed.", "error")
        return redirect(url_for("auth.users"))
    if user.id == current_user.id:
        flash("You cannot change your own role; ask another teacher.", "error")
        return redirect(url_for("auth.users"))
    accounts.set_role(db, user, Role(form.role.data))
    db.commit()
    flash(f"{user.username} is now a {user.role}.", "success")
    return redirect(url_for("auth.users"))


def _require_teacher() -> None:
    if not current_user.is_teacher:
        abort(403)


def _start_session(user: User) -> None:
    # A fresh session at log-in: nothing from before survives into the signed-in one.
    session.clear()
    session.permanent = True
    login_user(user)
