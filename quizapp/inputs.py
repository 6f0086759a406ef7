"""Reading numbers and text that come from a request: one rule for every route.

Ids and small integers are ASCII digits only (no sign, no space, no Unicode digit such as '²'
or '٣'), bounded before Python converts them; text holds no control character other than tab,
newline and carriage return. A refusal names the field and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from quizapp.refusals import Refusal

# The largest id both SQLite and PostgreSQL (a 32-bit signed INTEGER) can look up.
MAX_ID = 2**31 - 1
# The longest answer a learner may type into one field (a quiz's text box, a card's front).
MAX_TEXT = 300
_ASCII_DIGITS = re.compile(r"[0-9]+")
# C0 controls and DEL, except tab, newline and carriage return; PostgreSQL refuses NUL outright.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InputRefusal(Refusal):
    """A request value the app cannot use; `str(error)` says which field and why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message, status)

    def page_message(self) -> str:
        return f"{self} Nothing was changed."


def _digits(text: str | None, field: str) -> str:
    if text is None or text == "":
        raise InputRefusal(f"The field '{field}' is missing.")
    if not _ASCII_DIGITS.fullmatch(text):
        raise InputRefusal(
            f"The field '{field}' must be a whole number written with the digits 0-9."
        )
    return text


def parse_id(text: str | None, field: str = "id") -> int:
    """A database id from a request. Not digits: 400; too large to exist: 404."""
    value = small_int_or_none(_digits(text, field), 1, MAX_ID)
    if value is None:
        raise InputRefusal(f"There is no such {field}.", status=404)
    return value


def small_int_or_none(text: str | None, low: int, high: int) -> int | None:
    """The integer from `low` to `high` (both at least 0) that `text` spells, else None."""
    if text is None or not _ASCII_DIGITS.fullmatch(text):
        return None
    # Bounded before int(): Python refuses to convert more than 4,300 digits at all.
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        return None
    return int(digits)


def parse_small_int(text: str | None, field: str, low: int, high: int) -> int:
    """An integer from `low` to `high` (both at least 0); anything else is a 400 naming it."""
    value = small_int_or_none(_digits(text, field), low, high)
    if value is None:
        raise InputRefusal(f"The field '{field}' must be from {low} to {high}.")
    return value


def single(values: Mapping[str, Sequence[str]], field: str) -> str | None:
    """The one value of a field sent at most once; sending it twice is a 400."""
    sent = values.get(field) or []
    if len(sent) > 1:
        raise InputRefusal(f"The field '{field}' was sent more than once.")
    return sent[0] if sent else None


def required(values: Mapping[str, Sequence[str]], field: str) -> str:
    """The one value of a field that must be sent exactly once."""
    value = single(values, field)
    if value is None:
        raise InputRefusal(f"The field '{field}' is missing.")
    return value


def control_character_field(pairs: Iterable[tuple[str, str]]) -> str | None:
    """The name of the first field whose name or value holds a forbidden control character."""
    for name, value in pairs:
        if _CONTROL.search(name):
            return _CONTROL.sub("?", name)
        if _CONTROL.search(value):
            return name
    return None


def topic_list(values: Iterable[str]) -> list[str]:
    """Topics as a form sends them (one parameter each) or a link does (comma-separated)."""
    return [topic for value in values for topic in value.split(",") if topic]
