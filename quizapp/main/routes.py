"""The home page and the health check."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.db import get_session
from quizapp.extensions import limiter
from quizapp.models import Deck

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> str:
    decks: Sequence[Deck] = []
    if current_user.is_authenticated:
        decks = get_session().scalars(select(Deck).order_by(Deck.title)).all()
    return render_template("index.html", decks=decks)


@bp.route("/healthz")
@limiter.exempt
def healthz() -> tuple[dict[str, str], int]:
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
