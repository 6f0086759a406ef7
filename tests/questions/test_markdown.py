"""Markdown rendering: the safe subset comes through, anything active comes out inert."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quizapp.questions.markdown import ALLOWED_TAGS, render_inline, render_markdown
from tests.questions.conftest import HEAD, deck, question

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    '<iframe src="http://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    '[x](http://ok.example "t" onclick="alert(1)")',
    "**bold <b onmouseover=alert(1)>x</b>**",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("a", "rel")}, html
            if name == "href":
                assert value and value.startswith(("http://", "https://", "mailto:")), html


@pytest.mark.parametrize("text", ATTACKS)
def test_attacks_come_out_inert(text: str) -> None:
    assert_inert(render_markdown(text))
    assert_inert(render_inline(text))


def test_raw_html_is_shown_as_text() -> None:
    assert render_markdown("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )
    assert render_inline("a <b>b</b>") == "a &lt;b&gt;b&lt;/b&gt;"


def test_the_safe_subset_is_rendered() -> None:
    html = render_markdown(
        "*em* **strong** `code`\n\n- one\n- two\n\n> quoted\n\n[link](https://e.example/)"
    )
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<code>code</code>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://e.example/" rel="noopener noreferrer nofollow">link</a>' in html


def test_inline_has_no_paragraph() -> None:
    assert render_inline("*Blue*") == "<em>Blue</em>"


def test_relative_links_lose_their_target() -> None:
    assert "href" not in render_inline("[x](/admin)")


def test_every_markdown_field_of_a_bank_renders_inert() -> None:
    attack = " ".join(ATTACKS).replace('"', "'")
    head = HEAD.replace('"A deck for *tests*."', f'"{attack}"').replace(
        '"What part one says."', f'"{attack}"'
    )
    common = (
        f'    prompt: "{attack}"\n'
        f'    explanation: "{attack}"\n'
        "    topics: [alpha]\n"
        "    source: s1\n"
    )
    body = (
        "    options:\n"
        f'      - text: "{attack}"\n        correct: true\n        feedback: "{attack}"\n'
        '      - text: "plain"\n'
    )
    spec = deck(head + question("q", "single_choice", body, common))
    texts = [spec.description, spec.sections[0].note]
    q = spec.questions[0]
    texts += [
        q.prompt,
        q.explanation,
        q.body["options"][0]["text"],
        q.body["options"][0]["feedback"],
    ]
    for text in texts:
        assert text == attack
        assert_inert(render_markdown(text))
        assert_inert(render_inline(text))
