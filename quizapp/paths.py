"""Where the app finds its templates, static files, bundled bank and instance folder."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """A top-level resource folder (templates, static, question_bank).

    An installed wheel carries it inside the package; a checkout (or an editable install)
    keeps it next to the package, at the top of the repository.
    """
    packaged = PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name


def instance_path() -> str | None:
    """The instance folder from QUIZAPP_INSTANCE_PATH, or None for Flask's default."""
    configured = os.environ.get("QUIZAPP_INSTANCE_PATH")
    return str(Path(configured).expanduser().resolve()) if configured else None
