"""The Flask extension singletons, bound to an app in create_app."""

from __future__ import annotations

from flask import session as flask_session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from quizapp.auth import sessions
from quizapp.db import get_session
from quizapp.inputs import InputRefusal, parse_id
from quizapp.models import User, utcnow
from quizapp.ratelimit import DatabaseStorage  # noqa: F401 -- registers database:// with limits

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see that page."
login_manager.login_message_category = "info"
# Storage comes from RATELIMIT_STORAGE_URI: the app's own database by default, which every
# worker and app server shares (ratelimit.DatabaseStorage), or redis://... .
limiter = Limiter(key_func=get_remote_address)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, while the cookie's server-side session lasts (auth/sessions.py)."""
    token = flask_session.get(sessions.COOKIE_KEY)
    if not isinstance(token, str):
        return None
    try:
        wanted = parse_id(user_id, "user")
    except InputRefusal:
        return None
    # Read outside any write transaction: a POST's write lock is not held for this.
    return sessions.user_for(get_session(write=False), wanted, token, utcnow())
