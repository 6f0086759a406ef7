"""Our own bank format in the exchange table: export is the YAML writer, and a YAML file
converts to itself once the validator accepts it."""

from __future__ import annotations

from quizapp.exchange.model import Converted, ConvertError, Exported, ExportRequest, Format
from quizapp.exchange.text import decode
from quizapp.questions import bank, export


def export_yaml(request: ExportRequest) -> Exported:
    text = export.dump_deck(request.deck)
    return Exported(text.encode("utf-8"), f"{request.deck.slug}.yaml")


def convert_yaml(data: bytes, file: str) -> Converted:
    """The file itself, if it validates; its first problem as the error otherwise."""
    text = decode(data, file)
    problems = bank.load_bank_texts([(file, text.encode("utf-8"))])[1]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConvertError(first.file, first.line, f"{first.where}: {first.message}{more}")
    return Converted(text)


def sniff_yaml(data: bytes, file: str) -> bool:
    return file.lower().endswith((".yaml", ".yml"))


FORMAT = Format(
    name="yaml",
    label="YAML bank file (this app)",
    extension=".yaml",
    media_type="application/yaml",
    export=export_yaml,
    convert=convert_yaml,
    sniff=sniff_yaml,
)
