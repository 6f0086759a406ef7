"""Forms of the teachers' pages."""

from __future__ import annotations

from wtforms import MultipleFileField
from wtforms.validators import DataRequired

from quizapp.formfields import Form


class ImportForm(Form):
    files = MultipleFileField(
        "Question bank files (.yaml), or GIFT, Moodle XML or Aiken files to convert",
        validators=[DataRequired(message="Choose at least one file.")],
    )
