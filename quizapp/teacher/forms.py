"""Forms of the teachers' pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import MultipleFileField
from wtforms.validators import DataRequired


class ImportForm(FlaskForm):
    files = MultipleFileField(
        "Question bank files (.yaml)",
        validators=[DataRequired(message="Choose at least one YAML file.")],
    )
