"""The request guard every route shares: bounded ids in URLs, no control characters in any
field, and a plain 400 or 404 page for a value the app cannot use."""

from __future__ import annotations

from itertools import chain

from flask import Flask, request
from werkzeug.routing import IntegerConverter, Map

from quizapp.inputs import MAX_ID, InputRefusal, control_character_field


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits up to the largest id a database can hold.

    Larger numbers (2**31 overflows PostgreSQL's INTEGER, 2**63 SQLite's) are not found.
    """

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID, signed=False)


def init_app(app: Flask) -> None:
    # Before any blueprint is registered: a rule picks its converter when it is added.
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters)


def refuse_control_characters() -> None:
    """A NUL (or another control character) in a query, form, file name or URL value is a
    400: PostgreSQL cannot store a NUL, and no field of this app needs a control character."""
    view_args = {k: v for k, v in (request.view_args or {}).items() if isinstance(v, str)}
    field = control_character_field(
        chain(
            request.args.items(multi=True),
            request.form.items(multi=True),
            ((name, upload.filename or "") for name, upload in request.files.items(multi=True)),
            view_args.items(),
        )
    )
    if field is not None:
        raise InputRefusal(
            f"The field '{field}' contains a control character (such as a NUL byte) that "
            "cannot be stored: remove it and send the form again.",
        )
