"""Numerical: a typed number, right within a tolerance of an answer or inside a range; several
accepted answers may each give their own credit (as Moodle's numerical question does), and
accepted units may follow the number.

Reading what was typed: "1991", "-3.5", "3,5" (a decimal comma), "1,991" or "1 991" or
"1.991,5" (thousands separators). A comma followed by exactly three digits, with no point
after it, is a thousands separator; any other single comma is a decimal comma. Where both a
point and a comma appear, the last of them is the decimal mark. A unit after the number must
be one of the question's `units` (case and spacing do not count); without `units`, or when
none is typed, the number alone is judged. An unreadable number or an unknown unit scores 0.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from yaml.nodes import Node, ScalarNode

from quizapp.questions.nodes import FLOAT, INT, REFUSED, Scope, describe, shorten
from quizapp.questions.types import CardCheck, QuestionType
from quizapp.questions.types.base import (
    AnswerKey,
    Body,
    CardInput,
    Flow,
    LintTexts,
    Response,
    ResponseForm,
    response_field,
)

MAX_ANSWERS = 10
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,. \u00a0\u202f]*)?\d|[+-]?\d")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
# A float compared with a decimal bound: 0.1 + 0.2 is 0.3 here.
_EPSILON = 1e-9

Number = int | float


def parse_number(typed: str) -> tuple[float, str] | None:
    """The number a learner typed and the text after it (its unit, stripped), or None."""
    text = typed.strip().replace("\u2212", "-")
    match = _NUMBER.match(text)
    if match is None:
        return None
    digits = _SPACES.sub("", match.group())
    unit = text[match.end() :].strip()
    sign = ""
    if digits[:1] in "+-":
        sign, digits = digits[0], digits[1:]
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, part = digits.rpartition(decimal)
        if part == "" or not re.fullmatch(r"\d{1,3}(?:\d{3})*", whole.replace(thousands, "")):
            return None
        digits = whole.replace(thousands, "") + "." + part
    elif "," in digits:
        if _GROUPED.fullmatch(digits):
            digits = digits.replace(",", "")
        elif digits.count(",") == 1:
            digits = digits.replace(",", ".")
        else:
            return None
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    return float(sign + digits), unit


def _unit_key(unit: str) -> str:
    return _SPACES.sub("", unit).casefold()


def _shown(value: Number) -> str:
    """A number as the bank writes it: 1991, 0.5, 1e-06."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _bounds(answer: Mapping[str, Any]) -> tuple[float, float]:
    if "value" in answer:
        value, tolerance = float(answer["value"]), float(answer.get("tolerance", 0))
        return value - tolerance, value + tolerance
    return float(answer["min"]), float(answer["max"])


def _describe_answer(answer: Mapping[str, Any], units: Sequence[str]) -> str:
    unit = f" {units[0]}" if units else ""
    if "value" in answer:
        text = _shown(answer["value"]) + unit
        if answer.get("tolerance"):
            text += f" (± {_shown(answer['tolerance'])})"
    else:
        text = f"{_shown(answer['min'])} to {_shown(answer['max'])}{unit}"
    if answer["credit"] < 1:
        text += f": {round(answer['credit'] * 100)}% credit"
    return text


def credit(body: Body, typed: str) -> float:
    """The credit a typed answer earns: the best of the answers it falls within."""
    parsed = parse_number(typed)
    if parsed is None:
        return 0.0
    value, unit = parsed
    if unit and _unit_key(unit) not in {_unit_key(u) for u in body.get("units", ())}:
        return 0.0
    return max((float(a["credit"]) for a in body["answers"] if _within(a, value)), default=0.0)


def _within(answer: Mapping[str, Any], value: float) -> bool:
    low, high = _bounds(answer)
    slack = _EPSILON * max(1.0, abs(low), abs(high))
    return low - slack <= value <= high + slack


def _number(scope: Scope, node: Node | None, what: str) -> Number | None:
    if node is None or node.tag == REFUSED:
        return None
    if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
        raw = node.value.replace("_", "")
        try:
            value: Number = int(raw) if node.tag == INT else float(raw)
        except ValueError:
            value = math.nan
        if isinstance(value, int) or math.isfinite(value):
            return value
    scope.problem(node, f"{what} must be a number, like 1991 or 2.5, found {describe(node)}")
    return None


