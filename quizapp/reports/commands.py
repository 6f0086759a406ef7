"""`quizapp demo-data`: a class of simulated students for trying the reports."""

from __future__ import annotations

import random

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from quizapp import demo
from quizapp.auth.accounts import find_user
from quizapp.db import get_session
from quizapp.models import Deck, utcnow


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_data)


@click.command("demo-data")
@click.option("--teacher", "teacher_name", required=True, help="An existing teacher account.")
@click.option("--deck", "slug", default="russia-iran", show_default=True)
@click.option("--students", default=24, show_default=True, type=click.IntRange(1, 500))
@click.option("--seed", "seed_value", default=1, show_default=True, type=int)
@with_appcontext
def demo_data(teacher_name: str, slug: str, students: int, seed_value: int) -> None:
    """Fill a new class with simulated students, quiz attempts and flashcard reviews."""
    session = get_session()
    teacher = find_user(session, teacher_name)
    if teacher is None or not teacher.is_teacher:
        raise click.ClickException(
            f"'{teacher_name}' is not a teacher; create one with "
            "`quizapp create-user NAME --role teacher`."
        )
    deck = session.scalars(select(Deck).where(Deck.slug == slug)).one_or_none()
    if deck is None:
        raise click.ClickException(f"There is no deck '{slug}'.")
    school_class = demo.seed(
        session,
        teacher,
        deck,
        utcnow(),
        students=students,
        rng=random.Random(seed_value),  # noqa: S311 -- a simulation, not a secret
    )
    session.commit()
    click.echo(
        f"Created “{school_class.name}” with {len(school_class.members)} simulated students "
        f"(join code {school_class.join_code}) for {teacher.username}."
    )
