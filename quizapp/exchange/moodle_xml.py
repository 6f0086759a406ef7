"""Moodle XML both ways, as Moodle's own importer reads it (moodle/moodle
question/format/xml/format.php): categories with their idnumber and info, every type this app
has (cloze as embedded answers, ordering as qtype_ordering), ids as idnumbers, topics as tags.

Files are parsed with defusedxml: entity declarations and external references are refused."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.exchange import moodle
from quizapp.exchange.builder import DeckHint, NeutralQuestion, build_deck, has_type
from quizapp.exchange.model import (
    Converted,
    ConvertError,
    ConvertProblem,
    Exported,
    ExportRequest,
    Format,
    Skipped,
)
from quizapp.exchange.text import decode
from quizapp.questions.bank import PLACEHOLDER
from quizapp.questions.model import DeckSpec, QuestionSpec

TEXT_FORMAT = "markdown"
CLOZE_PROMPT = "Fill in the blanks."
# Inside an embedded answer these characters are written with a backslash before them.
_CLOZE_ESCAPE = str.maketrans({c: "\\" + c for c in '\\}#~/"'})
_EMBEDDED = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^}\\])*)\}")
_CLOZE_UNESCAPE = re.compile(r"\\(.)")
_BLANK_NAMES = re.compile(r"blanks: ([a-z0-9_, ]+)")

# ---------------------------------------------------------------------------------------------
# Export: written as text (building an element tree for 10,000 questions takes seconds)


class _Xml:
    """The lines of the file, indented two spaces a level."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    def open(self, tag: str, **attributes: str) -> None:
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in attributes.items())
        self.lines.append(f"{'  ' * self.depth}<{tag}{attrs}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def value(self, tag: str, value: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<{tag}>{escape(value)}</{tag}>")

    def text(self, tag: str, value: str, text_format: str | None = TEXT_FORMAT) -> None:
        """`<tag format="markdown"><text>value</text></tag>`, Moodle's shape for a text."""
        if text_format is None:
            self.open(tag)
        else:
            self.open(tag, format=text_format)
        self.value("text", value)
        self.close(tag)

    def comment(self, text: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<!-- {text.replace('--', '- -')} -->")

    def answer(self, fraction: str, text: str, feedback: str | None = None) -> None:
        self.open("answer", fraction=fraction, format=TEXT_FORMAT)
        self.value("text", text)
        self.text("feedback", feedback or "")
        self.close("answer")


def _category(xml: _Xml, names: list[str], info: str, idnumber: str) -> None:
    xml.open("question", type="category")
    xml.text("category", moodle.join_category(names), None)
    xml.text("info", info)
    xml.value("idnumber", idnumber)
    xml.close("question")


def _typos_lost(question: QuestionSpec) -> list[Skipped]:
    typos = question.body.get("typos") or 0
    if not typos:
        return []
    return [
        Skipped(
            question.id,
            f"kept, but its typo tolerance (typos: {typos}) is lost: Moodle accepts only the "
            "answers as written (ignoring case)",
        )
    ]


def _write_choice(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    options = question.body["options"]
    single = question.type == "single_choice"
    xml.value("single", "true" if single else "false")
    xml.value("shuffleanswers", "true")
    xml.value("answernumbering", "abc")
    weights = [100.0 if o["correct"] else 0.0 for o in options] if single else None
    for option, weight in zip(options, weights or moodle.choice_weights(options), strict=True):
        xml.answer(moodle.weight_text(weight), option["text"], option.get("feedback"))
    return []


def _write_true_false(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    body = question.body
    for value in (True, False):
        fraction = "100" if body["answer"] is value else "0"
        xml.answer(
            fraction, "true" if value else "false", body.get(f"feedback_{str(value).lower()}")
        )
    return []


def _write_short_answer(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    xml.value("usecase", "0")
    for answer in question.body["answers"]:
        xml.answer("100", answer)
    return _typos_lost(question)


def cloze_text(question: QuestionSpec) -> str:
    """The prompt, a blank line, and the text with each blank as an embedded answer."""
    blanks = question.body["blanks"]

    def embedded(match: re.Match[str]) -> str:
        answers = "~".join("=" + a.translate(_CLOZE_ESCAPE) for a in blanks[match.group(1)])
        return "{1:SHORTANSWER:" + answers + "}"

    return f"{question.prompt}\n\n{PLACEHOLDER.sub(embedded, question.body['text'])}"


def _write_cloze(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    xml.comment("blanks: " + ", ".join(question.body["blanks"]))
    return _typos_lost(question)


def _write_ordering(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", "0"),
        ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        xml.value(tag, value)
    for position, item in enumerate(question.body["items"], 1):
        xml.answer(str(position), item)
    return []


def _write_numerical(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    """Each answer as a value and tolerance (Moodle XML has no ranges: a range becomes its
    middle, give or take half its width), with its credit and feedback; units optional."""
    notes = []
    for answer in question.body["answers"]:
        if "value" in answer:
            value, tolerance = answer["value"], answer.get("tolerance") or 0
        else:
            value = (answer["min"] + answer["max"]) / 2
            tolerance = (answer["max"] - answer["min"]) / 2
            notes.append(
                Skipped(
                    question.id,
                    f"kept, but the range {moodle.number_text(answer['min'])} to "
                    f"{moodle.number_text(answer['max'])} is written as "
                    f"{moodle.number_text(value)} ± {moodle.number_text(tolerance)}, the same "
                    "numbers",
                )
            )
        xml.open(
            "answer",
            fraction=moodle.weight_text(answer["credit"] * 100),
            format="moodle_auto_format",
        )
        xml.value("text", moodle.number_text(value))
        xml.value("tolerance", moodle.number_text(tolerance))
        xml.text("feedback", answer.get("feedback") or "")
        xml.close("answer")
    units = question.body.get("units") or []
    if units:
        xml.open("units")
        for unit in units:
            xml.open("unit")
            xml.value("multiplier", "1")
            xml.value("unit_name", unit)
            xml.close("unit")
        xml.close("units")
    # Units optional, typed after the number, no penalty: as this app grades them.
    for tag, value in (
        ("unitgradingtype", "0"),
        ("unitpenalty", "0"),
        ("showunits", "3"),
        ("unitsleft", "0"),
    ):
        xml.value(tag, value)
    return notes


def _write_matching(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    xml.value("shuffleanswers", "true")
    pairs = [(p["left"], p["right"]) for p in question.body["pairs"]]
    pairs += [("", text) for text in question.body.get("distractors") or ()]
    for left, right in pairs:
        xml.open("subquestion", format=TEXT_FORMAT)
        xml.value("text", left)
        xml.text("answer", right, None)
        xml.close("subquestion")
    return []


_WRITERS = {
    "single_choice": ("multichoice", _write_choice),
    "multiple_choice": ("multichoice", _write_choice),
    "true_false": ("truefalse", _write_true_false),
    "short_answer": ("shortanswer", _write_short_answer),
    "cloze": ("cloze", _write_cloze),
    "ordering": ("ordering", _write_ordering),
    "matching": ("matching", _write_matching),
    "numerical": ("numerical", _write_numerical),
}


def _write_question(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    writer = _WRITERS.get(question.type)
    if writer is None:
        return [Skipped(question.id, f"left out: Moodle XML export has no {question.type} type")]
    moodle_type, write = writer
    xml.open("question", type=moodle_type)
    xml.text("name", question.id, None)
    prompt = cloze_text(question) if question.type == "cloze" else question.prompt
    xml.text("questiontext", prompt)
    xml.text("generalfeedback", question.explanation)
    xml.value("defaultgrade", "1")
    xml.value("penalty", "0.3333333")
    xml.value("hidden", "0")
    xml.value("idnumber", question.id)
    notes = write(xml, question)
    xml.open("tags")
    for tag in moodle.question_tags(question):
        xml.text("tag", tag, None)
    xml.close("tags")
    xml.close("question")
    return notes


def export_moodle_xml(request: ExportRequest) -> Exported:
    deck: DeckSpec = request.deck
    xml = _Xml()
    xml.lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    xml.open("quiz")
    xml.comment(f"{deck.title}: exported from quizapp as Moodle XML")
    _category(xml, [deck.title], deck.description, deck.slug)
    skipped: list[Skipped] = []
    current = None
    sections = {section.id: section for section in deck.sections}
    for question in deck.questions:
        if question.source != current and question.source in sections:
            section = sections[question.source]
            _category(xml, [deck.title, section.title], section.note, f"{deck.slug}/{section.id}")
            current = question.source
        skipped += _write_question(xml, question)
    xml.close("quiz")
    data = ("\n".join(xml.lines) + "\n").encode("utf-8")
    return Exported(data, f"{deck.slug}-moodle.xml", tuple(skipped))


# ---------------------------------------------------------------------------------------------
# Convert


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each <question> starts on, and keeps comments."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True)
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _parse(text: str, file: str) -> tuple[ET.Element, dict[int, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        raise ConvertError(
            file,
            line,
            f"refused: the file declares entities or external references ({type(exc).__name__}); "
            "they can expand to gigabytes (a 'billion laughs') or read files on the server, "
            "and Moodle's own export never writes them",
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0]
        message = str(exc).split(": line")[0]
        raise ConvertError(file, line, f"this is not well-formed XML ({message})") from None
    if root.tag != "quiz":
        raise ConvertError(
            file, 1, f"a Moodle XML file has <quiz> at its top, this one has <{root.tag}>"
        )
    return root, builder.lines


def _get(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _formatted(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return moodle.to_markdown(_get(element, "text"), element.get("format", "html"))


@dataclass
class _Reader:
    file: str
    questions: list[NeutralQuestion] = field(default_factory=list)
    problems: list[ConvertProblem] = field(default_factory=list)
    hint: DeckHint = field(default_factory=DeckHint)
    section: tuple[str | None, str | None, str | None] = (None, None, None)


@dataclass
class _Reading:
    reader: _Reader
    element: ET.Element
    question: NeutralQuestion

    def lost(self, message: str) -> None:
        self.reader.problems.append(
            ConvertProblem(self.reader.file, self.question.line, self.question.label, message)
        )

    def answers(self) -> list[tuple[float, str, str, ET.Element]]:
        found = []
        for answer in self.element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            text = moodle.to_markdown(_get(answer, "text"), answer.get("format", "moodle"))
            found.append((fraction, text, _formatted(answer.find("feedback")), answer))
        return found


def _read_choice(reading: _Reading) -> bool:
    single = _get(reading.element, "single").strip().lower() in ("true", "1")
    answers = reading.answers()
    right, lost = moodle.choice_marks(single, [(fraction, text) for fraction, text, *_ in answers])
    for message in lost:
        reading.lost(message)
    reading.question.type = "single_choice" if single else "multiple_choice"
    reading.question.fields = {
        "options": [
            {"text": text, "correct": correct, "feedback": feedback or None}
            for correct, (_, text, feedback, _) in zip(right, answers, strict=True)
        ]
    }
    return True


def _read_true_false(reading: _Reading) -> bool:
    fields: dict[str, Any] = {"answer": None, "feedback_true": None, "feedback_false": None}
    for fraction, text, feedback, _ in reading.answers():
        value = text.strip().lower() == "true"
        fields["feedback_true" if value else "feedback_false"] = feedback or None
        if fraction >= 100:
            fields["answer"] = value
    if fields["answer"] is None:
        reading.lost("left out: neither true nor false gets full credit")
        return False
    reading.question.type = "true_false"
    reading.question.fields = fields
    return True


def _full_credit(
    reading: _Reading, answers: Sequence[tuple[float, str, str | None]], where: str
) -> list[str]:
    accepted, lost = moodle.typed_answers(answers, where)
    for message in lost:
        reading.lost(message)
    return accepted


def _read_short_answer(reading: _Reading) -> bool:
    if _get(reading.element, "usecase").strip() == "1":
        reading.lost("case-sensitive grading is lost: answers here are compared ignoring case")
    answers = [(f, text, fb) for f, text, fb, _ in reading.answers()]
    accepted = _full_credit(reading, answers, "")
    if not accepted:
        reading.lost("left out: no answer gets full credit")
        return False
    reading.question.type = "short_answer"
    reading.question.fields = {"answers": accepted, "typos": 0}
    return True


def _read_cloze(reading: _Reading) -> bool:
    question_text = reading.element.find("questiontext")
    raw = _get(reading.element, "questiontext/text")
    text_format = question_text.get("format", "html") if question_text is not None else "html"
    comments = " ".join(c.text or "" for c in reading.element if c.tag is ET.Comment)
    names_found = _BLANK_NAMES.search(comments)
    names = [n.strip() for n in names_found.group(1).split(",")] if names_found else []
    blanks: dict[str, list[str]] = {}
    tokens: dict[str, str] = {}

    def blank(match: re.Match[str]) -> str:
        number = len(blanks) + 1
        name = names[number - 1] if len(names) >= number else f"blank{number}"
        kind = match.group(2).upper()
        answers = _split_embedded(match.group(3))
        where = f" of blank {number}"
        if kind.startswith(("NUMERICAL", "NM")):
            reading.lost(
                f"blank {number} is a NUMERICAL sub-question: kept as a typed answer, its "
                "tolerance is lost"
            )
            answers = [(w, text.split(":")[0].strip(), fb) for w, text, fb in answers if w > 0]
        elif kind not in ("SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"):
            reading.lost(
                f"blank {number} is a {kind} sub-question: kept as a typed answer with its "
                "right answers, its choices are lost"
            )
            answers = [answer for answer in answers if answer[0] > 0]
        blanks[name] = _full_credit(reading, answers, where)
        token = f"QZBLANK{number}QZ"
        tokens[token] = "{{" + name + "}}"
        return token

    tokenised = _EMBEDDED.sub(blank, raw)
    if not blanks:
        reading.lost(
            "left out: a cloze question without embedded answers like {1:SHORTANSWER:=...}"
        )
        return False
    if not all(blanks.values()):
        reading.lost("left out: a blank has no answer with full credit")
        return False
    text = moodle.to_markdown(tokenised, text_format)
    first = min(text.find(token) for token in tokens)
    cut = text.rfind("\n\n", 0, first)
    lead, body = (text[:cut].strip(), text[cut + 2 :].strip()) if cut >= 0 else ("", text)
    for token, placeholder in tokens.items():
        body = body.replace(token, placeholder)
    reading.question.type = "cloze"
    reading.question.prompt = lead or CLOZE_PROMPT
    reading.question.fields = {"text": body, "blanks": blanks, "typos": 0}
    return True


def _split_embedded(raw: str) -> list[tuple[float, str, str]]:
    """The answers of an embedded sub-question: `=right#feedback~%50%half~wrong`."""
    answers = []
    for part in re.split(r"(?<!\\)~", raw):
        weight = 0.0
        if part.startswith("="):
            weight, part = 100.0, part[1:]
        elif match := re.match(r"%(-?[0-9.]+)%", part):
            weight, part = float(match.group(1)), part[match.end() :]
        text, _, feedback = re.sub(r"(?<!\\)#", "\x00", part, count=1).partition("\x00")
        unescape = lambda value: _CLOZE_UNESCAPE.sub(r"\1", value).strip()  # noqa: E731
        answers.append((weight, unescape(text), unescape(feedback)))
    return answers


def _read_ordering(reading: _Reading) -> bool:
    answers = reading.answers()
    ordered = sorted(answers, key=lambda answer: answer[0])
    reading.question.type = "ordering"
    reading.question.fields = {"items": [text for _, text, _, _ in ordered]}
    if any(feedback for *_, feedback, _ in answers):
        reading.lost("the items' feedback is lost: ordering items have no feedback here")
    return True


def _read_numerical(reading: _Reading) -> bool:
    accepted = []
    for fraction, text, feedback, element in reading.answers():
        if text.strip() == "*":
            reading.lost(moodle.OTHER_NUMBER_FEEDBACK_LOST)
            continue
        value = moodle.read_number(text)
        tolerance = moodle.read_number(_get(element, "tolerance") or "0")
        if value is None or tolerance is None:
            reading.lost(f"left out: '{text}' is not a number with a tolerance")
            return False
        if fraction <= 0:
            reading.lost(moodle.no_credit_number(text, fraction))
            continue
        answer = moodle.numerical_answer(fraction, value, None, feedback or None)
        answer["tolerance"] = abs(tolerance)
        accepted.append(answer)
    if not any(answer["credit"] == 1 for answer in accepted):
        reading.lost("left out: no answer gets full credit")
        return False
    units = []
    for unit in reading.element.findall("units/unit"):
        name = _get(unit, "unit_name").strip()
        if moodle.read_number(_get(unit, "multiplier") or "1") == 1 and name:
            units.append(name)
        elif name:
            reading.lost(
                f"the unit '{name}' (a multiple of the first) is lost: units here are names only"
            )
    if _get(reading.element, "unitgradingtype").strip() not in ("", "0"):
        reading.lost("the penalty for a missing or wrong unit is lost: units here are optional")
    reading.question.type = "numerical"
    reading.question.fields = {"answers": accepted, "units": units}
    return True


def _read_matching(reading: _Reading) -> bool:
    pairs, distractors = [], []
    for sub in reading.element.findall("subquestion"):
        left = moodle.to_markdown(_get(sub, "text"), sub.get("format", "html"))
        right = _get(sub, "answer/text").strip()
        if left:
            pairs.append({"left": left, "right": right})
        elif right:
            distractors.append(right)
    reading.question.type = "matching"
    reading.question.fields = {"pairs": pairs, "distractors": distractors}
    return True


_READERS = {
    "multichoice": _read_choice,
    "truefalse": _read_true_false,
    "shortanswer": _read_short_answer,
    "cloze": _read_cloze,
    "ordering": _read_ordering,
    "matching": _read_matching,
    "numerical": _read_numerical,
}
# Our type for each of Moodle's, where the name differs (multichoice has two).
_TYPES = {
    "multichoice": "single_choice",
    "truefalse": "true_false",
    "shortanswer": "short_answer",
    "matching": "matching",
}
_COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


def _read_category(reader: _Reader, element: ET.Element) -> None:
    names = moodle.split_category(_get(element, "category/text"))
    idnumber = _get(element, "idnumber").strip()
    info = _formatted(element.find("info"))
    if len(names) == 1 and reader.hint.title is None:
        reader.hint = DeckHint(slug=idnumber or None, title=names[0], description=info or None)
        reader.section = (None, None, None)
        return
    if len(names) > 1 and reader.hint.title is None:
        reader.hint = DeckHint(title=names[0])
    section_id = idnumber.rsplit("/", 1)[-1] if idnumber else None
    reader.section = (names[-1] if names else None, section_id, info or None)


def _read_question(reader: _Reader, element: ET.Element, line: int) -> None:
    kind = element.get("type", "")
    if kind == "category":
        _read_category(reader, element)
        return
    name = _get(element, "name/text").strip() or None
    ident = _get(element, "idnumber").strip() or None
    tags = [t.text or "" for t in element.findall("tags/tag/text")]
    topics, difficulty = moodle.read_tags(tags)
    title, section_id, note = reader.section
    neutral = NeutralQuestion(
        type="",
        prompt=_formatted(element.find("questiontext")),
        fields={},
        id=ident,
        title=name,
        explanation=_formatted(element.find("generalfeedback")) or None,
        section=title,
        section_id=section_id,
        section_note=note,
        topics=topics,
        difficulty=difficulty,
        line=line,
    )
    reading = _Reading(reader, element, neutral)
    read = _READERS.get(kind)
    if read is None or not has_type(reading.question.type or _TYPES.get(kind, kind)):
        reading.lost(f"left out: Moodle's {kind or 'untyped'} questions have no type in this app")
        return
    for tag in _COMBINED:
        if _formatted(element.find(tag)):
            reading.lost(f"its {tag} is lost: feedback here is per option and the explanation")
    if element.findall("hint"):
        reading.lost("its hints are lost: this app shows no hints")
    if read(reading):
        reader.questions.append(neutral)


def convert_moodle_xml(data: bytes, file: str) -> Converted:
    root, lines = _parse(decode(data, file), file)
    reader = _Reader(file)
    for element in root.findall("question"):
        _read_question(reader, element, lines.get(id(element), 1))
    if not reader.questions and not reader.problems:
        raise ConvertError(file, None, "the file has no <question> elements")
    return build_deck(reader.questions, file, reader.hint, reader.problems)


def sniff_moodle_xml(data: bytes, file: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return file.lower().endswith(".xml") or (head.startswith(b"<?xml") and b"<quiz" in head)


FORMAT = Format(
    name="moodle-xml",
    label="Moodle XML",
    extension=".xml",
    media_type="application/xml",
    export=export_moodle_xml,
    convert=convert_moodle_xml,
    sniff=sniff_moodle_xml,
)
