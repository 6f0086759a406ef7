"""GIFT, Moodle's plain-text question format, both ways, as Moodle's own importer reads it
(moodle/moodle question/format/gift/format.php): escapes, names, categories, text formats,
weights, feedback, ids and tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
# Export: one question type at a time


def _choice_answers(question: QuestionSpec) -> list[str]:
    options = question.body["options"]
    if question.type == "single_choice":
        marks = ["=" if option["correct"] else "~" for option in options]
    else:
        marks = [f"~%{moodle.weight_text(w)}%" for w in moodle.choice_weights(options)]
    lines = []
    for mark, option in zip(marks, options, strict=True):
        feedback = f"#{escape(option['feedback'])}" if option.get("feedback") else ""
        lines.append(f"{mark}{escape(option['text'])}{feedback}")
    return lines


def _true_false_answer(question: QuestionSpec) -> str:
    body = question.body
    right = body.get("feedback_true") if body["answer"] else body.get("feedback_false")
    wrong = body.get("feedback_false") if body["answer"] else body.get("feedback_true")
    text = "TRUE" if body["answer"] else "FALSE"
    if wrong:
        text += "#" + escape(wrong)
    elif right:
        text += "#"
    if right:
        text += "#" + escape(right)
    return text


def _typos_lost(question: QuestionSpec) -> Skipped | None:
    typos = question.body.get("typos") or 0
    if not typos:
        return None
    return Skipped(
        question.id,
        f"kept, but its typo tolerance (typos: {typos}) is lost: Moodle accepts only the "
        "answers as written (ignoring case)",
    )


def _matching_answers(question: QuestionSpec) -> list[str] | Skipped:
    lines = []
    for number, pair in enumerate(question.body["pairs"], 1):
        if "->" in pair["left"]:
            return Skipped(
                question.id,
                f"left out: the left side of pair {number} contains '->', which GIFT reads as "
                "the arrow between the two sides",
            )
        lines.append(f"={escape(pair['left'])} -> {escape(pair['right'])}")
    lines += [f"= -> {escape(text)}" for text in question.body.get("distractors") or ()]
    return lines


@dataclass
class _Written:
    text: str = ""
    after: str = ""
    answers: list[str] = field(default_factory=list)
    inline: str | None = None
    notes: list[Skipped] = field(default_factory=list)


def _write_cloze(question: QuestionSpec) -> _Written | Skipped:
    blanks = question.body["blanks"]
    if len(blanks) != 1:
        return Skipped(
            question.id,
            f"left out: GIFT holds one blank per question and this one has {len(blanks)} "
            "(Moodle XML holds them all)",
        )
    [(name, answers)] = blanks.items()
    before, _, after = question.body["text"].partition("{{" + name + "}}")
    notes = [note] if (note := _typos_lost(question)) else []
    if not after.strip():
        notes.append(
            Skipped(
                question.id,
                "kept as a short answer question: its blank ends the text, and Moodle reads a "
                "GIFT blank at the end as a short answer question",
            )
        )
    return _Written(
        text=f"\n\n{before}",
        after=after,
        answers=[f"={escape(answer)}" for answer in answers],
        notes=notes,
    )


def _write_choice(question: QuestionSpec) -> _Written | Skipped:
    return _Written(answers=_choice_answers(question))


def _write_true_false(question: QuestionSpec) -> _Written | Skipped:
    return _Written(inline=_true_false_answer(question))


def _write_short_answer(question: QuestionSpec) -> _Written | Skipped:
    note = _typos_lost(question)
    answers = [f"={escape(answer)}" for answer in question.body["answers"]]
    return _Written(answers=answers, notes=[note] if note else [])


def _write_matching(question: QuestionSpec) -> _Written | Skipped:
    answers = _matching_answers(question)
    return answers if isinstance(answers, Skipped) else _Written(answers=answers)


def _write_numerical(question: QuestionSpec) -> _Written | Skipped:
    """`{#=1869:2#feedback =%50%1850..1880}`: a value with its tolerance, or a range."""
    lines = []
    for answer in question.body["answers"]:
        weight = f"%{moodle.weight_text(answer['credit'] * 100)}%"
        if "value" in answer:
            number = moodle.number_text(answer["value"])
            if answer.get("tolerance"):
                number += ":" + moodle.number_text(answer["tolerance"])
        else:
            number = f"{moodle.number_text(answer['min'])}..{moodle.number_text(answer['max'])}"
        feedback = f"#{escape(answer['feedback'])}" if answer.get("feedback") else ""
        lines.append(f"={weight}{number}{feedback}")
    written = _Written(answers=["#", *lines])
    if question.body.get("units"):
        units = ", ".join(question.body["units"])
        written.notes.append(
            Skipped(question.id, f"kept, but its units ({units}) are lost: GIFT has no units")
        )
    return written


def _write_ordering(question: QuestionSpec) -> _Written | Skipped:
    return Skipped(question.id, "left out: GIFT has no ordering questions (Moodle XML has)")


_WRITERS = {
    "single_choice": _write_choice,
    "multiple_choice": _write_choice,
    "true_false": _write_true_false,
    "short_answer": _write_short_answer,
    "cloze": _write_cloze,
    "matching": _write_matching,
    "ordering": _write_ordering,
    "numerical": _write_numerical,
}


def _write_question(question: QuestionSpec) -> tuple[str | None, list[Skipped]]:
    writer = _WRITERS.get(question.type)
    if writer is None:
        return None, [
            Skipped(question.id, f"left out: GIFT cannot hold a {question.type} question")
        ]
    written = writer(question)
    if isinstance(written, Skipped):
        return None, [written]
    comment = " ".join(
        [f"[id:{question.id}]"]
        + [f"[blank:{name}]" for name in (question.body.get("blanks") or {})]
        + ["[tag:" + tag.replace("]", "\\]") + "]" for tag in moodle.question_tags(question)]
    )
    head = f"// {comment}\n::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    head += escape(written.text)
    explanation = f"####{escape(question.explanation)}"
    if written.inline is not None:
        block = "{" + written.inline + explanation + "}"
    else:
        lines = [*written.answers, explanation]
        opening = "{"
        if lines[0] == "#":  # a numerical question's answers start right after the brace
            opening, lines = "{#", lines[1:]
        block = opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"
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

    def answers(self, answers: str, missing_word: bool) -> bool:
        """Fill in the question's type and fields; False (with the reason listed) if it
        cannot be converted."""
        if not answers:
            self.lost("left out: an essay question (graded by hand) has no type in this app")
            return False
        if answers.startswith("#"):
            if not has_type("numerical"):
                self.lost("left out: numerical questions have no type in this app yet")
                return False
            return self.numerical(answers[1:])
        if "~" in answers:
            return self.choice(answers)
        if "=" in answers and "->" in answers:
            return self.matching(answers)
        head = answers.split("#", 1)[0].strip()
        if head in ("T", "TRUE", "F", "FALSE"):
            return self.true_false(answers, head in ("T", "TRUE"))
        return self.short_answer(answers, missing_word)

    def _weighted(self, parts: list[str], default: float) -> list[tuple[float, str, str | None]]:
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

    def choice(self, answers: str) -> bool:
        single = "=" in answers
        parts = [p for p in answers.replace("=", "~=").split("~") if p.strip()]
        options = self._weighted(parts, 0.0)
        right, lost = moodle.choice_marks(single, [(weight, text) for weight, text, _ in options])
        for message in lost:
            self.lost(message)
        self.question.type = "single_choice" if single else "multiple_choice"
        self.question.fields = {
            "options": [
                {
                    "text": text,
                    "correct": weight >= 100 if single else weight > 0,
                    "feedback": feedback,
                }
                for weight, text, feedback in options
            ]
        }
        return True

    def numerical(self, answers: str) -> bool:
        wrong_at = answers.find("~")
        if wrong_at >= 0:
            self.lost(moodle.OTHER_NUMBER_FEEDBACK_LOST)
            answers = answers[:wrong_at]
        accepted = []
        for weight, text, feedback in self._weighted(
            [p for p in answers.split("=") if p.strip()], 100.0
        ):
            answer = _numerical_answer(weight, text, feedback)
            if answer is None:
                self.lost(
                    f"left out: '{text}' is not a number, a number:tolerance or a min..max range"
                )
                return False
            if weight <= 0:
                self.lost(moodle.no_credit_number(text, weight))
                continue
            accepted.append(answer)
        if not any(answer["credit"] == 1 for answer in accepted):
            self.lost("left out: no answer gets full credit")
            return False
        self.question.type = "numerical"
        self.question.fields = {"answers": accepted, "units": []}
        return True

    def matching(self, answers: str) -> bool:
        pairs, distractors = [], []
        for part in [p for p in answers.split("=") if p.strip()]:
            if "->" not in part:
                self.lost(f"left out: '{_reveal(part).strip()}' has no '->' between its two sides")
                return False
            left, _, right = part.partition("->")
            if left.strip():
                pairs.append({"left": self.text(left), "right": _reveal(right).strip()})
            else:
                distractors.append(_reveal(right).strip())
        self.question.type = "matching"
        self.question.fields = {"pairs": pairs, "distractors": distractors}
        return True

    def true_false(self, answers: str, answer: bool) -> bool:
        bits = answers.split("#", 2)
        wrong = self.text(bits[1]) if len(bits) > 1 else ""
        right = self.text(bits[2]) if len(bits) > 2 else ""
        self.question.type = "true_false"
        self.question.fields = {
            "answer": answer,
            "feedback_true": (right if answer else wrong) or None,
            "feedback_false": (wrong if answer else right) or None,
        }
        return True

    def short_answer(self, answers: str, missing_word: bool) -> bool:
        parts = [p for p in answers.split("=") if p.strip()]
        accepted, lost = moodle.typed_answers(self._weighted(parts, 100.0))
        for message in lost:
            self.lost(message)
        if not accepted:
            self.lost("left out: no answer gets full credit")
            return False
        if not missing_word:
            self.question.type = "short_answer"
            self.question.fields = {"answers": accepted, "typos": 0}
            return True
        prompt = self.question.prompt
        cut = prompt.rfind("\n\n", 0, prompt.find(BLANK))
        lead, text = (prompt[:cut].strip(), prompt[cut + 2 :]) if cut >= 0 else ("", prompt)
        self.question.type = "cloze"
        self.question.prompt = lead or CLOZE_PROMPT
        self.question.fields = {
            "text": text.replace(BLANK, "{{" + self.blank_name + "}}", 1),
            "blanks": {self.blank_name: accepted},
            "typos": 0,
        }
        return True


def _numerical_answer(weight: float, text: str, feedback: str | None) -> dict[str, Any] | None:
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
