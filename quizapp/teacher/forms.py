"""Forms of the teachers' pages."""

from __future__ import annotations

from wtforms import FileField, HiddenField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from quizapp.formfields import Form


class ImportForm(Form):
    files = MultipleFileField(
        "Question bank files (.yaml), or GIFT, Moodle XML or Aiken files to convert",
        validators=[DataRequired(message="Choose at least one file.")],
    )


class DraftForm(Form):
    """A document to draft a deck from: a file, or a pasted text."""

    document = FileField("A document (.txt, .md or .html, a page saved from a browser)")
    text = TextAreaField("Or paste the text", validators=[Optional()])
    title = StringField("Deck title (optional)", validators=[Optional(), Length(max=200)])
    slug = StringField(
        "Deck slug (optional)",
        validators=[
            Optional(),
            Length(max=64),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$", message="Use lowercase letters, digits and hyphens."
            ),
        ],
    )


class DraftOutputForm(Form):
    """A drafted bank carried from the preview to a download or to the import preview."""

    bank = HiddenField(validators=[DataRequired(message="The draft is missing: draft again.")])
    name = HiddenField(validators=[DataRequired(), Regexp(r"^[a-z0-9][a-z0-9-]*\.yaml$")])
