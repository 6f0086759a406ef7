"""Classical test theory item analysis of quiz attempts, as Moodle's quiz statistics report does it:
facility, discrimination and effective weight per slot, figures for each question drawn at random
into slots, reliability for the whole test."""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

FLAG_VERY_HARD = "Very hard: almost nobody gets it right"
FLAG_VERY_EASY = "Very easy: almost everybody gets it right"
FLAG_NEGATIVE_DISCRIMINATION = (
    "Negative discrimination: stronger students do worse on it; check the answer key"
)
FLAG_WEAK_DISCRIMINATION = "Weak discrimination: it barely tells stronger from weaker students"
FLAG_FEW_ATTEMPTS = "Few attempts: figures are unreliable"

VERY_HARD_BELOW = 0.1
"""Facility under which a slot is flagged very hard."""
VERY_EASY_ABOVE = 0.9
"""Facility over which a slot is flagged very easy."""
WEAK_DISCRIMINATION_BELOW = 20.0
"""Discrimination index (0..100) under which a slot of ordinary facility discriminates weakly."""
FEW_ATTEMPTS_BELOW = 10
"""Fewer attempts than this on a slot and its figures are flagged unreliable."""

# Deviations from the mean no larger than this, relative to the values (at least 1), are rounding
# noise (a total minus a mark, say): the list is treated as constant, its variance exactly 0.
_ZERO_SPREAD = 1e-9
# Alpha above 1 by more than rounding means the figure does not apply (see item_analysis).
_ALPHA_SLACK = 1e-9


@dataclass(frozen=True)
class ItemStats:
    """One slot's statistics; marks are in the slot's own units, None where a figure is undefined.

    - ``facility``: mean mark / max mark.
    - ``sd``: sample standard deviation (n - 1) of the mark, divided by the max mark.
    - ``discrimination_index``: 100 x Pearson correlation of the mark with the rest of the test
      (the attempt's total minus this mark); None when either has zero variance.
    - ``discriminative_efficiency``: 100 x ``covariance`` / ``covariance_max``; None when
      ``covariance_max`` is 0.
    - ``effective_weight``: percent of the spread of total marks this slot accounts for:
      100 x sqrt(cov(mark, total)) / sum over slots of sqrt(cov(mark_j, total)), see
      :func:`item_analysis`.
    - ``covariance``: cov(mark, rest of test), n - 1.
    - ``flags``: FLAG_* sentences for a teacher, in the order hard/easy, negative/weak, few.
    - ``mark_variance``, ``rest_variance``: sample variances of the mark and of the rest of test.
    - ``covariance_max``: cov of the marks and the rests each sorted (the largest possible).
    - ``covariance_with_total``: cov(mark, total) = ``mark_variance`` + ``covariance``.
    """

    slot: int
    attempts: int
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    effective_weight: float | None
    covariance: float | None
    flags: tuple[str, ...]
    mark_variance: float | None = None
    rest_variance: float | None = None
    covariance_max: float | None = None
    covariance_with_total: float | None = None


@dataclass(frozen=True)
class TestStats:
    """Statistics of the attempts' total marks; None where a figure is undefined.

    ``mean``, ``median``, ``sd`` (n - 1) and ``standard_error`` are in marks; ``cronbach_alpha``
    and ``error_ratio`` are fractions (Moodle shows both x 100, as CIC and ER).
    """

    __test__ = False  # Not a pytest test class, whatever its name says.

    attempts: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cronbach_alpha: float | None
    error_ratio: float | None
    standard_error: float | None
    max_mark: float


