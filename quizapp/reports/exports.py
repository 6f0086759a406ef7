"""The teachers' CSV files: a class's gradebook, a quiz's item analysis and its responses.
Plain functions from what the services read to CSV text (made safe by quizapp/csvsafe.py)."""

from __future__ import annotations

from quizapp.csvsafe import to_csv
from quizapp.models import Deck
from quizapp.reports.service import ItemAnalysis, StudentRow
from quizapp.reports.statistics import ItemStats


def gradebook_csv(rows: list[StudentRow], deck: Deck | None) -> str:
    topics = [t["id"] for t in deck.topics] if deck else []
    header = [
        "username",
        "finished attempts",
        "mean quiz score %",
        "reviews in the last 7 days",
        "last active (UTC)",
        *[f"mastery {topic} %" for topic in topics],
        "falling behind",
    ]
    body = [
        [
            row.user.username,
            row.attempts,
            row.mean_score,
            row.reviews_week,
            row.last_active.strftime("%Y-%m-%d %H:%M") if row.last_active else None,
            *[row.mastery.get(topic) for topic in topics],
            "; ".join(row.behind),
        ]
        for row in rows
    ]
    return to_csv(header, body)


def item_analysis_csv(report: ItemAnalysis) -> str:
    """One row per whole-quiz figure, per slot and per question drawn at random, told apart by
    the first column; a figure not given is blank, with the reason in the last column."""
    analysis, questions = report.analysis, report.questions
    header = [
        "row",
        "slot",
        "question",
        "prompt",
        "value",
        "attempts",
        "facility %",
        "standard deviation %",
        "discrimination index",
        "discriminative efficiency",
        "effective weight %",
        "intended weight %",
        "flags",
        "note",
    ]
    test = analysis.test
    body: list[list[object]] = [
        [
            "quiz",
            None,
            label,
            None,
            _figure(getattr(test, name), scale),
            test.attempts,
            *([None] * 7),
            analysis.notes.get(name),
        ]
        for name, label, scale in QUIZ_FIGURES
    ]
    for item, held, weight in zip(
        analysis.slots, analysis.slot_questions, analysis.intended_weights, strict=True
    ):
        single = questions[held[0]] if len(held) == 1 else None
        body.append(
            [
                "slot",
                item.slot,
                single.key if single else f"{len(held)} questions at random",
                single.prompt if single else None,
                None,
                *_item_cells(item),
                _figure(item.effective_weight),
                _figure(weight),
                "; ".join(item.flags),
                "; ".join(filter(None, [_blank_note(item), _weight_note(item)])) or None,
            ]
        )
    for drawn in analysis.drawn:
        question = questions[drawn.question]
        body.append(
            [
                "drawn question",
                " ".join(map(str, drawn.slots)),
                question.key,
                question.prompt,
                None,
                *_item_cells(drawn.stats),
                None,
                None,
                "; ".join(drawn.stats.flags),
                "; ".join(
                    filter(
                        None,
                        [
                            "discrimination against the attempt's whole total",
                            _blank_note(drawn.stats),
                        ],
                    )
                ),
            ]
        )
    return to_csv(header, body)


def responses_csv(report: ItemAnalysis) -> str:
    """Response analysis: one row per distinct answer to each question, every one of them."""
    header = ["question", "prompt", "type", "blank", "answer", "code", "right or accepted"]
    header += ["times given", "% of responses"]
    body: list[list[object]] = []
    for question_id, tallied in report.responses.items():
        question = report.questions[question_id]
        start = [question.key, question.prompt, question.type]
        share = 100 / tallied.responses
        for answer in tallied.answers:
            body.append(
                [*start, answer.part, answer.text, answer.code, answer.right, answer.count]
                + [round(answer.count * share, 2)]
            )
        for part, times in tallied.unanswered_parts:
            body.append([*start, part, "(blank)", None, False, times, round(times * share, 2)])
        if tallied.unanswered:
            times = tallied.unanswered
            body.append([*start, None, "(no answer)", None, False, times, round(times * share, 2)])
    return to_csv(header, body)


def _figure(value: float | None, scale: float = 1.0) -> float | None:
    return None if value is None else round(value * scale, 2)


QUIZ_FIGURES = [
    ("mean", "mean", 1.0),
    ("median", "median", 1.0),
    ("sd", "standard deviation", 1.0),
    ("skewness", "skewness", 1.0),
    ("kurtosis", "kurtosis", 1.0),
    ("cronbach_alpha", "Cronbach's alpha %", 100.0),
    ("error_ratio", "error ratio %", 100.0),
    ("standard_error", "standard error", 1.0),
]
"""The whole-quiz figures of the CSV: TestStats field, label, scale."""


BLANK_FIGURE = "a blank figure is not defined: fewer than 2 attempts, or a mark that never varied"


def _blank_note(item: ItemStats) -> str | None:
    figures = (item.facility, item.sd, item.discrimination_index, item.discriminative_efficiency)
    return BLANK_FIGURE if None in figures else None


def _weight_note(item: ItemStats) -> str | None:
    if item.effective_weight is None and (item.covariance_with_total or 0) < 0:
        return "no effective weight: the slot's marks run against the total"
    return None


def _item_cells(item: ItemStats) -> list[object]:
    return [
        item.attempts,
        _figure(item.facility, 100),
        _figure(item.sd, 100),
        _figure(item.discrimination_index),
        _figure(item.discriminative_efficiency),
    ]
