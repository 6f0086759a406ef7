"""Item analysis against Moodle's own quiz statistics fixtures, worked examples and properties."""

from __future__ import annotations

import csv
import math
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.reports import statistics as stats
from quizapp.reports.statistics import item_analysis

MOODLE = Path(__file__).resolve().parent.parent / "data" / "moodle"

# qstats00.csv column -> ItemStats field. Every column but `slot` must be here.
QSTATS_FIELDS = {
    "facility": "facility",
    "sd": "sd",  # Every max mark is 1, so the SD of the mark and of mark / max mark agree.
    "effectiveweight": "effective_weight",
    "covariance": "covariance",
    "markvariance": "mark_variance",
    "othermarkvariance": "rest_variance",
    "discriminationindex": "discrimination_index",
    "covariancemax": "covariance_max",
    "discriminativeefficiency": "discriminative_efficiency",
}

# Moodle's expected whole-quiz figures for results00 (CIC, ER x 100), from
# mod/quiz/report/statistics/tests/stats_from_steps_walkthrough_test.php.
MOODLE_QUIZ_STATS = {
    "median": 4.5,
    "mean": 4.617333332,
    "sd": 0.8117265554,
    "skewness": -0.092502502,
    "kurtosis": -0.7073968557,
    "cronbach_alpha": -87.2230935542 / 100,
    "error_ratio": 136.8294900795 / 100,
    "standard_error": 1.1106813066,
}

# Same test: the attempts that drew variant 1 of slot 2 (steps00.csv, column variants.2) and
# Moodle's figures for that variant, worked out on those attempts alone.
VARIANT_1_ATTEMPTS = {1, 2, 6, 9, 14, 24}
MOODLE_VARIANT_1 = {
    "attempts": 6,
    "facility": 0.50,
    "sd": 0.5477225575,
    "discrimination_index": -10.5999788,
    "discriminative_efficiency": -14.28571429,
}


def sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant figures."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def assert_sig(actual: float | None, expected: float, digits: int = 4) -> None:
    assert actual is not None, f"expected {expected}, got None"
    assert sig(actual, digits) == sig(expected, digits), (
        f"{actual} != {expected} to {digits} significant figures"
    )


def test_assert_sig_compares_significant_figures():
    assert_sig(-0.0098888894, -0.009889)
    assert_sig(123456.0, 123461.0)
    assert_sig(0.0, 0.0)
    assert_sig(-7.06507, -7.0650767526)
    for actual, expected in [(-7.06, 7.06), (0.0, 1e-9), (1.2345, 1.2355), (None, 1.0)]:
        with pytest.raises(AssertionError):
            assert_sig(actual, expected)


