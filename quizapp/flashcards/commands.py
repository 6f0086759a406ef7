"""`quizapp optimize`: fit learners' FSRS parameters from their own reviews."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from quizapp.db import get_session
from quizapp.flashcards import optimize, tuning
from quizapp.models import User, utcnow


def init_app(app: Flask) -> None:
    app.cli.add_command(optimize_command)


@click.command("optimize")
@click.option("--user", "username", default=None, help="Only this learner (default: everyone).")
@with_appcontext
def optimize_command(username: str | None) -> None:
    """Fit each learner's FSRS parameters from their review log, when it is long enough; keep
    the new ones only if they predict the log better, and then reschedule the learner's cards."""
    session = get_session()
    query = select(User).order_by(User.username)
    if username:
        query = query.where(User.username == username.strip().lower())
    users = session.scalars(query).all()
    if username and not users:
        raise click.ClickException(f"There is no user '{username}'.")
    for user in users:
        outcome = tuning.optimise(session, user.id, utcnow())
        session.commit()
        click.echo(f"{user.username}: {describe(outcome)}")


def describe(outcome: tuning.Optimised) -> str:
    fit = outcome.fit
    if fit is None:
        return (
            f"{outcome.reviews} of the {optimize.MIN_REVIEWS} reviews on a later day needed; "
            "keeping the current parameters."
        )
    quality = (
        f"log loss {fit.before.log_loss:.4f} -> {fit.candidate.log_loss:.4f}, "
        f"RMSE (bins) {fit.before.rmse_bins:.4f} -> {fit.candidate.rmse_bins:.4f}"
    )
    if fit.improved:
        return (
            f"fitted FSRS parameters from {fit.reviews} reviews ({quality}); "
            f"{outcome.rescheduled} cards rescheduled."
        )
    return f"the fit from {fit.reviews} reviews is no better ({quality}); keeping the current."
