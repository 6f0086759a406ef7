"""What GIFT and Moodle XML share because both are Moodle's: answer weights, category paths,
text formats, and tags that carry a question's difficulty."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markdownify import markdownify

from quizapp.exchange.model import Skipped
from quizapp.questions.model import DeckSpec, QuestionSpec

# The top of a path Moodle writes before the category names proper.
_CONTEXTS = ("$course$", "$system$", "$module$", "$coursecategory$", "$cat$")
DIFFICULTY_TAG = "difficulty:"


def weight_text(percent: float) -> str:
    """A weight as Moodle writes it: 100, 50, 33.33333, -25."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def choice_weights(options: Sequence[Mapping[str, Any]]) -> list[float]:
    """Percent per option of a multiple choice question, as our grader scores it: each right
    option an equal share of 100, each wrong one an equal share of -100."""
    right = sum(1 for option in options if option["correct"])
    wrong = len(options) - right
    return [100 / right if option["correct"] else -100 / wrong for option in options]


def category_path(deck: DeckSpec, question: QuestionSpec) -> list[str]:
    """The category names of a question: the deck, then its source section."""
    section = next((s for s in deck.sections if s.id == question.source), None)
    return [deck.title, section.title if section is not None else question.source]


def split_category(path: str) -> list[str]:
    """Category names from a Moodle path, without its context and 'top' ('//' is a slash
    inside a name)."""
    names = [part.replace("\x00", "/").strip() for part in path.replace("//", "\x00").split("/")]
    names = [name for name in names if name]
    if names and names[0].lower() in _CONTEXTS:
        names = names[1:]
    if names and names[0].lower() == "top":
        names = names[1:]
    return names


def join_category(names: Sequence[str]) -> str:
    return "$course$/top/" + "/".join(name.replace("/", "//") for name in names)


def question_tags(question: QuestionSpec) -> list[str]:
    """Tags for a question: its topics, and its difficulty as `difficulty:easy`."""
    tags = list(question.topics)
    if question.difficulty is not None:
        tags.append(DIFFICULTY_TAG + question.difficulty)
    return tags


def read_tags(tags: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """Topics and difficulty from a question's tags."""
    topics: list[str] = []
    difficulty = None
    for tag in tags:
        level = tag.removeprefix(DIFFICULTY_TAG)
        if tag.startswith(DIFFICULTY_TAG) and level in ("easy", "medium", "hard"):
            difficulty = level
        elif tag.strip():
            topics.append(tag.strip())
    return tuple(topics), difficulty


def to_markdown(text: str, text_format: str) -> str:
    """A Moodle text in our Markdown: HTML is converted, other formats are kept as written."""
    if text_format.lower() == "html":
        return markdownify(text, heading_style="ATX", bullets="-").strip()
    return text.strip()


def choice_marks(
    single: bool, options: Sequence[tuple[float, str]]
) -> tuple[list[bool], list[str]]:
    """Which weighted options (percent, text) are right here, and what of their weights is lost.

    Single choice: only a full-credit option is right. Multiple choice: any option with a
    positive weight is right, and our grader gives each right option an equal share."""
    lost = []
    if single:
        right = [weight >= 100 for weight, _ in options]
        lost = [
            f"partial credit of {weight_text(weight)}% on '{text}' is lost: it counts as a "
            "wrong option"
            for weight, text in options
            if 0 < weight < 100
        ]
    else:
        right = [weight > 0 for weight, _ in options]
        if len({round(weight, 3) for weight, _ in options if weight > 0}) > 1:
            lost.append(
                "the options' unequal weights are lost: each right option counts alike, and "
                "each wrong one takes off alike"
            )
    return right, lost


def typed_answers(
    answers: Sequence[tuple[float, str, str | None]], where: str = ""
) -> tuple[list[str], list[str]]:
    """The accepted answers among weighted typed answers (percent, text, feedback), and what
    is lost: partial credit and per-answer feedback have no place in our format."""
    accepted: list[str] = []
    lost: list[str] = []
    for weight, text, feedback in answers:
        if weight < 100:
            lost.append(
                f"the answer '{text}'{where} ({weight_text(weight)}% credit) is left out: an "
                "answer here is right or not accepted"
            )
            continue
        if feedback:
            lost.append(
                f"the feedback on the answer '{text}'{where} is lost: typed answers have no "
                "feedback of their own here"
            )
        accepted.append(text)
    return accepted, lost


def number_text(value: float) -> str:
    """A number as Moodle writes it: 1869, 0.5, -3."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def read_number(text: str) -> int | float | None:
    """A number Moodle wrote (a point as the decimal mark), or None."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def numerical_answer(
    weight: float, low: float, high: float | None, feedback: str | None
) -> dict[str, Any]:
    """One accepted answer of our numerical type: `low` with a tolerance (`high` None: the
    tolerance is `low`'s partner) or a range, with its credit (weight / 100)."""
    answer: dict[str, Any]
    if high is None:
        answer = {"value": low, "tolerance": 0}
    else:
        answer = {"min": low, "max": high}
    answer["credit"] = round(weight / 100, 6)
    if feedback:
        answer["feedback"] = feedback
    return answer


OTHER_NUMBER_FEEDBACK_LOST = (
    "the feedback for any other number is lost: a number outside every answer gets none here"
)


def no_credit_number(text: str, weight: float) -> str:
    return (
        f"the answer '{text}' ({weight_text(weight)}% credit) is left out: an answer here "
        "gives some credit"
    )


def typos_lost(question: QuestionSpec) -> list[Skipped]:
    """Moodle has no typo tolerance: a question that has one keeps its answers, loses it."""
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
