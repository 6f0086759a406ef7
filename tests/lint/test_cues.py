"""Answer cues: Q201 position, Q202 longest, Q203 true/false balance, Q204 absolutes, Q205
negative stems, Q206 all/none of the above, Q207 odd options, Q208 ordering items."""

from __future__ import annotations

from typing import Any

from tests.lint.conftest import codes, lint, messages, question, single, true_false

OPTIONS = ["Ice on the top", "Fog on the shore", "Snow on the reeds", "Mud on the floor"]


def singles(places: list[int]) -> list[dict[str, Any]]:
    return [single(f"q-{n}", [f"{t} {n}" for t in OPTIONS], right=p) for n, p in enumerate(places)]


def multiples(flags: list[list[bool]]) -> list[dict[str, Any]]:
    found = []
    for n, marks in enumerate(flags):
        options = [
            {"text": f"{t} {n}", **({"correct": True} if m else {})}
            for t, m in zip(OPTIONS, marks, strict=False)
        ]
        found.append(question(f"m-{n}", "multiple_choice", options=options))
    return found


def test_correct_option_always_first_is_reported_once_on_the_deck() -> None:
    report = lint(singles([0] * 10))
    found = [f for f in report.findings if f.code == "Q201"]
    assert len(found) == 1
    assert found[0].where == "deck lakes" and len(found[0].questions) == 10


def test_correct_options_spread_over_positions_are_fine() -> None:
    assert "Q201" not in codes(lint(singles([0, 1, 2, 3, 0, 1, 2, 3, 1, 2])))


def test_multiple_choice_with_every_right_option_first() -> None:
    report = lint(multiples([[True, True, False, False]] * 8))
    assert any("before every wrong one" in m for m in messages(report, "Q201"))
    mixed = [
        [True, False, True, False],
        [False, True, False, True],
        [True, False, False, True],
        [False, True, True, False],
        [True, True, False, False],
        [False, False, True, True],
        [True, False, True, False],
        [False, True, False, True],
    ]
    assert "Q201" not in codes(lint(multiples(mixed)))


def test_correct_option_the_longest_far_more_than_chance() -> None:
    longest = [
        single(
            f"q-{n}",
            [f"The ice forms on the top first, sealing the lake {n}", "Fog", "Mud", "Snow"],
            right=0,
        )
        for n in range(8)
    ]
    for n, item in enumerate(longest):
        item["options"] = item["options"][n % 4 :] + item["options"][: n % 4]
    assert "Q202" in codes(lint(longest))
    even = [
        single(f"q-{n}", [f"Ice {n}", "Fog on shores", "Mud", "Snowfall"], right=n % 4)
        for n in range(8)
    ]
    assert "Q202" not in codes(lint(even))


def test_true_false_mostly_false_is_reported() -> None:
    statements = [true_false(f"t-{n}", f"Lake ice statement {n}.", n < 2) for n in range(10)]
    assert any("8 of 10" in m for m in messages(lint(statements), "Q203"))
    balanced = [true_false(f"t-{n}", f"Lake ice statement {n}.", n % 2 == 0) for n in range(10)]
    assert "Q203" not in codes(lint(balanced))


def test_absolute_words_in_true_false() -> None:
    report = lint([true_false("t-1", "Ice forms solely at the top of a lake.", False)])
    assert any("'solely'" in m for m in messages(report, "Q204"))
    assert "Q204" not in codes(lint([true_false("t-1", "Ice forms first at the top.", True)]))


def test_negative_stem_needs_emphasis() -> None:
    plain = single("q-1", OPTIONS, prompt="Which is not a sign of thin ice?")
    assert "Q205" in codes(lint([plain]))
    bold = single("q-1", OPTIONS, prompt="Which is **not** a sign of thin ice?")
    capitals = single("q-2", OPTIONS, prompt="Which is NOT a sign of thin ice?")
    assert "Q205" not in codes(lint([bold, capitals]))


def test_all_of_the_above() -> None:
    assert "Q206" in codes(lint([single("q-1", [*OPTIONS[:3], "All of the above"])]))
    assert "Q206" not in codes(lint([single("q-1", OPTIONS)]))


def test_an_option_far_longer_than_the_others() -> None:
    long = "Ice forms on top because water is densest at four degrees and sinks below"
    assert "Q207" in codes(lint([single("q-1", [long, "Fog", "Mud", "Snow"])]))


def test_an_option_of_another_grammatical_form() -> None:
    texts = ["To seal the lake", "To warm the fish", "To feed the reeds", "Because of snow"]
    assert any("option 4" in m for m in messages(lint([single("q-1", texts)]), "Q207"))
    assert "Q207" not in codes(lint([single("q-1", texts[:3] + ["To melt the snow"])]))


def test_ordering_items_with_years() -> None:
    dated = question("o-1", "ordering", items=["Thaw (1990)", "Freeze (2001)", "Thaw (2010)"])
    assert "Q208" in codes(lint([dated]))
    plain = question("o-1", "ordering", items=["Surface cools", "Ice forms", "Snow settles"])
    assert "Q208" not in codes(lint([plain]))
