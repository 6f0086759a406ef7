"""Against the source document: Q501 copying, Q502 wrong section, Q503 uncited sections and
paragraphs, Q504 page furniture; and how documents are read and mapped to sections."""

from __future__ import annotations

from quizapp.lint import Document
from quizapp.lint.source import parse_document, section_blocks
from quizapp.questions.bank import load_bank_texts
from tests.lint.conftest import SECTIONS, codes, deck_file, lint, messages, short, single


def cover_all() -> list[dict[str, object]]:
    return [
        short(
            "c-1",
            ["the surface"],
            prompt="Which layer of a lake gets cold first?",
            source="cooling",
        ),
        short("c-2", ["ten centimetres"], prompt="How thick for skating?", source="safety"),
    ]


def test_text_document_has_title_body_and_furniture(text_document: Document) -> None:
    assert text_document.title == "How Lakes Freeze"
    assert len(text_document.body) == 3
    assert text_document.furniture[0].text == "Comments"


def test_markdown_headings_are_blocks(markdown_document: Document) -> None:
    assert [b.heading for b in markdown_document.body] == ["Cooling", "Density", "Safety"]
    assert markdown_document.title == "How lakes freeze"


def test_a_document_that_opens_with_a_sentence_or_a_paragraph_has_no_title() -> None:
    sentence = parse_document("lake.txt", "Lakes freeze from the top.\n\nIce floats on water.\n")
    assert sentence.title is None
    assert [b.text for b in sentence.body] == ["Lakes freeze from the top.", "Ice floats on water."]
    paragraph = parse_document("lake.txt", "How lakes freeze\nfrom the top down\n\nIce floats.\n")
    assert paragraph.title is None
    assert paragraph.body[0].text == "How lakes freeze from the top down"


def test_sections_map_in_order_or_by_their_words(
    text_document: Document, markdown_document: Document
) -> None:
    decks, _ = load_bank_texts([("lakes.yaml", deck_file(cover_all()))])
    assert section_blocks(text_document, decks[0]) == {"cooling": 0, "density": 1, "safety": 2}
    reversed_sections = list(reversed(SECTIONS)) + [
        {"id": "extra", "title": "Fish", "note": "Fish under the ice lid."}
    ]
    decks, _ = load_bank_texts([("lakes.yaml", deck_file(cover_all(), reversed_sections))])
    assert section_blocks(markdown_document, decks[0])["safety"] == 2


def test_eight_copied_words(text_document: Document) -> None:
    copied = single(
        "x-1",
        ["Ice on top", "Fog"],
        prompt="Why? Water is densest at four degrees, so the coldest water floats at the top.",
    )
    report = lint([*cover_all(), copied], text_document)
    assert any("question x-1" in m for m in messages(report, "Q501"))
    own = single("x-1", ["Ice on top", "Fog"], prompt="Why does ice form on top of a lake?")
    assert "Q501" not in codes(lint([*cover_all(), own], text_document))


def test_key_terms_in_another_section(text_document: Document) -> None:
    misplaced = short(
        "x-2",
        ["ten centimetres"],
        prompt="How thick must ice be before skaters go out, away from streams and reeds?",
        source="cooling",
    )
    report = lint([*cover_all(), misplaced], text_document)
    assert any("'safety'" in m for m in messages(report, "Q502") if "x-2" in m)
    placed = {**misplaced, "source": "safety"}
    assert "Q502" not in codes(lint([*cover_all(), placed], text_document))


def test_a_section_no_question_cites() -> None:
    report = lint([short("c-1", ["the surface"], source="cooling")])
    assert any("'density'" in m for m in messages(report, "Q503"))
    assert "Q503" not in codes(lint([*cover_all(), short("c-3", ["top"], source="density")]))


def test_a_paragraph_mapped_to_no_section(markdown_document: Document) -> None:
    two = [SECTIONS[0], SECTIONS[2]]
    report = lint([cover_all()[0], cover_all()[1]], markdown_document, two)
    assert any("paragraph 2 of lint-source.md" in m for m in messages(report, "Q503"))


def test_a_question_drawing_on_page_furniture(text_document: Document) -> None:
    furniture = short(
        "x-3", ["boots"], prompt="Which Patagonia trails need the reviewed boots?", source="safety"
    )
    report = lint([*cover_all(), furniture], text_document)
    assert any("x-3" in m for m in messages(report, "Q504"))
    assert "Q504" not in codes(lint(cover_all(), text_document))


def test_names_found_only_in_another_section(text_document: Document) -> None:
    mixed = short(
        "x-4",
        ["a lid of ice"],
        prompt="What seals the lake from above, the thing Skaters test near inflowing streams?",
        source="density",
    )
    report = lint([*cover_all(), mixed], text_document)
    assert any("x-4" in m and "'safety'" in m for m in messages(report, "Q502"))
