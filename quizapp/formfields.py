"""The app's form base and the fields that read numbers by its input rules (quizapp.inputs)."""

from __future__ import annotations

import decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, MultipleFileField, SelectMultipleField
from wtforms.validators import InputRequired, Optional

from quizapp.inputs import small_int_or_none


def form_status(form: FlaskForm) -> int:
    """The status of a page showing `form`: 400 when it was sent and refused."""
    return 400 if form.is_submitted() and form.errors else 200


def refusal_summary(form: FlaskForm) -> str:
    """Every field's problem in one line, for an error page."""
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


class Form(FlaskForm):
    """A form whose single-value fields refuse being sent twice instead of taking the first."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        for field in self:
            several = isinstance(field, SelectMultipleField | MultipleFileField)
            if not several and len(field.raw_data or []) > 1:
                field.errors = [*field.errors, "This field was sent more than once."]
                valid = False
        return valid


def _one(valuelist: list[str]) -> str | None:
    return valuelist[0] if valuelist else None


class WholeNumberField(IntegerField):
    """A whole number from `low` to `high` in ASCII digits; empty is allowed when not required.

    IntegerField would take '+1', ' 1' and '٣', and crash on a value of 4,300 digits.
    """

    # As in WTForms (which has no types): an int once a required field has validated.
    data: Any

    def __init__(
        self, label: str, low: int, high: int, *, required: bool = True, **kwargs: Any
    ) -> None:
        self.low, self.high = low, high
        presence = InputRequired() if required else Optional()
        super().__init__(label, validators=[presence], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = _one(valuelist)
        if raw is None or raw == "":
            self.data = None
            return
        self.data = small_int_or_none(raw, self.low, self.high)
        if self.data is None:
            raise ValueError(f"Enter a whole number from {self.low} to {self.high}.")


class BoundedDecimalField(DecimalField):
    """A decimal like 0.9 from `low` to `high`: no exponent, NaN, infinity or long digits."""

    data: Any

    def __init__(
        self, label: str, low: str, high: str, *, required: bool = True, **kwargs: Any
    ) -> None:
        self.low, self.high = decimal.Decimal(low), decimal.Decimal(high)
        presence = InputRequired() if required else Optional()
        super().__init__(label, validators=[presence], places=2, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = _one(valuelist)
        if raw is None or raw == "":
            self.data = None
            return
        whole, _, fraction = raw.partition(".")
        digits = whole + fraction
        self.data = None
        if 0 < len(digits) <= 12 and small_int_or_none(digits, 0, 10**12) is not None:
            value = decimal.Decimal(f"{whole or '0'}.{fraction or '0'}")
            if self.low <= value <= self.high:
                self.data = value
        if self.data is None:
            raise ValueError(f"Enter a number from {self.low} to {self.high}, such as 0.9.")