def item_analysis(
    marks: Sequence[Sequence[float | None]], max_marks: Sequence[float]
) -> tuple[TestStats, list[ItemStats]]:
    """Item analysis of a quiz's attempts, with the formulas of Moodle's quiz statistics report.

    ``marks[a][q]`` is attempt a's mark on slot q (None if the slot was missing from that
    attempt, e.g. random question draws); ``max_marks[q]`` is the slot's maximum mark. An
    attempt's total is the sum of the marks it has; a slot's figures use only the attempts that
    had it, its "rest of test" being the total minus its mark. Variances and covariances divide
    by n - 1. Raises ValueError if a row's length differs from ``max_marks`` or a mark or max
    mark is not a finite number (a max mark must also not be negative).

    Effective weight: Moodle takes the square root of the covariance of the slot's mark with the
    attempt's *total* (its ``summarks``, this slot included), not with the rest of the test.
    That covariance is var(mark) + cov(mark, rest), which is why Moodle's reference table has
    effective weights for slots whose covariances with the rest are all negative. The sum in the
    denominator runs over the slots whose cov(mark, total) is not negative; a slot whose
    cov(mark, total) is negative is left blank (None), and so is every slot when that sum is 0.
    (Moodle would show 0 for a slot with fewer than 2 attempts; here it is None.)

    Test level, with n attempts, d the deviations of the totals from their mean and
    m_r = sum(d^r) / n, as Moodle's quiz statistics calculator does::

        k2 = n m2 / (n-1)                                  (the sample variance, SD^2)
        k3 = n^2 m3 / ((n-1)(n-2))
        k4 = n^2 ((n+1) m4 - 3 (n-1) m2^2) / ((n-1)(n-2)(n-3))
        skewness = k3 / k2^(3/2)    (n > 2; the adjusted Fisher-Pearson G1, Excel's SKEW)
        kurtosis = k4 / k2^2        (n > 3; excess kurtosis G2, Excel's KURT)
        CIC (alpha) = k/(k-1) (1 - sum of the slots' mark variances / k2)   (k slots > 1)
        ER = sqrt(1 - alpha)        SE = ER x SD

    all None when k2 is 0. These reproduce Moodle's expected figures for its results00 fixture.
    Moodle shows CIC only from 3 attempts on; here it is given from 2, where it is defined. A slot
    with fewer than 2 attempts adds 0 to the sum of mark variances, as in Moodle. With missing
    slots the item variances come from subsets of the attempts and alpha can exceed 1, where
    sqrt(1 - alpha) is meaningless: alpha, ER and SE are then None (an excess of mere rounding is
    clipped to 1, as the discrimination index is clipped to -100..100).
    """
    columns, present, totals = _by_slot(marks, max_marks)
    return _analyse(columns, present, totals, max_marks)


def _by_slot(
    marks: Sequence[Sequence[float | None]], max_marks: Sequence[float]
) -> tuple[list[Sequence[float | None]], list[list[float]], list[float]]:
    """The marks checked and laid out column by column: by slot, every attempt's mark (None
    where missing) and the marks there are; the attempts' totals."""
    slots = len(max_marks)
    for q, max_mark in enumerate(max_marks):
        if not math.isfinite(max_mark) or max_mark < 0:
            raise ValueError(f"slot {q + 1}: max mark {max_mark!r} is not a finite number >= 0")
    # Column by column: each slot's marks side by side with the attempts' totals. The quick
    # checks (in C) pass on good input; on bad input the slow ones name the first bad mark.
    if not all(len(row) == slots for row in marks):
        _check_marks(marks, slots)
    columns: list[Sequence[float | None]] = (
        list(zip(*marks, strict=True)) if marks else [() for _ in range(slots)]
    )
    present: list[list[float]] = [
        cast(list[float], list(column))
        if None not in column
        else [mark for mark in column if mark is not None]
        for column in columns
    ]
    if not all(all(map(math.isfinite, values)) for values in present):
        _check_marks(marks, slots)
    # filter(None, row) drops the zeros along with the Nones, which leaves the exact sum as it is.
    totals = [math.fsum(cast(Iterable[float], filter(None, row))) for row in marks]
    return columns, present, totals


