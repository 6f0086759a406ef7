"""Reading a document: main text only, and a clear refusal of what is no text document."""

from __future__ import annotations

import pytest

from quizapp.draft import DocumentError, read_document
from quizapp.draft.document import MAX_DOCUMENT_BYTES
from tests.draft.conftest import BLOG, HTML, MARKDOWN


def test_blog_text_keeps_six_paragraphs_and_sets_the_furniture_apart() -> None:
    source = read_document(BLOG.name, BLOG.read_bytes())
    assert source.title == "Why the Suez Canal still matters"
    assert len(source.paragraphs) == 6
    assert source.furniture[0] == "Comments"
    assert "Local bakery wins regional bread award" in source.furniture
    assert not any("bakery" in p for p in source.paragraphs)


def test_a_trailing_list_of_headlines_is_furniture_without_a_comments_line() -> None:
    text = (
        "A title\n\nThe first paragraph says a thing about rivers and their floods.\n\n"
        "The second paragraph says more about the floods of the Nile in summer.\n\n"
        "Cheap flights to Lisbon this spring\n\nTen recipes with lentils\n"
    )
    source = read_document("post.txt", text.encode())
    assert len(source.paragraphs) == 2
    assert source.furniture == ["Cheap flights to Lisbon this spring", "Ten recipes with lentils"]


def test_markdown_headings_make_parts_and_the_top_heading_is_the_title() -> None:
    source = read_document(MARKDOWN.name, MARKDOWN.read_bytes())
    assert source.title == "Lighthouses"
    assert [part.heading for part in source.parts] == [None, "Early History"]
    assert len(source.parts[1].paragraphs) == 3


def test_an_html_page_keeps_its_article_and_drops_menus_comments_and_footer() -> None:
    source = read_document(HTML.name, HTML.read_bytes())
    text = " ".join(source.paragraphs)
    assert source.kind == "html"
    assert (
        source.title
        == "Ferdinand Vandiveer Hayden and the Founding of the Yellowstone National Park"
    )
    assert len(source.paragraphs) == 4 and "Oberlin College" in text
    for furniture in (
        "Newsletter",
        "Jackson glass plates",
        "Golden Spike",
        "Privacy policy",
        "Tweet",
    ):
        assert furniture not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the document is empty"),
        (b"   \n\n  ", "the document is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 1 0 obj", "this is a PDF, not a text document"),
        (bytes(range(256)) * 4, "this is a binary file, not a text document"),
        (
            "Caf\u00e9 cr\u00e8me is sold in Paris.\n".encode("latin-1"),
            "essay.txt:1: the document is not UTF-8 text (byte 0xe9)",
        ),
        (b"# Heading\n\n42\n\n- one\n- two\n", "no sentences found"),
    ],
)
def test_bad_documents_are_refused_with_a_message_naming_the_file(
    data: bytes, message: str
) -> None:
    with pytest.raises(DocumentError) as refused:
        read_document("essay.txt", data)
    assert str(refused.value).startswith("essay.txt")
    assert message in str(refused.value)


def test_a_document_over_the_size_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match="at most 5 MB"):
        read_document("big.txt", b"Some words here. " * (MAX_DOCUMENT_BYTES // 17 + 1))


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    text = "A title\n\nThe Nile floods every summer and waters the fields of Egypt.\n"
    source = read_document("nile.txt", text.encode("utf-16"))
    assert source.paragraphs == ["The Nile floods every summer and waters the fields of Egypt."]
