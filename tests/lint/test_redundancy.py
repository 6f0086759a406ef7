"""Redundancy and leakage: Q301 near-duplicate prompts, Q302 one fact tested too often, Q303
one question giving away another's answer."""

from __future__ import annotations

from tests.lint.conftest import codes, lint, messages, question, short, single


def test_near_duplicate_prompts() -> None:
    first = short("a-1", ["four degrees"], prompt="At what temperature is lake water densest?")
    twin = short("a-2", ["4 degrees"], prompt="At what temperature is the water of a lake densest?")
    report = lint([first, twin])
    assert any("a-1" in m for m in messages(report, "Q301"))
    other = short("a-2", ["ten centimetres"], prompt="How thick must ice be before skating?")
    assert "Q301" not in codes(lint([first, other]))


def test_one_answer_tested_more_than_three_times() -> None:
    same = [
        short(f"d-{n}", ["four degrees"], prompt=f"Variant {n}: density peak of lake water?")
        for n in range(4)
    ]
    found = [f for f in lint(same).findings if f.code == "Q302"]
    assert len(found) == 1 and found[0].questions == ("d-0", "d-1", "d-2", "d-3")
    assert "Q302" not in codes(lint(same[:3]))


def test_a_prompt_that_shows_another_questions_typed_answer() -> None:
    recall = short("r-1", ["thermocline"], prompt="What is the layer where temperature drops fast?")
    leak = single(
        "r-2", ["The thermocline holds warm water", "Fog"], prompt="What happens below the ice?"
    )
    report = lint([recall, leak])
    assert any("question r-2" in m and "r-1" in m for m in messages(report, "Q303"))
    quiet = single("r-2", ["A warmer layer holds fish", "Fog"], prompt="What happens below?")
    assert "Q303" not in codes(lint([recall, quiet]))


def test_common_words_are_not_give_aways() -> None:
    recall = short("r-1", ["water"], prompt="What fills a lake?")
    other = question(
        "r-2", "ordering", items=["Water cools", "Ice forms", "Snow falls"], prompt="Order them."
    )
    assert "Q303" not in codes(lint([recall, other]))
