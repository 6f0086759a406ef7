"""A numerical question's accepted answers as text, for formats that have no numbers with a
tolerance (Anki, a spreadsheet): "1991", "1991 (± 2)", "1990 to 1995 km: 50% credit"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def shown(value: float) -> str:
    """A number as a person writes it: 1991, not 1991.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def answer_text(answer: Mapping[str, Any], units: Sequence[str] = ()) -> str:
    unit = f" {units[0]}" if units else ""
    if "value" in answer:
        text = shown(answer["value"]) + unit
        if answer.get("tolerance"):
            text += f" (± {shown(answer['tolerance'])})"
    else:
        text = f"{shown(answer['min'])} to {shown(answer['max'])}{unit}"
    credit = float(answer.get("credit", 1))
    if credit < 1:
        text += f": {round(credit * 100)}% credit"
    return text


def full_credit(answers: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The first answer worth the whole point (the validator makes sure there is one)."""
    return next((a for a in answers if float(a.get("credit", 1)) == 1), answers[0])


def exact(answers: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the question accepts one number only, typed exactly."""
    return len(answers) == 1 and "value" in answers[0] and not answers[0].get("tolerance")