def _check_answer(
    scope: Scope, node: Node, fields: Mapping[str, Node], what: str, with_credit: bool
) -> dict[str, Any] | None:
    """One accepted answer from `answer` [+ `tolerance`] or `min` + `max` [+ `credit`]."""
    has_value, has_range = "answer" in fields, "min" in fields or "max" in fields
    if has_value == has_range:
        scope.problem(
            node,
            f"{what} needs either 'answer' (with an optional 'tolerance') or 'min' and 'max'"
            + (", not both" if has_value else ""),
        )
        return None
    answer: dict[str, Any] = {}
    if has_value:
        ok = _check_value(scope, fields, what, answer)
    else:
        ok = _check_range(scope, node, fields, what, answer)
    answer["credit"] = 1.0
    if with_credit and "credit" in fields:
        answer["credit"] = _check_credit(scope, fields["credit"], what)
        ok = ok and answer["credit"] is not None
    return answer if ok else None


def _check_value(
    scope: Scope, fields: Mapping[str, Node], what: str, answer: dict[str, Any]
) -> bool:
    """`answer` and its optional `tolerance` into `answer`; whether both could be read."""
    answer["value"] = _number(scope, fields["answer"], f"'answer' of {what}")
    tolerance: Number | None = 0
    if "tolerance" in fields:
        tolerance = _number(scope, fields["tolerance"], f"'tolerance' of {what}")
        if tolerance is not None and tolerance < 0:
            scope.problem(
                fields["tolerance"],
                f"'tolerance' of {what} must be 0 or more, found {_shown(tolerance)}",
            )
            tolerance = None
    answer["tolerance"] = tolerance
    return answer["value"] is not None and tolerance is not None


def _check_range(
    scope: Scope, node: Node, fields: Mapping[str, Node], what: str, answer: dict[str, Any]
) -> bool:
    """`min` and `max` into `answer`; whether they make a range."""
    ok = True
    if "tolerance" in fields:
        scope.problem(
            fields["tolerance"], f"'tolerance' goes with 'answer', not with a range in {what}"
        )
        ok = False
    for bound in ("min", "max"):
        if bound not in fields:
            scope.problem(node, f"{what} has no '{bound}': a range needs 'min' and 'max'")
            ok = False
            continue
        answer[bound] = _number(scope, fields[bound], f"'{bound}' of {what}")
        ok = ok and answer[bound] is not None
    low, high = answer.get("min"), answer.get("max")
    if low is not None and high is not None and low > high:
        scope.problem(
            fields["min"],
            f"'min' of {what} ({_shown(low)}) is more than its 'max' ({_shown(high)})",
        )
        ok = False
    return ok


def _check_credit(scope: Scope, node: Node, what: str) -> float | None:
    given = _number(scope, node, f"'credit' of {what}")
    if given is not None and not 0 < given <= 1:
        scope.problem(
            node,
            f"'credit' of {what} must be more than 0 and at most 1 (1 is full credit, "
            f"0.5 half), found {_shown(given)}",
        )
        return None
    return float(given) if given is not None else None


def _check_units(scope: Scope, fields: Mapping[str, Node]) -> list[str]:
    units: list[str] = []
    nodes = scope.sequence(fields.get("units"), "'units'", 1, noun="unit")
    for number, node in enumerate(nodes or (), 1):
        unit = scope.text(node, f"unit {number} in 'units'")
        if unit is None:
            continue
        if parse_number(unit) is not None or not _unit_key(unit):
            scope.problem(
                node, f"unit {number} in 'units' ('{shorten(unit)}') starts like a number"
            )
        elif _unit_key(unit) in {_unit_key(u) for u in units}:
            scope.problem(node, f"unit {number} in 'units' ('{shorten(unit)}') is listed twice")
        else:
            units.append(unit)
    return units


