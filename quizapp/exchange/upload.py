"""An uploaded file made into a bank file: YAML as it is, any other format in the table
converted, with what the conversion changed kept for the preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from quizapp.exchange import FORMATS, ConvertError, sniff_format

BANK_SUFFIXES = (".yaml", ".yml")
# What a file chooser offers; the server decides by name and content whatever is chosen.
ACCEPT = ",".join(
    dict.fromkeys(
        [*BANK_SUFFIXES, ".gift", ".aiken"]
        + [f.extension for f in FORMATS.values() if f.convert is not None]
    )
)


class UploadRefused(Exception):
    """A file that cannot be imported or converted; the message names it (and its line)."""


@dataclass(frozen=True)
class Upload:
    """A bank file ready for the validator, and, if it was converted, from what and with
    which problems and id changes."""

    name: str
    data: bytes
    converted_from: str | None = None
    format_label: str | None = None
    problems: tuple[str, ...] = ()
    id_map: dict[str, str] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """What the import batch keeps about the conversion (JSON-ready)."""
        if self.converted_from is None:
            return {}
        return {
            "converted_from": self.converted_from,
            "format": self.format_label,
            "problems": list(self.problems),
            "id_map": dict(self.id_map),
        }


def accepted_formats() -> str:
    """The formats an upload may be in, for the page: 'YAML, GIFT (Moodle), ...'."""
    return ", ".join(f.label for f in FORMATS.values() if f.convert is not None)


def read_upload(name: str, data: bytes) -> Upload:
    """`data` as a bank file; `UploadRefused` if no format in the table can read it."""
    if name.lower().endswith(BANK_SUFFIXES):
        return Upload(name, data)
    found = sniff_format(data, name)
    if found is None or found.convert is None:
        raise UploadRefused(
            f"{name}: not a file this page can read; it takes {accepted_formats()}."
        )
    try:
        converted = found.convert(data, name)
    except ConvertError as exc:
        raise UploadRefused(f"{exc}; nothing was imported.") from None
    yaml_name = PurePath(name).stem.split(".")[0] + ".yaml"
    return Upload(
        yaml_name,
        converted.yaml_text.encode("utf-8"),
        converted_from=name,
        format_label=found.label,
        problems=tuple(str(problem) for problem in converted.problems),
        id_map=dict(converted.id_map),
    )
