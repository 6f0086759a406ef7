"""Teaching: Q401 explanations that restate the answer, Q402 one feedback template everywhere,
Q403 feedback that only says the text does not mention the option."""

from __future__ import annotations

from typing import Any

from tests.lint.conftest import codes, lint, messages, short, single


def test_a_very_short_explanation() -> None:
    assert "Q401" in codes(lint([short("e-1", ["four degrees"], explanation="Four degrees.")]))


def test_an_explanation_made_of_the_prompt_and_the_answer() -> None:
    restating = short(
        "e-1",
        ["four degrees"],
        prompt="At what temperature is lake water densest?",
        explanation="Lake water is densest at four degrees, the temperature asked about.",
    )
    assert any("restates" in m for m in messages(lint([restating]), "Q401"))
    assert "Q401" not in codes(lint([short("e-1", ["four degrees"])]))


def with_feedback(qid: str, feedback: list[str]) -> dict[str, Any]:
    item = single(qid, ["Ice on top", "Fog on shores", "Mud below", "Snow on reeds"])
    for option, text in zip(item["options"][1:], feedback, strict=True):
        option["feedback"] = text
    return item


def test_one_template_for_every_wrong_option() -> None:
    template = [
        with_feedback(
            f"f-{n}", [f"No: the text does not mention {w}." for w in ("fog", "mud", "snow")]
        )
        for n in range(3)
    ]
    found = [f for f in lint(template).findings if f.code == "Q402"]
    assert len(found) == 1 and set(found[0].questions) == {"f-0", "f-1", "f-2"}


def test_feedback_that_says_why_is_fine() -> None:
    varied = [
        with_feedback(
            f"f-{n}",
            [
                f"Fog forms over open water {n}, which is gone once the lid of ice closes.",
                f"Mud stays at the bottom {n}: the densest water sinks, not the lightest.",
                f"Snow settles on ice {n} already formed; it does not make the first layer.",
            ],
        )
        for n in range(3)
    ]
    report = lint(varied)
    assert "Q402" not in codes(report) and "Q403" not in codes(report)


def test_feedback_that_only_says_not_mentioned() -> None:
    item = with_feedback(
        "f-1",
        ["The text does not mention fog.", "Mud sinks because it is denser than water.", "No."],
    )
    assert any("option 2" in m for m in messages(lint([item]), "Q403"))