def _analyse(
    columns: Sequence[Sequence[float | None]],
    present: Sequence[Sequence[float]],
    totals: list[float],
    max_marks: Sequence[float],
) -> tuple[TestStats, list[ItemStats]]:
    """item_analysis of marks laid out by _by_slot."""
    slots = len(max_marks)
    d_total = _centred(totals) if len(totals) >= 2 else None
    raw = [
        _slot_figures(column, values, totals, d_total)
        for column, values in zip(columns, present, strict=True)
    ]

    sqrt_sum = math.fsum(
        math.sqrt(f.cov_total) for f in raw if f.cov_total is not None and f.cov_total >= 0
    )
    items = []
    for q, f in enumerate(raw):
        weight = None
        if sqrt_sum > 0 and f.cov_total is not None and f.cov_total >= 0:
            weight = min(100.0, 100 * math.sqrt(f.cov_total) / sqrt_sum)
        items.append(f.item(q + 1, max_marks[q], weight))

    mark_variance_sum = math.fsum(f.var_mark for f in raw if f.var_mark is not None)
    return _test_stats(totals, slots, mark_variance_sum, math.fsum(max_marks)), items


@dataclass(frozen=True)
class DrawnQuestion:
    """A question drawn at random into slots, with its figures over the attempts given it.

    As Moodle computes a random slot's sub-questions: ``stats`` come from the attempts that were
    given the question in any of ``slots``, and the rest of the test is the attempt's whole
    total, this question's mark included (so ``covariance`` is cov(mark, total) and the
    discrimination index the correlation with the total). No effective weight: that is a
    slot's share of the test. ``stats.slot`` is the first of ``slots``.
    """

    question: int
    slots: tuple[int, ...]
    stats: ItemStats


@dataclass(frozen=True)
class QuizAnalysis:
    """Moodle's two levels: each slot (a position in the attempt, whatever was drawn into it)
    and each question drawn at random into slots; the whole test from the slots.

    - ``slots``: per slot, its figures over the attempts that had it (all of them, unless the
      attempts had different numbers of slots).
    - ``slot_questions``: per slot, the questions drawn into it, by id.
    - ``drawn``: the questions drawn into slots that held more than one question, by id;
      empty when every slot always held the same question.
    - ``intended_weights``: per slot, 100 x its max mark / the test's max mark.
    - ``slot_counts``: the distinct numbers of slots the attempts had, smallest first.
    - ``notes``: for each TestStats figure that is None, why, in a sentence for a teacher.
    """

    test: TestStats
    slots: list[ItemStats]
    slot_questions: list[tuple[int, ...]]
    drawn: list[DrawnQuestion]
    intended_weights: list[float | None]
    slot_counts: tuple[int, ...]
    notes: dict[str, str] = field(default_factory=dict)


NOTE_NO_ATTEMPTS = "No finished attempt yet."
NOTE_SAME_TOTAL = "Every attempt has the same total: there is no spread to measure."
NOTE_ONE_SLOT = "It needs at least 2 questions in each attempt."
NOTE_MIXED_SLOTS = (
    "Attempts had different numbers of questions ({low} to {high}): the quiz changed between "
    "attempts, so they did not all sit the same test and its internal consistency cannot be "
    "worked out."
)
NOTE_FOLLOWS_ALPHA = "It is worked out from Cronbach's alpha, which is not given."


def _needs(attempts: int) -> str:
    return f"Not enough attempts: it needs at least {attempts}."


