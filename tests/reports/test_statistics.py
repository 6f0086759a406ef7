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
from quizapp.reports.statistics import item_analysis, option_counts

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


def test_option_counts():
    assert option_counts(["b", "a", "b", "c", "b"]) == {"b": 3, "a": 1, "c": 1}
    assert list(option_counts(["b", "a", "b"])) == ["b", "a"]
    assert option_counts([]) == {}
    assert option_counts([(1, 2), None, (1, 2)]) == {(1, 2): 2, None: 1}


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
