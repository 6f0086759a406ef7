"""Reading an uploaded file's bytes as text, whatever encoding it announces, with a message
naming the file and line when it cannot be read."""

from __future__ import annotations

import codecs

from quizapp.exchange.model import ConvertError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, file: str) -> str:
    """The text of `data`: UTF-8, or UTF-16/32 when a byte order mark says so.

    Anything else (Latin-1, Windows-1252, UTF-16 without a mark) is refused with the line of
    the first byte that is not UTF-8, rather than guessed at."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ConvertError(
                    file,
                    None,
                    f"the file starts with a {encoding} byte order mark but is not "
                    f"{encoding} text (byte offset {exc.start}): save it again as UTF-8",
                ) from exc
    if data[:200].count(b"\x00") > 20:
        raise ConvertError(
            file,
            1,
            "the file looks like UTF-16 without a byte order mark: save it as UTF-8 (or as "
            "UTF-16 with its byte order mark)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "perhaps Latin-1 or Windows-1252"
        raise ConvertError(
            file,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}; {hint}): save it "
            "with the UTF-8 encoding",
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ConvertError(file, line, "the file contains a NUL byte: it is not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")