def quiz_analysis(
    questions: Sequence[Sequence[int]], marks: Sequence[Sequence[float]], max_mark: float = 1.0
) -> QuizAnalysis:
    """Item analysis of a quiz by slot, and of the questions drawn at random into slots.

    ``questions[a][s]`` is the id of the question attempt a was given in its slot s (0-based,
    in the order of the attempt), ``marks[a][s]`` its mark out of ``max_mark``. An attempt's
    total is the sum of its marks. The slots' figures and the whole test's are
    :func:`item_analysis` of the attempts' marks by slot: a slot is the same item in every
    attempt, whatever question was drawn into it, so each item variance in alpha is taken over
    all the attempts. Attempts of different lengths (the quiz changed between them) leave the
    later slots missing from the shorter ones; alpha, the error ratio and the standard error are
    then not given, as the attempts were not one test.

    A slot that held more than one question is a random slot; every question drawn into one
    gets a :class:`DrawnQuestion`. Raises ValueError if a row of questions and its row of marks
    differ in length, or as :func:`item_analysis` does for a bad mark.
    """
    if len(questions) != len(marks) or any(
        len(asked) != len(got) for asked, got in zip(questions, marks, strict=True)
    ):
        raise ValueError("every attempt needs one question id for each mark")
    lengths = sorted({len(row) for row in marks})
    slots = lengths[-1] if lengths else 0
    if len(lengths) > 1:
        padded: Sequence[Sequence[float | None]] = [
            [*row, *([None] * (slots - len(row)))] for row in marks
        ]
        asked: Sequence[Sequence[int | None]] = [
            [*row, *([None] * (slots - len(row)))] for row in questions
        ]
    else:
        padded, asked = marks, questions
    max_marks = [max_mark] * slots
    mark_columns, present, totals = _by_slot(padded, max_marks)
    test, items = _analyse(mark_columns, present, totals, max_marks)

    question_columns = list(zip(*asked, strict=True)) if asked else [() for _ in range(slots)]
    slot_questions = []
    # Question -> the marks and totals of the attempts given it in a random slot.
    drawn_marks: dict[int, tuple[list[float], list[float]]] = {}
    drawn_into: dict[int, list[int]] = {}
    for slot, (column, slot_marks) in enumerate(zip(question_columns, mark_columns, strict=True)):
        held = sorted(set(column) - {None})
        slot_questions.append(tuple(cast(list[int], held)))
        if len(held) < 2:
            continue
        for question in cast(list[int], held):
            drawn_into.setdefault(question, []).append(slot + 1)
            drawn_marks.setdefault(question, ([], []))
        # The loop that visits every mark: kept to a lookup and two appends per mark.
        rows: Iterable[tuple[Any, Any, float]] = zip(column, slot_marks, totals, strict=True)
        if len(lengths) > 1:
            rows = ((q, m, t) for q, m, t in rows if q is not None)
        for question, mark, total in rows:
            to_marks, to_totals = drawn_marks[question]
            to_marks.append(mark)
            to_totals.append(total)
    drawn = []
    for question in sorted(drawn_marks):
        question_marks, question_totals = drawn_marks[question]
        figures = _SlotFigures(question_marks, question_totals, question_totals)
        used = tuple(drawn_into[question])
        drawn.append(DrawnQuestion(question, used, figures.item(used[0], max_mark, None)))

    if len(lengths) > 1:
        test = replace(test, cronbach_alpha=None, error_ratio=None, standard_error=None)
    whole = math.fsum(max_marks)
    return QuizAnalysis(
        test=test,
        slots=items,
        slot_questions=slot_questions,
        drawn=drawn,
        intended_weights=[100 * mark / whole if whole > 0 else None for mark in max_marks],
        slot_counts=tuple(lengths),
        notes=_test_notes(test, slots, lengths),
    )


def _test_notes(test: TestStats, slots: int, lengths: Sequence[int]) -> dict[str, str]:
    """Why each whole-test figure that is None is not given."""
    n = test.attempts
    if n == 0:
        return {name: NOTE_NO_ATTEMPTS for name in _TEST_FIGURES}
    notes = {}
    if test.sd is None:
        notes["sd"] = _needs(2)
    if test.skewness is None:
        notes["skewness"] = _needs(3) if n < 3 else NOTE_SAME_TOTAL
    if test.kurtosis is None:
        notes["kurtosis"] = _needs(4) if n < 4 else NOTE_SAME_TOTAL
    if test.cronbach_alpha is None:
        if len(lengths) > 1:
            alpha = NOTE_MIXED_SLOTS.format(low=lengths[0], high=lengths[-1])
        elif n < 2:
            alpha = _needs(2)
        elif slots < 2:
            alpha = NOTE_ONE_SLOT
        else:
            alpha = NOTE_SAME_TOTAL
        notes["cronbach_alpha"] = alpha
        notes["error_ratio"] = notes["standard_error"] = NOTE_FOLLOWS_ALPHA
    return notes


