"""Friendly pages for errors, and a clean 503 when the database is busy or unreachable.

Error pages render without the database: when it may be what failed, the page is drawn for
an anonymous visitor instead of reloading the signed-in user from it.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app, flash, g, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from quizapp.db import close_session
from quizapp.extensions import limiter, login_manager
from quizapp.inputs import topic_list
from quizapp.refusals import About, Refusal

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "You do not have permission to see this page."),
    404: ("Page not found", "There is nothing at this address."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Slow down", "Too many attempts from your address."),
    500: ("Something went wrong", "An unexpected error happened. Nothing was saved."),
    503: (
        "Try again in a moment",
        "The database is busy or unreachable right now. Nothing was saved; please retry.",
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(RateLimitExceeded, too_many_attempts)
    app.register_error_handler(Refusal, refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(InternalServerError, server_error)


def render_error(
    status: int, message: str | None = None, *, plain: bool = False
) -> tuple[str, int]:
    """The error page; `plain` leaves out everything that would touch the database."""
    title, default_message = MESSAGES.get(status, ("Error", "Something went wrong."))
    if not plain:
        try:
            # Load the signed-in user now, where a database failure can still be caught.
            bool(current_user.is_authenticated)
        except SQLAlchemyError:
            close_session()
            plain = True
    if plain:
        # Flask-Login's template context would otherwise load the user from the database.
        g._login_user = login_manager.anonymous_user()
    page = render_template(
        "errors/error.html",
        status=status,
        title=title,
        message=message or default_message,
        plain_page=plain,
    )
    return page, status


def http_error(error: HTTPException) -> tuple[str, int]:
    if error.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
        return render_error(
            413,
            f"What you sent is larger than this site accepts ({limit:g} MB in one upload). "
            "Nothing was saved: upload fewer or smaller files.",
        )
    return render_error(error.code or 500)


def refused(error: Refusal) -> tuple[str, int] | Response:
    """Every refusal, whichever blueprint's view raised it. A conflict (409) about the attempt
    or the card the page is showing goes back to that page with the reason; else an error
    page with the refusal's status."""
    close_session()
    args = request.view_args or {}
    if error.status == 409 and error.about is About.ATTEMPT and "attempt_id" in args:
        flash(str(error), "error")
        return redirect(url_for("quiz.attempt", attempt_id=args["attempt_id"]))
    if error.status == 409 and error.about is About.CARD and args.get("slug"):
        flash(str(error), "info")
        topics = ",".join(topic_list(request.values.getlist("topics")))
        scope: dict[str, Any] = {"topics": topics} if topics else {}
        return redirect(url_for("flashcards.study", slug=args["slug"], **scope))
    return render_error(error.status, error.page_message())


def csrf_error(_error: CSRFError) -> tuple[str, int]:
    return render_error(
        400,
        "This form has expired or was not sent by this site. Go back, reload the page and "
        "try again; nothing was changed.",
    )


def too_many_attempts(_error: RateLimitExceeded) -> tuple[str, int]:
    # The limit that refused this request; Flask-Limiter sends the same moment as Retry-After.
    refused = limiter.current_limit
    seconds = int(refused.reset_at - time.time()) if refused else 60
    return render_error(
        429, f"Too many attempts from your address. Try again in {wait_in_words(seconds)}."
    )


def wait_in_words(seconds: int) -> str:
    seconds = max(seconds, 1)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return "about a minute" if minutes == 1 else f"about {minutes} minutes"
    hours = round(minutes / 60)
    return "about an hour" if hours == 1 else f"about {hours} hours"


def database_error(error: DBAPIError) -> tuple[str, int]:
    # Roll the request's work back before answering: nothing half-written survives.
    close_session()
    unreachable = isinstance(error, OperationalError | InterfaceError)
    return render_error(503 if unreachable or error.connection_invalidated else 500, plain=True)


def server_error(_error: InternalServerError) -> tuple[str, int]:
    close_session()
    return render_error(500, plain=True)
