"""Notes this app's own `.apkg` export wrote (its notetypes carry a "Question id" field) read
back to the question each came from, from the markup `apkg.py` gives them (each question
type's `from_anki` reads what its `to_anki` wrote): so a deck sent to
Anki, and perhaps edited there, comes back as the same types with the same ids. A note whose
markup no longer has that shape is left to the reader's generic rules."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.exchange.builder import NeutralQuestion, make_id
from quizapp.exchange.html_text import plain_text, to_markdown
from quizapp.questions import types

OWN_FIELD = "Question id"
SELECT_ALL = "Select all that apply."
CHOOSE_FROM = "<p>Choose from:</p>"
TRUE_OR_FALSE = "<p>True or false?</p>"
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

_SOURCE = re.compile(
    r'^<p class="section" data-id="([^"]*)"><strong>(.*?)</strong></p>(.*)$', re.DOTALL
)
_ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)
_OPTION = re.compile(
    r'^<span(?: class="right")?>([✓✗]) (.*?)</span>(?:<div class="feedback">(.*?)</div>)?$',
    re.DOTALL,
)
_FEEDBACK = re.compile(r'<div class="feedback">(.*?)</div>', re.DOTALL)
_WRONG = re.compile(r'<div class="feedback wrong"><p>If you said \w+:</p>(.*?)</div>', re.DOTALL)
ALSO_FIELD = "Also accepted"
_ALSO = "Also accepted: "
_BLANK_ALSO = re.compile(r"blank (\d+): (.*?)(?=; blank \d+: |$)", re.DOTALL)


def source_field(section_id: str, title: str, note_html: str) -> str:
    """A note's Source field: the section's id, title and note (written by `apkg.py`)."""
    return (
        f'<p class="section" data-id="{html.escape(section_id)}">'
        f"<strong>{html.escape(title)}</strong></p>{note_html}"
    )


def cloze_text(source: str) -> tuple[str, dict[str, list[str]], list[str]]:
    """An Anki cloze field as our cloze text (Markdown with `{{c1}}`, `{{c2}}`...), its blanks'
    answers, and what did not come across; no blanks if no deletion could be read."""
    lost: list[str] = []
    blanks: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    markers: dict[str, str] = {}

    def blank(match: re.Match[str]) -> str:
        number, answer, hint = match.group(1), match.group(2), match.group(3)
        seen[number] = seen.get(number, 0) + 1
        name = f"c{number}" if seen[number] == 1 else f"c{number}_{seen[number]}"
        blanks[name] = [" ".join(plain_text(answer).split())]
        if hint:
            lost.append(f"the hint of blank {name} ('{plain_text(hint)}')")
        # Markdown is made around markers, so markdownify never sees (or escapes) the blanks.
        marker = f"QZBLANK{len(markers)}QZ"
        markers[marker] = name
        return marker

    marked = CLOZE.sub(blank, source)
    if "{{c" in marked:
        return "", {}, ["a cloze deletion it cannot read (nested deletions are not supported)"]
    if any(count > 1 for count in seen.values()):
        lost.append(
            "deletions sharing a number were one Anki card; here every blank is asked at once"
        )
    text = to_markdown(marked)
    for marker, name in markers.items():
        text = text.replace(marker, f"{{{{{name}}}}}")
    return text, blanks, lost


@dataclass(frozen=True)
class OwnNote:
    """A note our export wrote, as a question type's `from_anki(note)` reads it back: its
    fields by name, whether it is a cloze or a type-in note, and the markup `apkg.py` wrote."""

    values: Mapping[str, str]
    is_cloze: bool

    SELECT_ALL = SELECT_ALL
    TRUE_OR_FALSE = TRUE_OR_FALSE
    CHOOSE_FROM = CHOOSE_FROM
    OPTION = _OPTION
    FEEDBACK = _FEEDBACK
    WRONG = _WRONG
    BLANK_ALSO = _BLANK_ALSO
    markdown = staticmethod(to_markdown)
    plain = staticmethod(plain_text)
    deletions = staticmethod(cloze_text)

    @property
    def front(self) -> str:
        return self.values.get("Front", "")

    @property
    def back(self) -> str:
        return self.values.get("Back", "")

    @property
    def typed(self) -> bool:
        """A type-in note: only that notetype has an "Also accepted" field beside its back."""
        return ALSO_FIELD in self.values and not self.is_cloze

    def also(self) -> str:
        return plain_text(self.values.get(ALSO_FIELD, "")).removeprefix(_ALSO)

    @staticmethod
    def item_html(list_html: str) -> list[str]:
        """The items of a list as HTML."""
        return _ITEM.findall(list_html)

    def items(self, list_html: str) -> list[str]:
        """The items of a list as Markdown."""
        return [to_markdown(item) for item in self.item_html(list_html)]

    @staticmethod
    def question(kind: str, prompt_html: str, fields: dict[str, Any]) -> NeutralQuestion:
        return NeutralQuestion(type=kind, prompt=to_markdown(prompt_html), fields=fields)


def own_question(values: dict[str, str], is_cloze: bool) -> NeutralQuestion | None:
    """The question an own note came from (asking each type whether it wrote the note), or
    None if its markup was changed past reading."""
    note = OwnNote(values, is_cloze)
    question = next(
        (
            found
            for read in map(_own_reader, types.names())
            if read is not None and (found := read(note)) is not None
        ),
        None,
    )
    if question is None:
        return None
    question.id = make_id(values.get(OWN_FIELD, "")) or None
    question.explanation = to_markdown(values.get("Explanation", "")) or None
    return with_own_section(question, values)


def _own_reader(name: str) -> Callable[[OwnNote], NeutralQuestion | None] | None:
    return types.mapping(name, "from_anki")


def with_own_section(question: NeutralQuestion, values: Mapping[str, str]) -> NeutralQuestion:
    """The question with the section its own note's Source field names, if it names one."""
    found = _SOURCE.match(values.get("Source", ""))
    if found:
        question.section_id = html.unescape(found.group(1)) or None
        question.section = html.unescape(found.group(2))
        question.section_note = to_markdown(found.group(3)) or None
    return question