_TEST_FIGURES = (
    "mean",
    "median",
    "sd",
    "skewness",
    "kurtosis",
    "cronbach_alpha",
    "error_ratio",
    "standard_error",
)


class _SlotFigures:
    """The sums one slot's statistics are made of, before effective weights can be had."""

    def __init__(
        self,
        marks: list[float],
        rests: list[float],
        totals: list[float],
        d_total: list[float] | None = None,
    ) -> None:
        """``d_total``, if given, is _centred(totals), worked out once for all the slots."""
        self.attempts = len(marks)
        self.mean = _mean(marks) if marks else None
        self.var_mark: float | None = None
        self.var_rest: float | None = None
        self.cov: float | None = None
        self.cov_max: float | None = None
        self.cov_total: float | None = None
        if self.attempts >= 2:
            d_mark = _centred(marks)
            if d_total is None:
                d_total = _centred(totals)
            self.var_mark = _co(d_mark, d_mark)
            self.cov_total = _co(d_mark, d_total)
            if rests is totals:  # a question drawn at random: the rest is the whole total
                d_rest, self.var_rest, self.cov = d_total, _co(d_total, d_total), self.cov_total
            else:
                d_rest = _centred(rests)
                self.var_rest = _co(d_rest, d_rest)
                self.cov = _co(d_mark, d_rest)
            self.cov_max = _co(sorted(d_mark), sorted(d_rest))

    def item(self, slot: int, max_mark: float, effective_weight: float | None) -> ItemStats:
        facility = sd = index = efficiency = None
        if self.mean is not None and max_mark > 0:
            facility = self.mean / max_mark
        if self.var_mark is not None and max_mark > 0:
            sd = math.sqrt(self.var_mark) / max_mark
        if self.cov is not None and self.var_mark is not None and self.var_rest is not None:
            spread = self.var_mark * self.var_rest
            if spread > 0:
                index = max(-100.0, min(100.0, 100 * self.cov / math.sqrt(spread)))
            if self.cov_max is not None and self.cov_max > 0:
                efficiency = 100 * self.cov / self.cov_max
        return ItemStats(
            slot=slot,
            attempts=self.attempts,
            facility=facility,
            sd=sd,
            discrimination_index=index,
            discriminative_efficiency=efficiency,
            effective_weight=effective_weight,
            covariance=self.cov,
            flags=item_flags(self.attempts, facility, index),
            mark_variance=self.var_mark,
            rest_variance=self.var_rest,
            covariance_max=self.cov_max,
            covariance_with_total=self.cov_total,
        )


def _check_marks(marks: Sequence[Sequence[float | None]], slots: int) -> None:
    """Raise ValueError for the first row of the wrong length or mark that is not finite."""
    for a, row in enumerate(marks):
        if len(row) != slots:
            raise ValueError(f"attempt {a + 1} has {len(row)} marks for {slots} slots")
        for q, mark in enumerate(row):
            if mark is not None and not math.isfinite(mark):
                raise ValueError(f"attempt {a + 1}, slot {q + 1}: mark {mark!r} is not finite")


def _slot_figures(
    column: Sequence[float | None],
    values: Sequence[float],
    totals: list[float],
    d_total: list[float] | None,
) -> _SlotFigures:
    """One slot's figures: its marks by attempt (None where an attempt lacked it), the marks
    there are, the attempts' totals and their deviations from their mean (None for fewer
    than 2 attempts)."""
    had = list(map(float, values))
    if len(had) == len(totals):
        rests = list(map(operator.sub, totals, had))
        return _SlotFigures(had, rests, totals, d_total)
    their_totals = [total for mark, total in zip(column, totals, strict=True) if mark is not None]
    return _SlotFigures(had, list(map(operator.sub, their_totals, had)), their_totals)