class Numerical(QuestionType):
    NAME = "numerical"
    LABEL = "Number"
    REQUIRED = ()
    OPTIONAL = ("answer", "tolerance", "min", "max", "answers", "units")
    ANALYSIS = "typed"

    def check(self, scope: Scope, fields: Mapping[str, Node]) -> dict[str, Any]:
        answers: list[dict[str, Any]] = []
        direct = [name for name in ("answer", "tolerance", "min", "max") if name in fields]
        if "answers" in fields and direct:
            scope.problem(
                fields["answers"],
                f"write either 'answers' (a list) or '{direct[0]}' on the question, not both",
            )
        elif "answers" in fields:
            nodes = scope.sequence(fields["answers"], "'answers'", 1, MAX_ANSWERS, noun="answer")
            complete = nodes is not None
            for number, node in enumerate(nodes or (), 1):
                what = f"answer {number}"
                entry = scope.fields(
                    node, what, (), ("answer", "tolerance", "min", "max", "credit", "feedback")
                )
                found = None if entry is None else _check_answer(scope, node, entry, what, True)
                if found is None:
                    complete = False
                else:
                    if entry is not None and "feedback" in entry:
                        found["feedback"] = scope.text(entry["feedback"], f"'feedback' of {what}")
                    answers.append(found)
            if complete and not any(answer["credit"] == 1 for answer in answers):
                scope.problem(
                    fields["answers"],
                    "at least one answer must give full credit (leave out 'credit', or write "
                    "'credit: 1')",
                )
        else:
            found = _check_answer(scope, _first(fields), fields, "the question", False)
            if found is not None:
                answers.append(found)
        return {
            "answers": answers,
            "units": _check_units(scope, fields) if "units" in fields else [],
        }

    def grade(self, body: Body, response: Response) -> tuple[float, list[bool]]:
        score = credit(body, response_field(response, "text", str))
        return score, [score == 1.0]

    def answer_key(self, body: Body) -> list[str]:
        return [_describe_answer(answer, body["units"]) for answer in body["answers"]]

    def chosen_feedback(self, body: Body, response: Response) -> list[dict[str, Any]]:
        text = response.get("text")
        if not isinstance(text, str) or (parsed := parse_number(text)) is None:
            return []
        # The answer that gave the credit speaks, not a wider one the number also falls in.
        within = [a for a in body["answers"] if _within(a, parsed[0])]
        best = max(within, key=lambda a: float(a["credit"]), default=None)
        if best is None or not best.get("feedback"):
            return []
        return [{"text": text, "feedback": best["feedback"]}]

    def read_response(
        self, form: ResponseForm, body: Body, order: Mapping[str, Sequence[int]]
    ) -> dict[str, Any] | None:
        answer = form.text("text")
        return {"text": answer} if answer else None

    def export(self, body: Body) -> dict[str, Any]:
        answers = body["answers"]
        data: dict[str, Any]
        if len(answers) == 1 and answers[0]["credit"] == 1 and not answers[0].get("feedback"):
            data = _answer_fields(answers[0])
        else:
            data = {"answers": [_answer_fields(answer) for answer in answers]}
        if body["units"]:
            data["units"] = Flow(body["units"])
        return data

    def lint_texts(self, prompt: str, body: Body) -> LintTexts:
        full = [a for a in body["answers"] if a["credit"] == 1]
        return LintTexts(
            keyed=tuple(_describe_answer(a, ()) for a in full),
            feedback=tuple(a["feedback"] for a in body["answers"] if a.get("feedback")),
        )

    def answers(self, body: Body, response: Response) -> list[AnswerKey] | None:
        text = response["text"]
        if not isinstance(text, str):
            return None
        parsed = parse_number(text)
        shown = text.strip() if parsed is None else (_shown(parsed[0]) + " " + parsed[1]).strip()
        return [("", shown, credit(body, text) == 1.0, "")]

    def card_inputs(self, body: Body) -> tuple[CardInput, ...]:
        return (CardInput("typed", "Type your answer (optional)", "decimal"),)

    def card_checks(self, body: Body, typed: Mapping[str, str]) -> list[CardCheck]:
        text = typed.get("typed", "")
        if not text:
            return []
        accepted = tuple(_describe_answer(a, body["units"]) for a in body["answers"])
        return [CardCheck(None, text, accepted, 0, credit(body, text) == 1.0)]

    def right_response(self, body: Body) -> dict[str, Any]:
        full = _full_credit(body["answers"])
        low, high = _bounds(full)
        return {"text": _shown(full["value"] if "value" in full else (low + high) / 2)}

    def wrong_response(self, body: Body, rng: random.Random) -> dict[str, Any]:
        highest = max(_bounds(answer)[1] for answer in body["answers"])
        return {"text": _shown(math.floor(highest) + rng.randint(1, 9) * 10)}

    # Exchange formats (quizapp.exchange): GIFT `{#1869:2}` or `{#1850..1880}`, several
    # weighted answers with feedback; Moodle XML value and tolerance, credit, feedback, units.

    GIFT_READS = ("gift:numerical",)
    MOODLE_XML_READS = ("numerical",)

    def to_gift(self, question: Any) -> Any:
        from quizapp.exchange import moodle
        from quizapp.exchange.gift import Written, escape
        from quizapp.exchange.model import Skipped

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
        written = Written(answers=lines, opening="{#")
        if question.body.get("units"):
            units = ", ".join(question.body["units"])
            written.notes.append(
                Skipped(question.id, f"kept, but its units ({units}) are lost: GIFT has no units")
            )
        return written

    def to_moodle_xml(self, xml: Any, question: Any) -> list[Any]:
        """Moodle XML has no ranges: a range becomes its middle, give or take half its width."""
        from quizapp.exchange import moodle
        from quizapp.exchange.model import Skipped

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
                        f"{moodle.number_text(value)} ± {moodle.number_text(tolerance)}, the "
                        "same numbers",
                    )
                )
            fraction = moodle.weight_text(answer["credit"] * 100)
            xml.open("answer", fraction=fraction, format="moodle_auto_format")
            xml.value("text", moodle.number_text(value))
            xml.value("tolerance", moodle.number_text(tolerance))
            xml.text("feedback", answer.get("feedback") or "")
            xml.close("answer")
        if question.body.get("units"):
            xml.open("units")
            for unit in question.body["units"]:
                xml.open("unit")
                xml.value("multiplier", "1")
                xml.value("unit_name", unit)
                xml.close("unit")
            xml.close("units")
        # Units optional, typed after the number, no penalty: as this app grades them.
        for tag, setting in (
            ("unitgradingtype", "0"),
            ("unitpenalty", "0"),
            ("showunits", "3"),
            ("unitsleft", "0"),
        ):
            xml.value(tag, setting)
        return notes

    def from_gift(self, reading: Any, answers: str) -> bool:
        from quizapp.exchange import moodle
        from quizapp.exchange.gift import numerical_answer

        wrong_at = answers.find("~")
        if wrong_at >= 0:
            reading.lost(moodle.OTHER_NUMBER_FEEDBACK_LOST)
            answers = answers[:wrong_at]
        accepted = []
        parts = [p for p in answers.split("=") if p.strip()]
        for weight, text, feedback in reading.weighted(parts, 100.0):
            answer = numerical_answer(weight, text, feedback)
            if answer is None:
                reading.lost(
                    f"left out: '{text}' is not a number, a number:tolerance or a min..max range"
                )
                return False
            if weight <= 0:
                reading.lost(moodle.no_credit_number(text, weight))
                continue
            accepted.append(answer)
        return self._accepted(reading, accepted, [])

    def from_moodle_xml(self, reading: Any) -> bool:
        from quizapp.exchange import moodle
        from quizapp.exchange.moodle_xml import get_text

        accepted = []
        for fraction, text, feedback, element in reading.answers():
            if text.strip() == "*":
                reading.lost(moodle.OTHER_NUMBER_FEEDBACK_LOST)
                continue
            value = moodle.read_number(text)
            tolerance = moodle.read_number(get_text(element, "tolerance") or "0")
            if value is None or tolerance is None:
                reading.lost(f"left out: '{text}' is not a number with a tolerance")
                return False
            if fraction <= 0:
                reading.lost(moodle.no_credit_number(text, fraction))
                continue
            answer = moodle.numerical_answer(fraction, value, None, feedback or None)
            answer["tolerance"] = abs(tolerance)
            accepted.append(answer)
        units = []
        for unit in reading.element.findall("units/unit"):
            name = get_text(unit, "unit_name").strip()
            if moodle.read_number(get_text(unit, "multiplier") or "1") == 1 and name:
                units.append(name)
            elif name:
                reading.lost(
                    f"the unit '{name}' (a multiple of another) is lost: units here are names only"
                )
        if get_text(reading.element, "unitgradingtype").strip() not in ("", "0"):
            reading.lost("the penalty for a missing or wrong unit is lost: units here are optional")
        return self._accepted(reading, accepted, units)

    def _accepted(self, reading: Any, accepted: list[dict[str, Any]], units: list[str]) -> bool:
        if not any(answer["credit"] == 1 for answer in accepted):
            reading.lost("left out: no answer gets full credit")
            return False
        reading.question.type = self.NAME
        reading.question.fields = {"answers": accepted, "units": units}
        return True

    # Anki (quizapp.exchange.apkg) and CSV: no tolerance there, so the answers as text.

    def to_anki(self, anki: Any, question: Any) -> Any:
        answers = question.body["answers"]
        units = list(question.body.get("units") or [])
        best = _full_credit(answers)
        feedback = "".join(
            f'<div class="feedback">{anki.escape(_describe_answer(a, units))}: '
            f"{anki.inline(a['feedback'])}</div>"
            for a in answers
            if a.get("feedback")
        )
        lost: list[str] = []
        if not _exact(answers):
            lost.append(
                "tolerances, ranges and other answers: Anki's typed-answer check is exact (they "
                "are shown on the back)"
            )
        if units:
            lost.append("units: Anki expects the number alone")
        prompt = anki.md(question.prompt)
        if "value" not in best:
            # A range has no one number to type: the card is read and rated instead.
            return anki.basic(prompt, anki.escape(_describe_answer(best, units)) + feedback, lost)
        also = [_describe_answer(a, units) for a in answers if not _exact([a])]
        extra = ("Also accepted: " + anki.escape(", ".join(also))) if also else ""
        return anki.typed(prompt, _shown(best["value"]), extra + feedback, lost)

    def to_csv(self, body: Body) -> tuple[list[str], list[str], list[str]]:
        units = list(body.get("units") or [])
        answers = body["answers"]
        return (
            units,
            [_describe_answer(a, units) for a in answers],
            [
                f"{_describe_answer(a, units)}: {a['feedback']}"
                for a in answers
                if a.get("feedback")
            ],
        )

    def to_quizlet(self, question: Any) -> tuple[list[tuple[str, str]], list[str]]:
        answers = question.body["answers"]
        units = list(question.body.get("units") or [])
        best = _full_credit(answers)
        lost = [] if _exact(answers) else ["tolerances, ranges and other answers as numbers"]
        return [(_describe_answer(best, units), question.prompt)], lost


def _full_credit(answers: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The first answer worth the whole point (the check makes sure there is one)."""
    return next(a for a in answers if a["credit"] == 1)


def _exact(answers: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the question accepts one number only, typed exactly."""
    return len(answers) == 1 and "value" in answers[0] and not answers[0].get("tolerance")


def _first(fields: Mapping[str, Node]) -> Node:
    """Where a problem with the question's own answer fields is reported."""
    for name in ("answer", "min", "max", "tolerance"):
        if name in fields:
            return fields[name]
    return next(iter(fields.values()))


def _answer_fields(answer: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if "value" in answer:
        data["answer"] = answer["value"]
        if answer.get("tolerance"):
            data["tolerance"] = answer["tolerance"]
    else:
        data["min"], data["max"] = answer["min"], answer["max"]
    if answer["credit"] != 1:
        data["credit"] = answer["credit"]
    if answer.get("feedback"):
        data["feedback"] = answer["feedback"]
    return data


TYPE = Numerical()
