"""GIFT, Moodle's plain-text question format, both ways, as Moodle's own importer reads it
(moodle/moodle question/format/gift/format.php): escapes, names, categories, text formats,
weights, feedback, ids and tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
from quizapp.questions.model import QuestionSpec

# ---------------------------------------------------------------------------------------------
# Syntax: escaping and the pieces of a question

_ESCAPE = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:",
     "\n": "\\n", "\r": ""}
)  # fmt: skip
# While a question is taken apart, escaped characters wait as private-use characters.
_HIDDEN = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004",
           "}": "\ue005", "~": "\ue006", "n": "\ue007"}  # fmt: skip
_REVEAL = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _HIDDEN.items()})
_ESCAPED = re.compile(r"\\([\\:#={}~n])")
_WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")
_TEXT_FORMATS = ("moodle", "html", "plain", "markdown")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")
# Our own comment token: the name of a cloze question's blank, which Moodle ignores.
_BLANK_NAME = re.compile(r"\[blank:([a-z0-9_]+)\]")
BLANK = "_____"
CLOZE_PROMPT = "Fill in the blank."


def escape(text: str) -> str:
    return text.translate(_ESCAPE)


def _hide(text: str) -> str:
    return _ESCAPED.sub(lambda m: _HIDDEN[m.group(1)], text)


def _reveal(text: str) -> str:
    return text.translate(_REVEAL)


def _text_with_format(text: str, default: str) -> tuple[str, str]:
    """A text's `[format]` prefix, if it has one, and the text without it."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in _TEXT_FORMATS:
            return moodle.to_markdown(_reveal(text[end + 1 :]), name), name
    return moodle.to_markdown(_reveal(text), default), default


# ---------------------------------------------------------------------------------------------
# Export: each type writes its answers (its `to_gift`, in questions/types/); this module writes
# the rest of the question and the file.


@dataclass
class Written:
    """A question's part in GIFT as its type writes it: text after the prompt and after the
    answers (a missing word sits inside the text), the answer lines, or one inline answer
    (true/false), what is lost, and tokens for the question's comment line."""

    text: str = ""
    after: str = ""
    answers: list[str] = field(default_factory=list)
    inline: str | None = None
    notes: list[Skipped] = field(default_factory=list)
    opening: str = "{"
    comment: list[str] = field(default_factory=list)


def _write_question(question: QuestionSpec) -> tuple[str | None, list[Skipped]]:
    writer = types.mapping(question.type, "to_gift")
    if writer is None:
        label = question.type.replace("_", " ")
        return None, [
            Skipped(question.id, f"left out: GIFT has no {label} questions (Moodle XML has)")
        ]
    written = writer(question)
    if isinstance(written, Skipped):
        return None, [written]
    comment = " ".join(
        [f"[id:{question.id}]"]
        + written.comment
        + ["[tag:" + tag.replace("]", "\\]") + "]" for tag in moodle.question_tags(question)]
    )
    head = f"// {comment}\n::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    head += escape(written.text)
    explanation = f"####{escape(question.explanation)}"
    if written.inline is not None:
        block = "{" + written.inline + explanation + "}"
    else:
        lines = [*written.answers, explanation]
        block = written.opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"
    return head + block + escape(written.after) + "\n", written.notes


def export_gift(request: ExportRequest) -> Exported:
    deck = request.deck
    parts = [f"// {escape(deck.title)}: exported from quizapp as GIFT\n\n"]
    skipped: list[Skipped] = []
    category: list[str] | None = None
    for question in deck.questions:
        text, notes = _write_question(question)
        skipped += notes
        if text is None:
            continue
        path = moodle.category_path(deck, question)
        if path != category:
            parts.append(f"$CATEGORY: {moodle.join_category(path)}\n\n")
            category = path
        parts.append(text + "\n")
    return Exported("".join(parts).encode("utf-8"), f"{deck.slug}-gift.txt", tuple(skipped))


# ---------------------------------------------------------------------------------------------
# Convert: the file in blocks, each block a question


@dataclass
class _Block:
    line: int
    lines: list[str]
    comments: str


def _blocks(text: str) -> Iterator[_Block]:
    """Questions and category lines are separated by blank lines, as Moodle reads them."""
    current: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            if current:
                yield _Block(start, current, "\n".join(comments))
            current, comments = [], []
            continue
        if stripped.startswith("//"):
            comments.append(stripped)
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield _Block(start, current, "\n".join(comments))


@dataclass
class _Reader:
    file: str
    questions: list[NeutralQuestion] = field(default_factory=list)
    problems: list[ConvertProblem] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    deck_title: str | None = None

    def problem(self, line: int, question: str | None, message: str) -> None:
        self.problems.append(ConvertProblem(self.file, line, question, message))


def _id_and_tags(comments: str) -> tuple[str | None, list[str]]:
    found = _ID.search(comments)
    ident = found.group(1).replace("\\]", "]").strip() if found else None
    return ident or None, [m.group(1).replace("\\]", "]").strip() for m in _TAG.finditer(comments)]