def _test_stats(
    totals: list[float], slots: int, mark_variance_sum: float, max_mark: float
) -> TestStats:
    n = len(totals)
    mean = _mean(totals) if n else None
    median = statistics.median(totals) if n else None
    sd = skewness = kurtosis = alpha = error_ratio = standard_error = None
    if n >= 2:
        d = _centred(totals)
        m2 = math.fsum(x**2 for x in d) / n
        m3 = math.fsum(x**3 for x in d) / n
        m4 = math.fsum(x**4 for x in d) / n
        k2 = n * m2 / (n - 1)
        sd = math.sqrt(k2)
        if k2 > 0:
            if n > 2:
                k3 = n * n * m3 / ((n - 1) * (n - 2))
                skewness = k3 / k2**1.5
            if n > 3:
                k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3))
                kurtosis = k4 / (k2 * k2)
            if slots > 1:
                raw_alpha = slots / (slots - 1) * (1 - mark_variance_sum / k2)
                if raw_alpha <= 1 + _ALPHA_SLACK:
                    alpha = min(raw_alpha, 1.0)
                    error_ratio = math.sqrt(1 - alpha)
                    standard_error = error_ratio * sd
    return TestStats(
        attempts=n,
        mean=mean,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cronbach_alpha=alpha,
        error_ratio=error_ratio,
        standard_error=standard_error,
        max_mark=max_mark,
    )


def item_flags(
    attempts: int, facility: float | None, discrimination_index: float | None
) -> tuple[str, ...]:
    """The FLAG_* warnings for a slot with these figures (see the thresholds above).

    Very hard or very easy by facility; negative discrimination, or weak (0 to under 20) where
    the facility is not extreme, since an item almost all pass or fail cannot discriminate much;
    few attempts.
    """
    index = discrimination_index
    flags = []
    if facility is not None and facility < VERY_HARD_BELOW:
        flags.append(FLAG_VERY_HARD)
    elif facility is not None and facility > VERY_EASY_ABOVE:
        flags.append(FLAG_VERY_EASY)
    if index is not None and index < 0:
        flags.append(FLAG_NEGATIVE_DISCRIMINATION)
    elif (
        index is not None
        and index < WEAK_DISCRIMINATION_BELOW
        and facility is not None
        and VERY_HARD_BELOW <= facility <= VERY_EASY_ABOVE
    ):
        flags.append(FLAG_WEAK_DISCRIMINATION)
    if attempts < FEW_ATTEMPTS_BELOW:
        flags.append(FLAG_FEW_ATTEMPTS)
    return tuple(flags)


def _mean(values: Sequence[float]) -> float:
    """The mean, kept within the values' range (a rounded sum can stray past it)."""
    return min(max(math.fsum(values) / len(values), min(values)), max(values))


def _centred(values: Sequence[float]) -> list[float]:
    """Deviations from the mean; all exactly 0 when they are no more than rounding noise."""
    mean = math.fsum(values) / len(values)
    # The largest magnitudes, from max and min (no abs() call per value). Rounding is monotone,
    # so the largest deviation is the largest value's, and so on.
    top, bottom = max(values), min(values)
    scale = max(1.0, top, -bottom)
    if max(top - mean, mean - bottom) <= _ZERO_SPREAD * scale:
        return [0.0] * len(values)
    return list(map(mean.__rsub__, values))  # value - mean, each


def _co(dx: Sequence[float], dy: Sequence[float]) -> float:
    """Sample (n - 1) covariance from deviations from the means."""
    if len(dx) != len(dy):
        raise ValueError(f"{len(dx)} deviations against {len(dy)}")
    # fsum rounds the exact sum once, so the products' order does not change the result.
    return math.fsum(map(operator.mul, dx, dy)) / (len(dx) - 1)
