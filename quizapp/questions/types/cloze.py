"""Cloze: a passage with named blanks, each with its accepted answers; credit per blank."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from quizapp.questions.markdown import render_inline
from quizapp.questions.nodes import MERGE, REFUSED, STR, Scope, shorten
from quizapp.questions.textmatch import matches
from quizapp.questions.types import CardCheck, QuestionType, _typed
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    CardInput,
    ClozePart,
    Flow,
    LintTexts,
    Malformed,
    Response,
    ResponseForm,
    fraction,
    response_field,
)

BLANK = re.compile(r"\{\{([a-z0-9_]+)\}\}")
# Anything between double braces, so that a malformed blank is reported, not left as text.
ANY_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
BLANK_NAME = re.compile(r"[a-z0-9_]+")


def blank_names(text: str) -> list[str]:
    """The blanks of a passage in reading order: blank number n is `blank_names[n - 1]`."""
    return BLANK.findall(text)


def _parts(text: str) -> tuple[ClozePart, ...]:
    parts: list[ClozePart] = []
    last = 0
    for number, match in enumerate(BLANK.finditer(text), start=1):
        parts.append(ClozePart(html=render_inline(text[last : match.start()])))
        parts.append(ClozePart(blank=number))
        last = match.end()
    parts.append(ClozePart(html=render_inline(text[last:])))
    return tuple(part for part in parts if part.blank or part.html)


def _check_text(scope: Scope, text_node: Node | None) -> tuple[str | None, list[str] | None]:
    text = scope.text(text_node, "'text'")
    if text is None or text_node is None:
        return text, None
    placeholders: list[str] = []
    for match in ANY_BLANK.finditer(text):
        name = match.group(1)
        if not BLANK_NAME.fullmatch(name):
            scope.problem(
                text_node,
                f"'{shorten(match.group())}' in 'text' is not a valid blank: a blank name "
                "uses only lowercase letters, digits and _, like {{drone}}",
            )
        elif name in placeholders:
            scope.problem(text_node, f"blank '{{{{{name}}}}}' appears twice in 'text'; use it once")
        else:
            placeholders.append(name)
    if not placeholders and not ANY_BLANK.search(text):
        scope.problem(text_node, "'text' has no blanks: mark each one as {{name}}")
    return text, placeholders


def _check_blanks(
    scope: Scope, blanks_node: Node | None, placeholders: list[str] | None
) -> dict[str, list[str]]:
    """Each blank's accepted answers; every blank in 'text' needs an entry and every entry a
    place in 'text'."""
    if blanks_node is None or not scope.is_kind(
        blanks_node, MappingNode, "'blanks'", "a set of blank names with their answers"
    ):
        return {}
    entries, answers = _blank_entries(scope, blanks_node)
    if placeholders is not None:
        _check_blanks_match_text(scope, blanks_node, placeholders, entries)
    return answers


def _blank_entries(scope: Scope, blanks_node: Node) -> tuple[dict[str, Node], dict[str, list[str]]]:
    """The entries under 'blanks' with a valid name (by name, with their key node) and their
    accepted answers."""
    entries: dict[str, Node] = {}
    answers: dict[str, list[str]] = {}
    for key, value in blanks_node.value:
        if not isinstance(key, ScalarNode) or key.tag in (MERGE, REFUSED):
            continue
        name = str(key.value)
        if key.tag != STR or not BLANK_NAME.fullmatch(name):
            scope.problem(
                key,
                f"'{shorten(name)}' is not a valid blank name: use only lowercase letters, "
                "digits and _",
            )
            continue
        if name in entries:
            continue  # a repeated key, reported while reading the YAML
        entries[name] = key
        answers[name] = _typed.accepted_answers(scope, value, f"blank '{name}'")
    return entries, answers


def _check_blanks_match_text(
    scope: Scope, blanks_node: Node, placeholders: list[str], entries: Mapping[str, Node]
) -> None:
    for name in placeholders:
        if name not in entries:
            scope.problem(blanks_node, f"blank '{{{{{name}}}}}' in 'text' has no entry in 'blanks'")
    for name, key in entries.items():
        if name not in placeholders:
            scope.problem(
                key,
                f"blank '{name}' is not used in 'text' (write {{{{{name}}}}} where it "
                "goes, or remove it)",
            )


class Cloze(QuestionType):
    NAME = "cloze"
    LABEL = "Fill in the blanks"
    REQUIRED = ("text", "blanks")
    OPTIONAL = ("typos",)
    ANALYSIS = "typed"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        text, placeholders = _check_text(scope, fields.get("text"))
        answers = _check_blanks(scope, fields.get("blanks"), placeholders)
        ordered = [name for name in placeholders or () if name in answers]
        ordered += [name for name in answers if name not in ordered]
        return {
            "text": text,
            "blanks": {name: answers[name] for name in ordered},
            "typos": _typed.typos(scope, fields),
        }

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        blanks: Mapping[str, Sequence[str]] = body["blanks"]
        given = response_field(response, "blanks", Mapping)
        if any(name not in blanks or not isinstance(text, str) for name, text in given.items()):
            raise Malformed
        typos = body.get("typos", 0)
        # A blank left out of the response is an unanswered blank, not a malformed response.
        parts = [matches(given.get(name, ""), accepted, typos) for name, accepted in blanks.items()]
        return fraction(parts), parts

    def part_count(self, body: Body) -> int:
        return len(body["blanks"])

    def view(self, body: Body, order: Mapping[str, Sequence[int]]) -> dict[str, Any]:
        return {"cloze": _parts(body["text"])}

    def answer_key(self, body: Body) -> list[str]:
        return [
            f"Blank {number}: " + " or ".join(render_inline(a) for a in body["blanks"][name])
            for number, name in enumerate(blank_names(body["text"]), start=1)
        ]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        # The page numbers the blanks; the answer is stored by the bank's blank names.
        blanks = {
            name: form.text(f"blank-{number}")
            for number, name in enumerate(blank_names(body["text"]), start=1)
        }
        return {"blanks": blanks} if any(blanks.values()) else None

    def form_values(
        self, body: Body, response: Response, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any]:
        typed = response.get("blanks", {})
        return {
            "blanks": {
                number: typed.get(name, "")
                for number, name in enumerate(blank_names(body["text"]), start=1)
            }
        }

    def export(self, body: Body) -> dict[str, Any]:
        blanks = {name: Flow(answers) for name, answers in body["blanks"].items()}
        return _typed.with_typos({"text": body["text"], "blanks": blanks}, body)

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        accepted = tuple(
            (f"blank '{{{{{name}}}}}'", tuple(answers)) for name, answers in body["blanks"].items()
        )
        return LintTexts(
            accepted=accepted,
            keyed=tuple(answers[0] for _, answers in accepted if answers),
            shown=(body["text"],),
            right=(body["text"],),
            stem=body["text"],
        )

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        given = response["blanks"]
        return [
            _typed.typed_answer(name, given.get(name) or "", accepted, body)
            for name, accepted in body["blanks"].items()
        ]

    def card_inputs(self, body: Body) -> tuple[CardInput, ...]:
        return tuple(
            CardInput(f"blank-{number}", f"Blank {number} (optional)")
            for number in range(1, len(blank_names(body["text"])) + 1)
        )

    def card_checks(self, body: Body, typed: Mapping[str, str]) -> list[CardCheck]:
        typos = int(body.get("typos", 0))
        checks = []
        for number, name in enumerate(blank_names(body["text"]), start=1):
            text = typed.get(f"blank-{number}", "")
            if text:
                accepted = tuple(body["blanks"][name])
                right = matches(text, accepted, typos)
                checks.append(CardCheck(f"Blank {number}", text, accepted, typos, right))
        return checks

    def right_response(self, body: Body) -> dict[str, Any]:
        return {"blanks": {name: answers[0] for name, answers in body["blanks"].items()}}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        return {"blanks": {name: "?" for name in body["blanks"]}}

    # Exchange formats (quizapp.exchange): GIFT holds one blank (as Moodle's "missing word"),
    # Moodle XML every blank (as embedded answers, {1:SHORTANSWER:=...}).

    GIFT_READS = ("gift:missingword",)
    MOODLE_XML_READS = ("cloze",)
    ANKI_READS = ("anki:cloze",)

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange.gift import Written, escape
        from quizapp.exchange.model import Skipped
        from quizapp.exchange.moodle import typos_lost

        blanks = question.body["blanks"]
        if len(blanks) != 1:
            return Skipped(
                question.id,
                f"left out: GIFT holds one blank per question and this one has {len(blanks)} "
                "(Moodle XML holds them all)",
            )
        [(name, answers)] = blanks.items()
        before, _, after = question.body["text"].partition("{{" + name + "}}")
        notes = typos_lost(question)
        if not after.strip():
            notes.append(
                Skipped(
                    question.id,
                    "kept as a short answer question: its blank ends the text, and Moodle reads "
                    "a GIFT blank at the end as a short answer question",
                )
            )
        return Written(
            text=f"\n\n{before}",
            after=after,
            answers=[f"={escape(answer)}" for answer in answers],
            notes=notes,
            comment=[f"[blank:{name}]"],
        )

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        from quizapp.exchange.moodle import typos_lost

        xml.comment("blanks: " + ", ".join(question.body["blanks"]))
        return typos_lost(question)

    def moodle_xml_text(self, question: Any) -> str:
        """The prompt, a blank line, and the text with each blank as an embedded answer."""
        from quizapp.exchange.moodle_xml import embedded_answers

        blanks = question.body["blanks"]
        text = BLANK.sub(lambda m: embedded_answers(blanks[m.group(1)]), question.body["text"])
        return f"{question.prompt}\n\n{text}"

    def from_gift(self, reading: Any, answers: str) -> bool:
        from quizapp.exchange.gift import BLANK as GIFT_BLANK
        from quizapp.exchange.gift import CLOZE_PROMPT

        accepted = reading.accepted(answers)
        if not accepted:
            return False
        prompt = reading.question.prompt
        cut = prompt.rfind("\n\n", 0, prompt.find(GIFT_BLANK))
        lead, text = (prompt[:cut].strip(), prompt[cut + 2 :]) if cut >= 0 else ("", prompt)
        name = reading.blank_name
        reading.question.type = self.NAME
        reading.question.prompt = lead or CLOZE_PROMPT
        reading.question.fields = {
            "text": text.replace(GIFT_BLANK, "{{" + name + "}}", 1),
            "blanks": {name: accepted},
            "typos": 0,
        }
        return True

    def from_moodle_xml(self, reading: Any) -> bool:
        from quizapp.exchange.moodle_xml import CLOZE_PROMPT, embedded_blanks

        found = embedded_blanks(reading)
        if found is None:
            return False
        text, tokens, blanks = found
        first = min(text.find(token) for token in tokens)
        cut = text.rfind("\n\n", 0, first)
        lead, body = (text[:cut].strip(), text[cut + 2 :].strip()) if cut >= 0 else ("", text)
        for token, placeholder in tokens.items():
            body = body.replace(token, placeholder)
        reading.question.type = self.NAME
        reading.question.prompt = lead or CLOZE_PROMPT
        reading.question.fields = {"text": body, "blanks": blanks, "typos": 0}
        return True

    # Anki (quizapp.exchange.apkg): a cloze note, one card per blank; and CSV.

    def to_anki(self, anki: Any, question: Any) -> Any:
        blanks: Mapping[str, Sequence[str]] = question.body["blanks"]
        names = BLANK.findall(question.body["text"])
        numbers = {name: number for number, name in enumerate(names, start=1)}
        # Markdown is rendered around markers, then each marker becomes an Anki deletion, so
        # neither the Markdown renderer nor Anki's cloze syntax sees the other's text.
        marked = BLANK.sub(lambda m: f"QZBLANK{numbers[m.group(1)]}QZ", question.body["text"])
        text = anki.md(marked)
        for name, number in numbers.items():
            text = text.replace(f"QZBLANK{number}QZ", anki.deletion(number, blanks[name][0]))
        front = anki.md(question.prompt) + f'<div class="cloze-text">{text}</div>'
        lost = anki.typos_lost(question)
        others = [
            f"blank {numbers[name]}: " + ", ".join(anki.escape(a) for a in blanks[name][1:])
            for name in names
            if len(blanks[name]) > 1
        ]
        if others:
            lost.append("other accepted answers of a blank are shown on the back only")
        return anki.cloze(front, ("Also accepted: " + "; ".join(others)) if others else "", lost)

    def from_anki(self, note: Any) -> Any:
        prompt, marker, rest = note.values.get("Text", "").partition('<div class="cloze-text">')
        if not note.is_cloze or not marker or not rest.endswith("</div>"):
            return None
        text, blanks, lost = note.deletions(rest.removesuffix("</div>"))
        if not blanks or lost:
            return None
        for number, answers in note.BLANK_ALSO.findall(note.also()):
            name = f"c{number}"
            if name in blanks:
                blanks[name] += [a.strip() for a in answers.split(", ") if a.strip()]
        return note.question(self.NAME, prompt, {"text": text, "blanks": blanks})

    def from_blanks(self, question: Any, text: str, blanks: dict[str, list[str]]) -> bool:
        """Another app's cloze (`ANKI_READS`): `text` with our `{{name}}` blanks."""
        question.type = self.NAME
        question.fields = {"text": text, "blanks": blanks}
        return True

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        blanks = [f"{name}: {' / '.join(answers)}" for name, answers in body["blanks"].items()]
        return [body["text"]], blanks, []

    def to_quizlet(self, question: Any) -> tuple[list[tuple[str, str]], list[str]]:
        """A one-blank text, the blank shown as a gap, asks for its answer; a text of several
        blanks has no one term."""
        blanks = question.body["blanks"]
        if len(blanks) != 1:
            return [], [f"Quizlet holds one term a card, and this text has {len(blanks)} blanks"]
        [(name, answers)] = blanks.items()
        text = question.body["text"].replace("{{" + name + "}}", "_____")
        lost = _typed.others_lost(answers)
        return [(answers[0], f"{question.prompt} {text}")], lost


TYPE = Cloze()
