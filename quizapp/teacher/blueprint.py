"""The teacher blueprint and its one guard: every view registered on it is for teachers only.

Its routes spell their whole paths (most under /teacher/; the roles page stays at /accounts),
so the blueprint has no url_prefix."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("teacher", __name__)


@bp.before_request
@login_required
def teachers_only() -> None:
    """Log-in first (the log-in page, then back), then 403 for anyone who is not a teacher."""
    if not current_user.is_teacher:
        abort(403)
