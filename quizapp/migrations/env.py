"""Alembic's entry point: runs migrations on the connection quizapp.migrate hands over.

Run from the `alembic` command (developers autogenerating a revision), it uses
QUIZAPP_DATABASE_URL, or the app's configured database.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

from quizapp.db import make_engine
from quizapp.models import Base, UtcDateTime

config = context.config


def _database_url() -> str:
    url = os.environ.get("QUIZAPP_DATABASE_URL")
    if url:
        return url
    from quizapp import create_app

    return str(create_app().config["DATABASE_URL"])


def _render_item(kind: str, item: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations name plain SQLAlchemy types, never the app's own: UtcDateTime is a
    # timezone-aware DateTime to the database.
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = make_engine(_database_url())
        with engine.begin() as connection:
            _run(connection)
        engine.dispose()
