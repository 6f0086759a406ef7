"""The learner's study settings."""

from __future__ import annotations

from wtforms import BooleanField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, ValidationError

from quizapp.flashcards.balance import WEEKDAYS
from quizapp.flashcards.queue import known_timezones
from quizapp.formfields import BoundedDecimalField, Form, WholeNumberField
from quizapp.inputs import MAX_ID


class SettingsForm(Form):
    desired_retention = BoundedDecimalField("Desired retention (0.70 to 0.99)", "0.70", "0.99")
    new_per_day = WholeNumberField("New cards per day", 0, 500)
    reviews_per_day = WholeNumberField("Reviews per day", 0, 9999)
    day_starts_at = WholeNumberField("The study day starts at (hour, 0 to 23)", 0, 23)
    timezone = StringField("Time zone", validators=[InputRequired()])
    leech_threshold = WholeNumberField("Suspend a card as a leech after this many lapses", 2, 99)
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


class DeckRetentionForm(Form):
    """A deck's own desired retention; empty: the general one."""

    deck = WholeNumberField("Deck", 1, MAX_ID, widget=widgets.HiddenInput())
    retention = BoundedDecimalField(
        "Desired retention for this deck", "0.70", "0.99", required=False
    )