def _read_block(reader: _Reader, block: _Block) -> None:
    text = _hide("\n".join(block.lines).strip())
    if text.startswith("$CATEGORY:"):
        reader.category = moodle.split_category(_reveal(text[len("$CATEGORY:") :]))
        if len(reader.category) > 1 and reader.deck_title is None:
            reader.deck_title = reader.category[0]
        return
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end > 0:
            name = _reveal(text[2:end]).strip() or None
            text = text[end + 2 :].strip()
    ident, tags = _id_and_tags(block.comments)
    label = ident or name
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        reader.problem(
            block.line, label, "left out: a text without answers (a description) is not a question"
        )
        return
    if start < 0 or finish < start:
        reader.problem(
            block.line,
            label,
            "left out: its answers need both { and } (write \\{ or \\} for a brace in the text)",
        )
        return
    answers = text[start + 1 : finish].strip()
    after = text[finish + 1 :]
    missing_word = bool(after.strip())
    raw_prompt = text[:start] + (BLANK if missing_word else "") + after
    general = ""
    split = answers.rfind("####")
    if split >= 0:
        general, answers = answers[split + 4 :], answers[:split].strip()
    prompt, text_format = _text_with_format(raw_prompt, "moodle")
    explanation = _text_with_format(general, text_format)[0] if general.strip() else None
    topics, difficulty = moodle.read_tags(tags)
    neutral = NeutralQuestion(
        type="",
        prompt=prompt,
        fields={},
        id=ident,
        title=name,
        explanation=explanation,
        section=reader.category[-1] if reader.category else None,
        topics=topics,
        difficulty=difficulty,
        line=block.line,
    )
    blank = _BLANK_NAME.search(block.comments)
    reading = _Reading(reader, neutral, text_format, blank.group(1) if blank else "blank")
    if reading.answers(answers, missing_word):
        reader.questions.append(neutral)


@dataclass
class _Reading:
    reader: _Reader
    question: NeutralQuestion
    text_format: str
    blank_name: str

    def lost(self, message: str) -> None:
        self.reader.problem(self.question.line or 0, self.question.label, message)

    def text(self, raw: str) -> str:
        return _text_with_format(raw, self.text_format)[0]

    def plain(self, raw: str) -> str:
        return _reveal(raw).strip()

    def weighted(self, parts: list[str], default: float) -> list[tuple[float, str, str | None]]:
        """Answers with their weight: `=text` full credit, `%50%text` half, else `default`."""
        found = []
        for part in parts:
            part = part.strip()
            weight = default
            if part.startswith("="):
                weight, part = 100.0, part[1:]
            elif match := _WEIGHT.match(part):
                weight, part = float(match.group(1)), part[match.end() :]
            text, _, feedback = part.partition("#")
            found.append((weight, self.text(text), self.text(feedback) or None))
        return found

    def accepted(self, answers: str) -> list[str]:
        """The full-credit answers of `=a =b =%50%c`, listing what cannot be kept."""
        parts = [p for p in answers.split("=") if p.strip()]
        accepted, lost = moodle.typed_answers(self.weighted(parts, 100.0))
        for message in lost:
            self.lost(message)
        if not accepted:
            self.lost("left out: no answer gets full credit")
        return accepted

    def answers(self, answers: str, missing_word: bool) -> bool:
        """Fill in the question's type and fields (the type that reads this kind of GIFT
        question does); False, with the reason listed, if it cannot be converted."""
        if not answers:
            self.lost("left out: an essay question (graded by hand) has no type in this app")
            return False
        head = answers.split("#", 1)[0].strip()
        # Moodle's GIFT importer's names for what it found.
        if answers.startswith("#"):
            kind, answers = "gift:numerical", answers[1:]
        elif "~" in answers:
            kind = "gift:multichoice" + ("-single" if "=" in answers else "-multiple")
        elif "=" in answers and "->" in answers:
            kind = "gift:match"
        elif head in ("T", "TRUE", "F", "FALSE"):
            kind = "gift:truefalse"
        else:
            kind = "gift:missingword" if missing_word else "gift:shortanswer"
        read = types.reader("GIFT_READS", kind, "from_gift")
        if read is None:
            self.lost(f"left out: no question type of this app reads {kind} questions")
            return False
        return bool(read(self, answers))


def numerical_answer(weight: float, text: str, feedback: str | None) -> dict[str, Any] | None:
    """`1869`, `1869:2` or `1850..1880` as one of our numerical answers, or None."""
    if ".." in text:
        low, _, high = text.partition("..")
        low_value, high_value = moodle.read_number(low), moodle.read_number(high)
        if low_value is None or high_value is None:
            return None
        return moodle.numerical_answer(weight, low_value, high_value, feedback)
    value_text, _, tolerance_text = text.partition(":")
    value = moodle.read_number(value_text)
    tolerance = moodle.read_number(tolerance_text) if tolerance_text.strip() else 0
    if value is None or tolerance is None:
        return None
    answer = moodle.numerical_answer(weight, value, None, feedback)
    answer["tolerance"] = tolerance
    return answer


def convert_gift(data: bytes, file: str) -> Converted:
    text = decode(data, file)
    reader = _Reader(file)
    for block in _blocks(text):
        _read_block(reader, block)
    if not reader.questions and not reader.problems:
        raise ConvertError(
            file, None, "no GIFT question found (a question looks like 'Prompt {=right ~wrong}')"
        )
    return build_deck(reader.questions, file, DeckHint(title=reader.deck_title), reader.problems)


_LOOKS_LIKE_GIFT = re.compile(
    r"\{\s*(?:[=~#]|T\s*[#}]|F\s*[#}]|TRUE|FALSE)|^\s*::|^\$CATEGORY:", re.M
)


def sniff_gift(data: bytes, file: str) -> bool:
    name = file.lower()
    if name.endswith(".gift"):
        return True
    return name.endswith(".txt") and bool(
        _LOOKS_LIKE_GIFT.search(data[:65536].decode("utf-8", "replace"))
    )


FORMAT = Format(
    name="gift",
    label="GIFT (Moodle)",
    extension=".txt",
    media_type="text/plain; charset=utf-8",
    export=export_gift,
    convert=convert_gift,
    sniff=sniff_gift,
)
