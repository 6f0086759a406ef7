"""Files that cannot be read get one clear message naming the file and line, and produce
nothing; files in another encoding are read when they say which, refused when they do not."""

from __future__ import annotations

import codecs

import pytest

from quizapp.exchange import ConvertError, sniff_format
from quizapp.exchange.aiken import convert_aiken
from quizapp.exchange.gift import convert_gift
from quizapp.exchange.moodle_xml import convert_moodle_xml
from tests.exchange.helpers import validated

GIFT = "// [id:cafe]\nOù est le café ?{=Ici ~Là-bas}\n"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_a_file_that_announces_its_encoding_is_read(bom: bytes, encoding: str) -> None:
    deck = validated(convert_gift(bom + GIFT.encode(encoding), "cafe.gift"))
    assert deck.questions[0].prompt == "Où est le café ?"


def test_latin1_is_refused_with_the_line_of_the_first_bad_byte() -> None:
    data = ("// [id:one]\nFirst?{=yes ~no}\n\n" + GIFT).encode("latin-1")
    with pytest.raises(ConvertError) as caught:
        convert_gift(data, "cafe.gift")
    assert caught.value.line == 5
    assert "not UTF-8 text (byte 0xF9; perhaps Latin-1 or Windows-1252)" in caught.value.message
    assert str(caught.value).startswith("cafe.gift:5: ")


def test_utf16_without_a_byte_order_mark_is_named() -> None:
    with pytest.raises(ConvertError, match="UTF-16 without a byte order mark"):
        convert_gift(("Which?{=yes ~no}\n" * 20).encode("utf-16-le"), "q.gift")


def test_windows_line_ends_read_like_unix_ones() -> None:
    data = b"// [id:a]\r\nFirst?{=yes ~no}\r\n\r\n// [id:b]\r\nSecond?{T}\r\n"
    assert [q.id for q in validated(convert_gift(data, "crlf.gift")).questions] == ["a", "b"]


@pytest.mark.parametrize(
    ("convert", "data", "message"),
    [
        (convert_gift, b"// only a comment\n", "no GIFT question found"),
        (convert_aiken, b"\n\n", "no Aiken question found"),
        (convert_moodle_xml, b"<quiz></quiz>", "has no <question> elements"),
        (convert_moodle_xml, b"", "not well-formed XML"),
        (convert_gift, b"Which?{=a}\x00", "NUL byte"),
    ],
)
def test_a_file_with_nothing_to_convert_is_an_error(convert, data: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConvertError, match=message):
        convert(data, "empty")


def test_formats_are_recognised_by_name_and_content() -> None:
    aiken = b"Which?\nA. yes\nB. no\nANSWER: A\n"
    assert sniff_format(aiken, "quiz.txt").name == "aiken"  # type: ignore[union-attr]
    assert sniff_format(b"Which?{=yes ~no}", "quiz.txt").name == "gift"  # type: ignore[union-attr]
    assert sniff_format(b"<quiz/>", "export.xml").name == "moodle-xml"  # type: ignore[union-attr]
    assert sniff_format(b"anything", "notes.gift").name == "gift"  # type: ignore[union-attr]
    assert sniff_format(b"hello", "notes.txt") is None
