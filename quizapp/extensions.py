"""The Flask extension singletons, bound to an app in create_app."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from quizapp.models import User
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
    from quizapp.db import get_session

    if not user_id.isdigit():
        return None
    # Read outside any write transaction: a POST's write lock is not held for this.
    return get_session(write=False).get(User, int(user_id))
