"""Register, log in, log out (here or everywhere), the account page, and teachers' accounts list."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp.auth import accounts, sessions
from quizapp.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from quizapp.auth.passwords import MIN_LENGTH
from quizapp.db import get_session
from quizapp.extensions import limiter
from quizapp.models import User, utcnow

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
        session = get_session()
        try:
            user = accounts.create_user(session, form.username.data, form.password.data)
        except accounts.AccountError as exc:
            session.rollback()
            field = form.password if exc.field == "password" else form.username
            field.errors = [*field.errors, str(exc)]
        else:
            _start_session(user)
            session.commit()
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
            get_session().commit()
            flash(f"Logged in as {user.username}.", "success")
            return redirect(next_url or url_for("main.index"))
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    token = flask_session.get(sessions.COOKIE_KEY)
    if isinstance(token, str):
        session = get_session()
        sessions.end(session, token)
        session.commit()
    _end_browser_session()
    flash("You have logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    session = get_session()
    ended = sessions.end_all(session, current_user.id)
    session.commit()
    _end_browser_session()
    flash(
        f"You have logged out everywhere ({ended} session{'s' if ended != 1 else ''}, this one "
        "included). Log in again to continue.",
        "info",
    )
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            accounts.change_password(session, current_user, form.current.data, form.password.data)
        except accounts.AccountError as exc:
            session.rollback()
            field = form.current if exc.field == "current" else form.password
            field.errors = [*field.errors, str(exc)]
        else:
            # Every session ended with the old password; this browser gets a fresh one.
            _start_session(current_user)
            session.commit()
            flash("Your password is changed. You are logged out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    signed_in = sessions.count(get_session(write=False), current_user.id, utcnow())
    return render_template(
        "auth/account.html",
        form=form,
        signed_in=signed_in,
        min_length=MIN_LENGTH,
    )


def _start_session(user: User) -> None:
    """Sign this browser in with a new server-side session; the caller commits."""
    lifetime = current_app.permanent_session_lifetime
    token = sessions.start(get_session(write=True), user, utcnow(), lifetime)
    # A fresh cookie at log-in: nothing from before survives into the signed-in one.
    flask_session.clear()
    flask_session.permanent = True
    flask_session[sessions.COOKIE_KEY] = token
    login_user(user)


def _end_browser_session() -> None:
    logout_user()
    flask_session.clear()
