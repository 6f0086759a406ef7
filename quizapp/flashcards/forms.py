"""The learner's study settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from quizapp.flashcards.balance import WEEKDAYS
from quizapp.flashcards.queue import known_timezones


class SettingsForm(FlaskForm):
    desired_retention = DecimalField(
        "Desired retention (0.70 to 0.99)",
        places=2,
        validators=[InputRequired(), NumberRange(0.7, 0.99)],
    )
    new_per_day = IntegerField(
        "New cards per day", validators=[InputRequired(), NumberRange(0, 500)]
    )
    reviews_per_day = IntegerField(
        "Reviews per day", validators=[InputRequired(), NumberRange(0, 9999)]
    )
    day_starts_at = IntegerField(
        "The study day starts at (hour, 0 to 23)", validators=[InputRequired(), NumberRange(0, 23)]
    )
    timezone = StringField("Time zone", validators=[InputRequired()])
    leech_threshold = IntegerField(
        "Suspend a card as a leech after this many lapses",
        validators=[InputRequired(), NumberRange(2, 99)],
    )
    quiz_updates_cards = BooleanField("Quiz answers also review my flashcards")
    load_balancing = BooleanField(
        "Balance my reviews: within the few days FSRS allows, put each on the least busy day"
    )
    easy_days = SelectMultipleField(
        "Easy days (about half the reviews of other days)",
        choices=dict(enumerate(WEEKDAYS)),
        coerce=int,
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )

    def validate_timezone(self, field: StringField) -> None:
        if field.data not in known_timezones():
            raise ValidationError("Choose a time zone from the list, e.g. Europe/Berlin or UTC.")


class DeckRetentionForm(FlaskForm):
    """A deck's own desired retention; empty: the general one."""

    deck = IntegerField(widget=widgets.HiddenInput(), validators=[InputRequired()])
    retention = DecimalField(
        "Desired retention for this deck",
        places=2,
        validators=[Optional(), NumberRange(0.7, 0.99)],
    )
