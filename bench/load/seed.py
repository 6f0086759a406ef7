"""Accounts for the load run: N learners sharing one password (hashed once), and the
bundled deck imported, in a fresh instance folder."""

from __future__ import annotations

from sqlalchemy import select

from quizapp import create_app, migrate
from quizapp.auth.passwords import hash_password
from quizapp.db import EXTENSION_KEY
from quizapp.models import Deck, LearnerSettings, User
from quizapp.questions.commands import load_bundled_bank

PASSWORD = "load test passphrase"  # noqa: S105 -- a throwaway account on loopback


def seed(learners: int) -> None:
    app = create_app()
    migrate.upgrade(app.config["DATABASE_URL"])
    with app.app_context():
        load_bundled_bank(app)
    digest = hash_password(PASSWORD)
    with app.extensions[EXTENSION_KEY]() as session:
        existing = set(session.scalars(select(User.username)))
        users = [
            User(username=f"load{n:04d}", password_hash=digest)
            for n in range(learners)
            if f"load{n:04d}" not in existing
        ]
        session.add_all(users)
        session.flush()
        # No daily limits: a virtual learner rates as fast as the server lets it.
        session.add_all(
            LearnerSettings(user_id=user.id, new_per_day=500, reviews_per_day=9999)
            for user in users
        )
        session.commit()
        assert session.scalars(select(Deck)).first() is not None
