"""`quizapp optimize`: fit learners' FSRS parameters from their own reviews."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from quizapp.db import get_session
from quizapp.flashcards import optimize
from quizapp.flashcards.service import settings_for
from quizapp.models import Review, User


def init_app(app: Flask) -> None:
    app.cli.add_command(optimize_command)


@click.command("optimize")
@click.option("--user", "username", default=None, help="Only this learner (default: everyone).")
@with_appcontext
def optimize_command(username: str | None) -> None:
    """Fit each learner's FSRS parameters from their review log, when it is long enough."""
    session = get_session()
    query = select(User).order_by(User.username)
    if username:
        query = query.where(User.username == username.strip().lower())
    users = session.scalars(query).all()
    if username and not users:
        raise click.ClickException(f"There is no user '{username}'.")
    for user in users:
        rows = session.execute(
            select(Review.card_id, Review.rating, Review.reviewed_at, Review.duration_ms).where(
                Review.user_id == user.id
            )
        ).all()
        reviews = [optimize.LoggedReview(*row) for row in rows]
        usable = optimize.qualifying_reviews(reviews)
        if usable < optimize.MIN_REVIEWS:
            click.echo(
                f"{user.username}: {usable} of the {optimize.MIN_REVIEWS} reviews on a later day "
                "needed; keeping the current parameters."
            )
            continue
        try:
            parameters = optimize.fit_parameters(reviews)
        except optimize.OptimizerMissing as exc:
            raise click.ClickException(str(exc)) from exc
        settings = settings_for(session, user.id)
        settings.fsrs_parameters = parameters
        session.merge(settings)
        session.commit()
        click.echo(f"{user.username}: fitted FSRS parameters from {usable} reviews.")
