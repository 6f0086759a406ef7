"""The rules of an attempt as plain data: drawing questions, shuffling what is shown, reading a
submitted form back into an answer, and time. No database, no web."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from quizapp.questions.present import blank_names, identity_order

# A form posted this long after the deadline still counts: it was sent in time.
DEADLINE_GRACE = timedelta(seconds=5)
MAX_TEXT = 300

T = TypeVar("T")


class QuizRefusal(Exception):
    """A request the rules refuse; the message is for the student. Nothing was changed."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def draw(candidates: Sequence[T], count: int, shuffle: bool, rng: random.Random) -> list[T]:
    """`count` of the candidates, at random; in deck order unless `shuffle`."""
    count = min(count, len(candidates))
    chosen = sorted(rng.sample(range(len(candidates)), count))
    if shuffle:
        rng.shuffle(chosen)
    return [candidates[i] for i in chosen]


def display_order(
    question_type: str, body: Mapping[str, Any], shuffle_options: bool, rng: random.Random
) -> dict[str, list[int]]:
    """The order each list of a question is shown in, fixed for the attempt.

    Ordering items and matching answers are always shuffled: shown in their canonical order,
    or each answer level with its partner, they would give the answer away. Choice options
    follow the quiz's setting: shuffled, or in the order of their texts.
    """
    order = identity_order(question_type, body)
    for name, positions in order.items():
        always = name in ("items", "rights")
        if always or shuffle_options:
            order[name] = _shuffled(positions, rng, avoid_identity=always)
        elif name == "options":
            # The same for everyone, yet not the file's order, which is often the key's: every
            # choice question of the shipped bank lists a right option first.
            order[name] = sorted(positions, key=lambda i: _text_order(body["options"][i]["text"]))
    lefts, rights = order.get("lefts"), order.get("rights")
    if lefts and rights and len(rights) > 1 and rights[: len(lefts)] == lefts:
        # Each answer level with its own left item would give every pair away; rotating the
        # answers by one moves the first of them off its partner.
        order["rights"] = rights[1:] + rights[:1]
    return order


def _text_order(text: str) -> list[str | int]:
    """Alphabetical, with numbers by value ("2" before "10")."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.casefold())]


def _shuffled(positions: list[int], rng: random.Random, avoid_identity: bool) -> list[int]:
    result = positions[:]
    rng.shuffle(result)
    if avoid_identity and len(result) > 1 and result == positions:
        # Any other order will do; rotating by one is never the identity.
        result = result[1:] + result[:1]
    return result


def read_response(
    question_type: str,
    body: Mapping[str, Any],
    order: Mapping[str, Sequence[int]],
    form: Mapping[str, Sequence[str]],
    prefix: str = "",
) -> dict[str, Any] | None:
    """The answer in a submitted form, in canonical terms; None if nothing was answered.

    Values the page could not have offered (an option that does not exist, text far too long)
    are ignored rather than trusted.
    """

    def first(name: str) -> str:
        values = form.get(prefix + name) or [""]
        return values[0]

    def to_canonical(list_name: str, raw: str) -> int | None:
        positions = order.get(list_name, [])
        if raw.isdigit() and int(raw) < len(positions):
            return positions[int(raw)]
        return None

    if question_type == "single_choice":
        choice = to_canonical("options", first("choice"))
        return None if choice is None else {"choice": choice}
    if question_type == "multiple_choice":
        picked = {
            choice
            for raw in form.get(prefix + "choices", [])
            if (choice := to_canonical("options", raw)) is not None
        }
        return {"choices": sorted(picked)} if picked else None
    if question_type == "true_false":
        raw = first("answer")
        return {"answer": raw == "true"} if raw in ("true", "false") else None
    if question_type == "short_answer":
        text = first("text").strip()[:MAX_TEXT]
        return {"text": text} if text else None
    if question_type == "cloze":
        # The page numbers the blanks; the answer is stored by the bank's blank names.
        blanks = {
            name: first(f"blank-{number}").strip()[:MAX_TEXT]
            for number, name in enumerate(blank_names(body["text"]), start=1)
        }
        return {"blanks": blanks} if any(blanks.values()) else None
    if question_type == "ordering":
        count = len(order.get("items", []))
        positions = {}
        for shown in range(count):
            raw = first(f"position-{shown}")
            if raw.isdigit() and 1 <= int(raw) <= count:
                positions[str(order["items"][shown])] = int(raw)
        return {"positions": positions} if positions else None
    if question_type == "matching":
        matches = {}
        for shown in range(len(order.get("lefts", []))):
            right = to_canonical("rights", first(f"match-{shown}"))
            if right is not None:
                matches[str(order["lefts"][shown])] = right
        return {"matches": matches} if matches else None
    return None


def grading_response(
    question_type: str, body: Mapping[str, Any], response: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The stored answer in the shape the grader takes (an unanswered one grades as 0)."""
    if response is None:
        return {}
    if question_type == "ordering":
        positions = {int(item): place for item, place in response.get("positions", {}).items()}
        # Only a full ordering is an answer: every item placed, each place used once.
        if sorted(positions.values()) != list(range(1, len(body["items"]) + 1)):
            return {"order": []}
        return {"order": sorted(positions, key=positions.__getitem__)}
    if question_type == "matching":
        return {"matches": {int(left): right for left, right in response["matches"].items()}}
    return dict(response)


def form_values(
    question_type: str,
    body: Mapping[str, Any],
    response: Mapping[str, Any] | None,
    order: Mapping[str, Sequence[int]],
) -> dict[str, Any]:
    """A stored answer in display terms, to fill the form in again after a reload."""
    if not response:
        return {}

    def shown(list_name: str, canonical: int) -> int | None:
        positions = list(order.get(list_name, []))
        return positions.index(canonical) if canonical in positions else None

    if question_type == "single_choice":
        return {"choice": shown("options", response["choice"])}
    if question_type == "multiple_choice":
        return {"choices": [shown("options", c) for c in response["choices"]]}
    if question_type == "true_false":
        return {"answer": "true" if response["answer"] else "false"}
    if question_type == "cloze":
        typed = response.get("blanks", {})
        return {
            "blanks": {
                number: typed.get(name, "")
                for number, name in enumerate(blank_names(body["text"]), start=1)
            }
        }
    if question_type == "ordering":
        return {
            "positions": {
                shown("items", int(item)): place for item, place in response["positions"].items()
            }
        }
    if question_type == "matching":
        return {
            "matches": {
                shown("lefts", int(left)): shown("rights", right)
                for left, right in response["matches"].items()
            }
        }
    return dict(response)


def window_open(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """Whether `now` is inside a quiz's window (no opening: open already; no closing: never)."""
    return (opens_at is None or opens_at <= now) and (closes_at is None or now < closes_at)


def deadline(started: datetime, minutes: int | None) -> datetime | None:
    return started + timedelta(minutes=minutes) if minutes else None


def past_deadline(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now > deadline_at + DEADLINE_GRACE


def percent(score: float, max_score: float) -> float:
    return round(100 * score / max_score, 1) if max_score else 0.0
