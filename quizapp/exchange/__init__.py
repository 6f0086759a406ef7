"""Decks in and out of other apps' formats: the table of formats, and what each speaks.

A format module defines one `FORMAT` (see `Format`); adding a format is adding its module to
`_MODULES`. Conversions build a bank file in our format through `builder.build_deck`."""

from __future__ import annotations

from quizapp.exchange import aiken, apkg, csv_export, gift, moodle_xml, quizlet, yaml_bank
from quizapp.exchange.model import (
    Converted,
    ConvertError,
    ConvertProblem,
    Exported,
    ExportRequest,
    Format,
    Skipped,
)

__all__ = [
    "FORMATS",
    "ConvertError",
    "ConvertProblem",
    "Converted",
    "ExportRequest",
    "Exported",
    "Format",
    "Skipped",
    "UnknownFormat",
    "get_format",
    "sniff_format",
]

# Aiken before GIFT: both come as .txt, and Aiken's sniff is the stricter.
_MODULES = (yaml_bank, aiken, gift, moodle_xml, apkg, csv_export, quizlet)

FORMATS: dict[str, Format] = {module.FORMAT.name: module.FORMAT for module in _MODULES}


class UnknownFormat(LookupError):
    def __init__(self, name: str) -> None:
        known = ", ".join(FORMATS)
        super().__init__(f"unknown format '{name}' (known formats: {known})")
        self.name = name


def get_format(name: str) -> Format:
    """The format called `name`; `UnknownFormat` (with the known names) otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


def sniff_format(data: bytes, file: str) -> Format | None:
    """The first convertible format that recognises the upload, or None."""
    for candidate in FORMATS.values():
        if candidate.convert is not None and candidate.sniff is not None:
            if candidate.sniff(data, file):
                return candidate
    return None