def read_csv(name: str) -> list[dict[str, str]]:
    with (MOODLE / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def moodle_marks() -> list[list[float | None]]:
    rows = read_csv("results00.csv")
    return [[float(row[f"slots.{slot}.mark"]) for slot in range(1, 8)] for row in rows]


def test_the_fixture_totals_are_the_sums_of_the_marks():
    rows = read_csv("results00.csv")
    assert len(rows) == 25
    for row, marks in zip(rows, moodle_marks(), strict=True):
        assert math.fsum(m for m in marks if m is not None) == pytest.approx(
            float(row["summarks"]), abs=1e-5
        )


def test_every_figure_of_moodles_question_statistics_table():
    _, items = item_analysis(moodle_marks(), [1.0] * 7)
    expected_rows = read_csv("qstats00.csv")
    assert set(expected_rows[0]) == {"slot", *QSTATS_FIELDS}
    assert [item.slot for item in items] == [int(row["slot"]) for row in expected_rows]
    checked = 0
    for item, row in zip(items, expected_rows, strict=True):
        assert item.attempts == 25
        for column, field in QSTATS_FIELDS.items():
            assert row[column] != "", f"slot {item.slot}: blank {column}"
            assert_sig(getattr(item, field), float(row[column]))
            checked += 1
    assert checked == 7 * 9


def test_effective_weight_is_the_root_of_the_covariance_with_the_total_not_the_rest():
    _, items = item_analysis(moodle_marks(), [1.0] * 7)
    for item in items:
        assert item.covariance is not None and item.covariance < 0
        assert item.covariance_with_total is not None and item.covariance_with_total > 0
        assert item.mark_variance is not None
        assert item.covariance_with_total == pytest.approx(item.mark_variance + item.covariance)
    assert math.fsum(item.effective_weight or 0.0 for item in items) == pytest.approx(100)


def test_moodles_whole_quiz_figures():
    test, _ = item_analysis(moodle_marks(), [1.0] * 7)
    assert test.attempts == 25
    assert test.max_mark == 7
    for field, expected in MOODLE_QUIZ_STATS.items():
        assert_sig(getattr(test, field), expected, digits=8)


def test_flags_on_moodles_table():
    _, items = item_analysis(moodle_marks(), [1.0] * 7)
    for item in items:
        assert stats.FLAG_NEGATIVE_DISCRIMINATION in item.flags
        assert stats.FLAG_FEW_ATTEMPTS not in item.flags
        assert stats.FLAG_WEAK_DISCRIMINATION not in item.flags
        # Slot 3 has a facility of 0.973.
        assert (stats.FLAG_VERY_EASY in item.flags) == (item.slot == 3)
        assert stats.FLAG_VERY_HARD not in item.flags


def test_a_missing_slot_uses_only_the_attempts_that_had_it_as_moodle_does_for_variants():
    marks = moodle_marks()
    for attempt, row in enumerate(marks, start=1):
        if attempt not in VARIANT_1_ATTEMPTS:
            row[1] = None
    _, items = item_analysis(marks, [1.0] * 7)
    slot2 = items[1]
    for field, expected in MOODLE_VARIANT_1.items():
        assert_sig(getattr(slot2, field), expected)
    assert stats.FLAG_FEW_ATTEMPTS in slot2.flags
    assert all(item.attempts == 25 for item in items if item.slot != 2)


def test_missing_slots_by_hand():
    # Slot 2 appears in attempts 1, 3 and 4 only; slot 3 in attempt 2 only.
    marks: list[list[float | None]] = [
        [1.0, 2.0, None],
        [0.0, None, 1.0],
        [1.0, 0.0, None],
        [0.0, 1.0, None],
    ]
    test, (s1, s2, s3) = item_analysis(marks, [1.0, 2.0, 1.0])
    assert (s1.attempts, s2.attempts, s3.attempts) == (4, 3, 1)
    assert s1.facility == pytest.approx(0.5)
    assert s2.facility == pytest.approx(3 / 3 / 2)  # Mean mark 1 of max 2.
    assert s2.sd == pytest.approx(statistics.stdev([2.0, 0.0, 1.0]) / 2)
    # Its rest of test in attempts 1, 3, 4: 1, 1, 0.
    assert s2.covariance == pytest.approx(statistics.covariance([2.0, 0.0, 1.0], [1.0, 1.0, 0.0]))
    assert s2.discrimination_index == pytest.approx(
        100 * statistics.correlation([2.0, 0.0, 1.0], [1.0, 1.0, 0.0])
    )
    assert s3.facility == 1.0
    assert s3.sd is None and s3.discrimination_index is None and s3.effective_weight is None
    # Totals are the sums of the marks each attempt had: 3, 1, 1, 1.
    assert test.mean == pytest.approx(1.5)
    assert test.median == pytest.approx(1.0)
    assert test.max_mark == 4


def test_whole_test_figures_by_hand():
    # Totals 3, 2, 1, 0: mean 1.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, var 5/3.
    # Symmetric, so skewness 0. m2 = 5/4, m4 = (2 * 5.0625 + 2 * 0.0625) / 4 = 2.5625,
    # k4 = 16 (5 m4 - 9 m2^2) / (3 * 2 * 1) = 16 (12.8125 - 14.0625) / 6 = -10/3,
    # kurtosis = k4 / k2^2 = (-10/3) / (25/9) = -1.2.
    # Item variances 1/4, 1/3, 1/4, sum 5/6: alpha = 3/2 (1 - (5/6) / (5/3)) = 0.75,
    # ER = sqrt(0.25) = 0.5, SE = 0.5 sqrt(5/3).
    marks: list[list[float | None]] = [
        [1.0, 1.0, 1.0],
        [1.0, 1.0, 0.0],
        [1.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
    ]
    test, items = item_analysis(marks, [1.0, 1.0, 1.0])
    assert test.attempts == 4
    assert test.mean == pytest.approx(1.5)
    assert test.median == pytest.approx(1.5)
    assert test.sd == pytest.approx(math.sqrt(5 / 3))
    assert test.skewness == pytest.approx(0, abs=1e-12)
    assert test.kurtosis == pytest.approx(-1.2)
    assert test.cronbach_alpha == pytest.approx(0.75)
    assert test.error_ratio == pytest.approx(0.5)
    assert test.standard_error == pytest.approx(0.5 * math.sqrt(5 / 3))
    assert test.max_mark == 3
    assert [item.facility for item in items] == pytest.approx([0.75, 0.5, 0.25])


def test_skewness_and_kurtosis_agree_with_the_textbook_g1_g2_forms():
    marks: list[list[float | None]] = [[x, 0.0] for x in [0.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 9.0]]
    test, _ = item_analysis(marks, [10.0, 1.0])
    totals = [row[0] for row in marks]
    n = len(totals)
    mean = statistics.fmean(v for v in totals if v is not None)
    m2, m3, m4 = (sum((v - mean) ** r for v in totals if v is not None) / n for r in (2, 3, 4))
    g1, g2 = m3 / m2**1.5, m4 / m2**2 - 3
    assert test.skewness == pytest.approx(math.sqrt(n * (n - 1)) / (n - 2) * g1)
    assert test.kurtosis == pytest.approx((n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6))
    assert test.skewness is not None and test.skewness > 1  # One high scorer: right-skewed.


def test_a_single_attempt_leaves_the_spread_undefined():
    test, items = item_analysis([[1.0, 0.5]], [1.0, 1.0])
    assert (test.attempts, test.mean, test.median) == (1, 1.5, 1.5)
    assert test.sd is None and test.skewness is None and test.kurtosis is None
    assert test.cronbach_alpha is None and test.error_ratio is None
    assert test.standard_error is None
    assert [item.facility for item in items] == [1.0, 0.5]
    for item in items:
        assert item.attempts == 1
        assert item.sd is None and item.covariance is None
        assert item.discrimination_index is None and item.discriminative_efficiency is None
        assert item.effective_weight is None
        assert stats.FLAG_FEW_ATTEMPTS in item.flags


def test_zero_variance_leaves_ratios_undefined_without_dividing_by_zero():
    marks: list[list[float | None]] = [[0.1, 0.2, 0.7]] * 5  # Totals 1.0, but in floats.
    test, items = item_analysis(marks, [1.0, 1.0, 1.0])
    assert test.sd == 0
    assert test.skewness is None and test.kurtosis is None
    assert test.cronbach_alpha is None and test.error_ratio is None
    assert test.standard_error is None
    for item in items:
        assert item.sd == 0 and item.covariance == 0 and item.covariance_max == 0
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert item.effective_weight is None  # Every covariance with the total is 0.


def test_two_and_three_attempts():
    two, _ = item_analysis([[1.0, 1.0], [0.0, 0.0]], [1.0, 1.0])
    assert two.sd == pytest.approx(math.sqrt(2))
    assert two.skewness is None and two.kurtosis is None
    assert two.cronbach_alpha == pytest.approx(1.0)  # 2 (1 - (1/2 + 1/2) / 2).
    three, _ = item_analysis([[1.0, 1.0], [0.0, 0.0], [1.0, 0.0]], [1.0, 1.0])
    assert three.skewness is not None and three.kurtosis is None


def test_effective_weight_is_blank_for_a_negative_covariance_with_the_total():
    # Slot 3 runs against the total (2, 2, 1, 1), so it is left out of the sum.
    marks: list[list[float | None]] = [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]] * 2
    _, items = item_analysis(marks, [1.0, 1.0, 1.0])
    assert items[2].covariance_with_total is not None and items[2].covariance_with_total < 0
    assert [item.effective_weight for item in items[:2]] == pytest.approx([50, 50])
    assert items[2].effective_weight is None
    assert stats.FLAG_NEGATIVE_DISCRIMINATION in items[2].flags


def test_flags():
    flags = stats.item_flags
    assert flags(30, 0.5, 30) == ()
    assert flags(30, 0.05, 30) == (stats.FLAG_VERY_HARD,)
    assert flags(30, 0.95, 30) == (stats.FLAG_VERY_EASY,)
    assert flags(30, 0.5, -5) == (stats.FLAG_NEGATIVE_DISCRIMINATION,)
    assert flags(30, 0.5, 0) == (stats.FLAG_WEAK_DISCRIMINATION,)
    assert flags(30, 0.5, 19.9) == (stats.FLAG_WEAK_DISCRIMINATION,)
    assert flags(30, 0.95, 10) == (stats.FLAG_VERY_EASY,)
    assert flags(9, 0.5, None) == (stats.FLAG_FEW_ATTEMPTS,)
    assert flags(0, None, None) == (stats.FLAG_FEW_ATTEMPTS,)
    assert flags(5, 0.02, -50) == (
        stats.FLAG_VERY_HARD,
        stats.FLAG_NEGATIVE_DISCRIMINATION,
        stats.FLAG_FEW_ATTEMPTS,
    )
    for flag in (
        stats.FLAG_VERY_HARD,
        stats.FLAG_VERY_EASY,
        stats.FLAG_NEGATIVE_DISCRIMINATION,
        stats.FLAG_WEAK_DISCRIMINATION,
        stats.FLAG_FEW_ATTEMPTS,
    ):
        assert flag[0].isupper() and flag.count(":") <= 1


def test_no_attempts_and_no_slots():
    test, items = item_analysis([], [1.0, 2.0])
    assert test.attempts == 0 and test.mean is None and test.median is None and test.sd is None
    assert test.max_mark == 3
    assert [(item.slot, item.attempts, item.facility) for item in items] == [
        (1, 0, None),
        (2, 0, None),
    ]
    test, items = item_analysis([[], []], [])
    assert items == [] and test.mean == 0 and test.cronbach_alpha is None


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="attempt 2 has 1 marks for 2 slots"):
        item_analysis([[1.0, 0.0], [1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="not finite"):
        item_analysis([[math.nan, 0.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="max mark"):
        item_analysis([[0.0]], [-1.0])


@st.composite
def mark_matrices(draw: st.DrawFn) -> tuple[list[list[float | None]], list[float]]:
    max_marks = draw(
        st.lists(
            st.one_of(st.sampled_from([1.0, 2.0, 0.5, 10.0]), st.floats(0.01, 100)),
            min_size=1,
            max_size=6,
        )
    )
    cells = [
        st.one_of(st.none(), st.sampled_from([0.0, top]), st.floats(0, top)) for top in max_marks
    ]
    rows = draw(st.lists(st.tuples(*cells).map(list), max_size=30))
    return rows, max_marks


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(mark_matrices())
def test_figures_stay_in_range_for_any_marks(case: tuple[list[list[float | None]], list[float]]):
    marks, max_marks = case
    test, items = item_analysis(marks, max_marks)
    assert test.attempts == len(marks)
    assert test.cronbach_alpha is None or test.cronbach_alpha <= 1
    assert test.error_ratio is None or test.error_ratio >= 0
    assert test.sd is None or test.sd >= 0
    for q, item in enumerate(items):
        assert item.slot == q + 1
        assert item.attempts == sum(row[q] is not None for row in marks)
        assert item.facility is None or 0 <= item.facility <= 1
        assert item.sd is None or item.sd >= 0
        index = item.discrimination_index
        assert index is None or -100 <= index <= 100
        assert item.effective_weight is None or 0 <= item.effective_weight <= 100
    weights = [item.effective_weight for item in items if item.effective_weight is not None]
    assert not weights or math.fsum(weights) == pytest.approx(100)


# Slots and questions drawn at random into them (quiz_analysis).

# Six attempts drawing 2 of questions 1-4 into 2 slots: questions and marks by slot.
DRAWN_QUESTIONS = [[1, 2], [3, 4], [2, 1], [4, 3], [1, 3], [2, 4]]
DRAWN_MARKS = [[1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]


def test_random_draws_are_analysed_by_slot_by_hand():
    analysis = stats.quiz_analysis(DRAWN_QUESTIONS, DRAWN_MARKS)
    slot1 = [row[0] for row in DRAWN_MARKS]
    slot2 = [row[1] for row in DRAWN_MARKS]
    totals = [a + b for a, b in zip(slot1, slot2, strict=True)]
    var_total = statistics.variance(totals)
    alpha = (
        2 / (2 - 1) * (1 - (statistics.variance(slot1) + statistics.variance(slot2)) / var_total)
    )
    test = analysis.test
    assert test.attempts == 6 and test.max_mark == 2
    assert test.mean == pytest.approx(statistics.fmean(totals))
    assert test.sd == pytest.approx(math.sqrt(var_total))
    assert test.cronbach_alpha == pytest.approx(alpha)
    assert test.error_ratio == pytest.approx(math.sqrt(1 - alpha))
    assert test.standard_error == pytest.approx(math.sqrt(1 - alpha) * math.sqrt(var_total))
    assert analysis.notes == {}
    first, second = analysis.slots
    assert (first.attempts, second.attempts) == (6, 6)
    assert first.facility == pytest.approx(statistics.fmean(slot1))
    assert second.facility == pytest.approx(statistics.fmean(slot2))
    rest1 = [total - mark for total, mark in zip(totals, slot1, strict=True)]
    assert first.discrimination_index == pytest.approx(100 * statistics.correlation(slot1, rest1))
    assert analysis.intended_weights == [50.0, 50.0]
    assert analysis.slot_questions == [(1, 2, 3, 4), (1, 2, 3, 4)]
    assert analysis.slot_counts == (2,)


def test_questions_drawn_at_random_are_correlated_with_the_whole_total_as_moodle_does():
    analysis = stats.quiz_analysis(DRAWN_QUESTIONS, DRAWN_MARKS)
    assert [drawn.question for drawn in analysis.drawn] == [1, 2, 3, 4]
    one = analysis.drawn[0]
    # Question 1 was drawn in attempts 1 (slot 1), 3 (slot 2) and 5 (slot 1).
    marks, totals = [1.0, 0.0, 0.0], [1.0, 0.0, 1.0]
    assert one.slots == (1, 2)
    assert one.stats.attempts == 3
    assert one.stats.facility == pytest.approx(1 / 3)
    assert one.stats.sd == pytest.approx(statistics.stdev(marks))
    assert one.stats.covariance == pytest.approx(statistics.covariance(marks, totals))
    assert one.stats.discrimination_index == pytest.approx(
        100 * statistics.correlation(marks, totals)
    )
    assert one.stats.effective_weight is None
    assert stats.FLAG_FEW_ATTEMPTS in one.stats.flags


def test_the_old_per_question_alpha_is_not_what_the_slots_give():
    # The figure issue 11 was about: questions as items, each seen by a subset of attempts.
    by_question: list[list[float | None]] = [[None] * 4 for _ in DRAWN_QUESTIONS]
    for row, asked, marks in zip(by_question, DRAWN_QUESTIONS, DRAWN_MARKS, strict=True):
        for question, mark in zip(asked, marks, strict=True):
            row[question - 1] = mark
    per_question, _ = item_analysis(by_question, [1.0] * 4)
    by_slot = stats.quiz_analysis(DRAWN_QUESTIONS, DRAWN_MARKS).test
    assert by_slot.cronbach_alpha is not None
    assert per_question.cronbach_alpha != pytest.approx(by_slot.cronbach_alpha)


def test_a_quiz_without_random_slots_has_no_drawn_questions():
    analysis = stats.quiz_analysis([[7, 8, 9]] * 3, [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1, 1, 0]])
    assert analysis.drawn == []
    assert analysis.slot_questions == [(7,), (8,), (9,)]


def test_attempts_of_different_lengths_give_no_alpha_and_say_why():
    analysis = stats.quiz_analysis(
        [[1, 2], [2, 1], [1, 2, 3], [3, 2, 1]],
        [[1.0, 0.0], [0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0]],
    )
    test = analysis.test
    assert test.cronbach_alpha is None and test.error_ratio is None
    assert test.standard_error is None
    assert test.mean == pytest.approx(6 / 4) and test.sd is not None
    assert analysis.slot_counts == (2, 3)
    assert "different numbers of questions (2 to 3)" in analysis.notes["cronbach_alpha"]
    assert analysis.notes["error_ratio"] == stats.NOTE_FOLLOWS_ALPHA
    assert set(analysis.notes) == {"cronbach_alpha", "error_ratio", "standard_error"}
    assert [item.attempts for item in analysis.slots] == [4, 4, 2]


def test_undefined_whole_quiz_figures_say_why():
    assert stats.quiz_analysis([], []).notes["cronbach_alpha"] == stats.NOTE_NO_ATTEMPTS
    one = stats.quiz_analysis([[1, 2]], [[1.0, 0.0]]).notes
    assert one["sd"] == one["cronbach_alpha"] == "Not enough attempts: it needs at least 2."
    same = stats.quiz_analysis([[1, 2]] * 4, [[1.0, 0.0]] * 4).notes
    assert same["cronbach_alpha"] == same["skewness"] == stats.NOTE_SAME_TOTAL
    single = stats.quiz_analysis([[1], [1], [1]], [[1.0], [0.0], [1.0]]).notes
    assert single == {
        "cronbach_alpha": stats.NOTE_ONE_SLOT,
        **dict.fromkeys(("error_ratio", "standard_error"), stats.NOTE_FOLLOWS_ALPHA),
        "kurtosis": "Not enough attempts: it needs at least 4.",
    }


def test_quiz_analysis_refuses_rows_that_do_not_match():
    with pytest.raises(ValueError, match="one question id for each mark"):
        stats.quiz_analysis([[1, 2]], [[1.0]])
    with pytest.raises(ValueError, match="one question id for each mark"):
        stats.quiz_analysis([[1, 2]], [])


@st.composite
def drawn_attempts(draw: st.DrawFn) -> tuple[list[list[int]], list[list[float]]]:
    lengths = draw(st.lists(st.integers(1, 5), min_size=1, max_size=2))
    rows = draw(st.lists(st.sampled_from(lengths), max_size=25))
    questions = [draw(st.permutations(range(8)))[:length] for length in rows]
    marks = [
        [draw(st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1))) for _ in range(length)]
        for length in rows
    ]
    return questions, marks


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(drawn_attempts())
def test_slot_figures_stay_in_range(case: tuple[list[list[int]], list[list[float]]]):
    questions, marks = case
    analysis = stats.quiz_analysis(questions, marks)
    test = analysis.test
    assert test.cronbach_alpha is None or test.cronbach_alpha <= 1
    assert test.error_ratio is None or test.error_ratio >= 0
    if len({len(row) for row in marks}) > 1:
        assert test.cronbach_alpha is None and "cronbach_alpha" in analysis.notes
    for name in ("sd", "skewness", "kurtosis", "cronbach_alpha", "error_ratio"):
        assert (getattr(test, name) is None) == (name in analysis.notes)
    for drawn in analysis.drawn:
        assert 0 <= (drawn.stats.facility or 0) <= 1
        index = drawn.stats.discrimination_index
        assert index is None or -100 <= index <= 100
        assert drawn.stats.attempts == sum(
            drawn.question in row[slot - 1 : slot] for row in questions for slot in drawn.slots
        )
