"""Notes this app's own `.apkg` export wrote (its notetypes carry a "Question id" field) read
back to the question each came from, from the markup `apkg.py` gives them: so a deck sent to
Anki, and perhaps edited there, comes back as the same types with the same ids. A note whose
markup no longer has that shape is left to the reader's generic rules."""

from __future__ import annotations

import html
import re
from typing import Any

from quizapp.exchange.builder import NeutralQuestion, make_id
from quizapp.exchange.html_text import plain_text, to_markdown

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


def own_question(values: dict[str, str], is_cloze: bool) -> NeutralQuestion | None:
    """The question an own note came from, or None if its markup was changed past reading."""
    question: NeutralQuestion | None
    if is_cloze:
        question = _cloze(values)
    elif ALSO_FIELD in values:
        question = _typed(values)
    else:
        question = _basic(values.get("Front", ""), values.get("Back", ""))
    if question is None:
        return None
    question.id = make_id(values.get(OWN_FIELD, "")) or None
    question.explanation = to_markdown(values.get("Explanation", "")) or None
    return with_own_section(question, values)


def with_own_section(question: NeutralQuestion, values: dict[str, str]) -> NeutralQuestion:
    """The question with the section its own note's Source field names, if it names one."""
    found = _SOURCE.match(values.get("Source", ""))
    if found:
        question.section_id = html.unescape(found.group(1)) or None
        question.section = html.unescape(found.group(2))
        question.section_note = to_markdown(found.group(3)) or None
    return question


def _also(values: dict[str, str]) -> str:
    return plain_text(values.get(ALSO_FIELD, "")).removeprefix(_ALSO)


def _typed(values: dict[str, str]) -> NeutralQuestion | None:
    answer = plain_text(values.get("Back", ""))
    if not answer:
        return None
    others = [a.strip() for a in _also(values).split(", ") if a.strip()]
    return NeutralQuestion(
        type="short_answer",
        prompt=to_markdown(values.get("Front", "")),
        fields={"answers": [answer, *others]},
    )


def _cloze(values: dict[str, str]) -> NeutralQuestion | None:
    prompt, marker, rest = values.get("Text", "").partition('<div class="cloze-text">')
    if not marker or not rest.endswith("</div>"):
        return None
    text, blanks, lost = cloze_text(rest.removesuffix("</div>"))
    if not blanks or lost:
        return None
    for number, answers in _BLANK_ALSO.findall(_also(values)):
        name = f"c{number}"
        if name in blanks:
            blanks[name] += [a.strip() for a in answers.split(", ") if a.strip()]
    return NeutralQuestion(
        type="cloze",
        prompt=to_markdown(prompt),
        fields={"text": text, "blanks": blanks},
    )


def _items(list_html: str) -> list[str]:
    return [to_markdown(item) for item in _ITEM.findall(list_html)]


def _basic(front: str, back: str) -> NeutralQuestion | None:
    if back.startswith('<p class="right">'):
        return _true_false(front, back)
    if back.startswith('<ol class="options">'):
        prompt = front.partition('<ul class="options">')[0]
        return NeutralQuestion(
            type="ordering", prompt=to_markdown(prompt), fields={"items": _items(back)}
        )
    if CHOOSE_FROM in front:
        return _matching(front, back)
    if back.startswith('<ul class="options"><li><span'):
        return _choice(front, back)
    return None


def _choice(front: str, back: str) -> NeutralQuestion | None:
    prompt = front.partition('<ol class="options">')[0]
    multiple = f"<p>{SELECT_ALL}</p>" in prompt
    options: list[dict[str, Any]] = []
    for item in _ITEM.findall(back):
        found = _OPTION.match(item)
        if found is None:
            return None
        option: dict[str, Any] = {"text": to_markdown(found.group(2))}
        if found.group(1) == "✓":
            option["correct"] = True
        if found.group(3):
            option["feedback"] = to_markdown(found.group(3))
        options.append(option)
    return NeutralQuestion(
        type="multiple_choice" if multiple else "single_choice",
        prompt=to_markdown(prompt.replace(f"<p>{SELECT_ALL}</p>", "")),
        fields={"options": options},
    )


def _true_false(front: str, back: str) -> NeutralQuestion | None:
    answer = back.startswith('<p class="right">True</p>')
    if not answer and not back.startswith('<p class="right">False</p>'):
        return None
    fields: dict[str, Any] = {"answer": answer}
    right, wrong = (
        ("feedback_true", "feedback_false") if answer else ("feedback_false", "feedback_true")
    )
    said_wrong = _WRONG.search(back)
    if said_wrong:
        fields[wrong] = to_markdown(said_wrong.group(1))
        back = back.replace(said_wrong.group(0), "")
    said_right = _FEEDBACK.search(back)
    if said_right:
        fields[right] = to_markdown(said_right.group(1))
    return NeutralQuestion(
        type="true_false", prompt=to_markdown(front.replace(TRUE_OR_FALSE, "")), fields=fields
    )


def _matching(front: str, back: str) -> NeutralQuestion | None:
    head, _, choices = front.partition(CHOOSE_FROM)
    prompt, _, lefts = head.partition('<ul class="options">')
    pairs = []
    for item in _items(back):
        left, arrow, right = item.partition(" → ")
        if not arrow:
            return None
        pairs.append({"left": left, "right": right})
    rights = {pair["right"] for pair in pairs}
    fields: dict[str, Any] = {"pairs": pairs}
    distractors = [text for text in _items(choices) if text not in rights]
    if distractors:
        fields["distractors"] = distractors
    return NeutralQuestion(type="matching", prompt=to_markdown(prompt), fields=fields)
