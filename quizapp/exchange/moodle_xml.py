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
from quizapp.exchange.builder import DeckHint, NeutralQuestion, build_deck
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
from quizapp.questions import types
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


def embedded_answers(answers: list[str]) -> str:
    """A blank's accepted answers as an embedded sub-question: {1:SHORTANSWER:=a~=b}."""
    return "{1:SHORTANSWER:" + "~".join("=" + a.translate(_CLOZE_ESCAPE) for a in answers) + "}"


def _write_question(xml: _Xml, question: QuestionSpec) -> list[Skipped]:
    kind = types.get(question.type)
    write = types.mapping(question.type, "to_moodle_xml")
    if write is None:
        label = question.type.replace("_", " ")
        return [Skipped(question.id, f"left out: Moodle XML has no {label} questions")]
    # The first kind of Moodle question a type reads is the one it writes.
    moodle_type = getattr(kind, "MOODLE_XML_READS", ("",))[0].partition("-")[0]
    xml.open("question", type=moodle_type)
    xml.text("name", question.id, None)
    text_of = types.mapping(question.type, "moodle_xml_text")
    prompt = text_of(question) if text_of is not None else question.prompt
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


def get_text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _formatted(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return moodle.to_markdown(get_text(element, "text"), element.get("format", "html"))


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

    def full_credit(
        self, answers: Sequence[tuple[float, str, str | None]], where: str
    ) -> list[str]:
        accepted, lost = moodle.typed_answers(answers, where)
        for message in lost:
            self.lost(message)
        return accepted

    def answers(self) -> list[tuple[float, str, str, ET.Element]]:
        found = []
        for answer in self.element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            text = moodle.to_markdown(get_text(answer, "text"), answer.get("format", "moodle"))
            found.append((fraction, text, _formatted(answer.find("feedback")), answer))
        return found


def embedded_blanks(reading: Any) -> tuple[str, dict[str, str], dict[str, list[str]]] | None:
    """A cloze question's text (in Markdown) with a token where each embedded answer was,
    each token's {{name}}, and each blank's accepted answers; None (the reason listed) when
    it has no blank to keep."""
    question_text = reading.element.find("questiontext")
    raw = get_text(reading.element, "questiontext/text")
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
        answers = split_embedded(match.group(3))
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
        blanks[name] = reading.full_credit(answers, where)
        token = f"QZBLANK{number}QZ"
        tokens[token] = "{{" + name + "}}"
        return token

    tokenised = _EMBEDDED.sub(blank, raw)
    if not blanks:
        reading.lost(
            "left out: a cloze question without embedded answers like {1:SHORTANSWER:=...}"
        )
        return None
    if not all(blanks.values()):
        reading.lost("left out: a blank has no answer with full credit")
        return None
    return moodle.to_markdown(tokenised, text_format), tokens, blanks


def split_embedded(raw: str) -> list[tuple[float, str, str]]:
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


_COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")


def _read_category(reader: _Reader, element: ET.Element) -> None:
    names = moodle.split_category(get_text(element, "category/text"))
    idnumber = get_text(element, "idnumber").strip()
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
    name = get_text(element, "name/text").strip() or None
    ident = get_text(element, "idnumber").strip() or None
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
    if kind == "multichoice":
        single = get_text(element, "single").strip().lower() in ("true", "1")
        kind += "-single" if single else "-multiple"
    read = types.reader("MOODLE_XML_READS", kind, "from_moodle_xml")
    if read is None:
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
