"""Settings: defaults, then instance/config.py, then QUIZAPP_* environment, then the caller's."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    # Filled in from the instance folder when left empty (see load()).
    "DATABASE_URL": "",
    "SECRET_KEY": "",
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # False means "Secure exactly when the request came over HTTPS" (see security.py).
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,
    # Counted in the app's own database, so all workers and servers share one count.
    "RATELIMIT_STORAGE_URI": "database://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "REGISTER_RATE_LIMIT": "5 per minute;30 per hour",
    # How many reverse proxies in front of the app to trust for X-Forwarded-* headers.
    "PROXY_COUNT": 0,
    "LOAD_BUNDLED_BANK": True,
    # The spaCy model `quizapp draft` and the draft page kind names with (the nlp extra): a
    # package name or a path; empty picks en_core_web_sm when it is installed.
    "SPACY_MODEL": "",
}

SECRET_KEY_FILE = "secret_key"  # noqa: S105 -- a file name, not a secret


def load(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="QUIZAPP")
    if overrides:
        app.config.from_mapping(overrides)

    if not app.config["DATABASE_URL"]:
        database = Path(app.instance_path) / "quizapp.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{database}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def instance_secret_key(instance: Path) -> str:
    """The key kept in the instance folder, generated on first use and readable by us alone."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / SECRET_KEY_FILE
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    # Write aside, then link into place: link fails if another worker got there first, and
    # nobody ever reads a half-written key.
    fd, scratch = tempfile.mkstemp(dir=instance, prefix=".secret-")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
        os.chmod(scratch, 0o600)
        try:
            os.link(scratch, key_file)
        except FileExistsError:
            return key_file.read_text(encoding="ascii").strip()
    finally:
        os.unlink(scratch)
    return key
