"""Forms for starting practice quizzes and for teachers setting up quizzes."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.formfields import Form, WholeNumberField
from quizapp.models import Feedback


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PracticeForm(Form):
    topics = CheckboxList("Topics (none ticked: all)", choices={})
    types = CheckboxList("Question types (none ticked: all)", choices={})
    count = WholeNumberField("How many questions", 1, 100, default=10)


class QuizSetupForm(Form):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    topics = CheckboxList("Topics (none ticked: all)", choices={})
    types = CheckboxList("Question types (none ticked: all)", choices={})
    question_keys = TextAreaField(
        "Only these question ids (optional, separated by spaces or commas)",
        validators=[Optional(), Length(max=20000)],
    )
    question_count = WholeNumberField("Questions drawn per attempt", 1, 200, default=10)
    time_limit_minutes = WholeNumberField(
        "Time limit in minutes (empty: none)", 1, 600, required=False
    )
    max_attempts = WholeNumberField("Attempts allowed (empty: unlimited)", 1, 100, required=False)
    feedback = RadioField(
        "Feedback",
        choices={Feedback.IMMEDIATE: "Right after each question", Feedback.END: "Only at the end"},
        default="end",
    )
    pass_percent = WholeNumberField("Pass mark (%)", 0, 100, default=60)
    shuffle_questions = BooleanField("Shuffle the questions", default=True)
    shuffle_options = BooleanField(
        "Shuffle the options of each question (unticked: alphabetical, the same for everyone)",
        default=True,
    )
    one_per_page = BooleanField("One question per page", default=True)
    opens_at = DateTimeLocalField("Opens (UTC, empty: now)", validators=[Optional()])
    closes_at = DateTimeLocalField("Closes (UTC, empty: never)", validators=[Optional()])
    closes_study = BooleanField(
        "Close flashcard study and practice of this deck to the quiz's students while it is open",
        default=False,
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors = [*self.closes_at.errors, "Closing must come after opening."]
            return False
        if self.closes_study.data and not self.closes_at.data:
            self.closes_at.errors = [
                *self.closes_at.errors,
                "Set a closing time: study of the deck stays closed while the quiz is open.",
            ]
            return False
        return True
