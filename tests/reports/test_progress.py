"""Progress arithmetic, charts and CSV safety, without the app."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from quizapp import charts
from quizapp.csvsafe import to_csv
from quizapp.reports import progress

TOPICS = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}]
QUESTIONS = {1: ["a"], 2: ["a", "b"], 3: ["b"], 4: ["c"]}


def test_mastery_joins_recall_and_quiz_results_and_says_when_there_is_none():
    recall = {1: 0.9, 2: 0.5}
    answers = {3: [0.0, 1.0, 1.0], 2: [1.0]}
    by_topic = {m.topic: m for m in progress.topic_mastery(TOPICS, QUESTIONS, recall, answers)}
    assert by_topic["a"].retrievability == 0.7
    assert by_topic["a"].quiz_score == 1.0
    assert by_topic["a"].mastery == 0.85 and by_topic["a"].percent == 85
    # Topic b: question 3 never studied counts 0 recall; its quiz answers count.
    assert by_topic["b"].retrievability == 0.25
    assert by_topic["b"].quiz_score == 0.75
    assert by_topic["c"].mastery is None and by_topic["c"].percent is None


def test_only_the_latest_quiz_answers_count():
    answers = {4: [0.0] * 10 + [1.0] * 5}
    (c,) = [m for m in progress.topic_mastery(TOPICS, QUESTIONS, {}, answers) if m.topic == "c"]
    assert c.quiz_score == 1.0 and c.mastery == 1.0


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2026, 5, 10)
    days = [date(2026, 5, 9), date(2026, 5, 8), date(2026, 5, 6)]
    assert progress.streak(days, today) == 2
    assert progress.streak([*days, today], today) == 3
    assert progress.streak([date(2026, 5, 1)], today) == 0


def test_days_follow_the_learners_zone_and_day_start():
    zone = ZoneInfo("Asia/Tehran")  # UTC+3:30
    late = datetime(2026, 5, 9, 22, 0, tzinfo=UTC)  # 01:30 on the 10th in Tehran
    assert progress.local_dates([late], zone, 0) == {date(2026, 5, 10): 1}
    assert progress.local_dates([late], zone, 4) == {date(2026, 5, 9): 1}


def test_heatmap_covers_a_year_of_weeks_ending_today():
    today = date(2026, 5, 13)  # a Wednesday
    columns = progress.heatmap({today: 3}, today)
    assert len(columns) == 53
    assert columns[-1][-1] == (today, 3)
    assert len(columns[-1]) == 3 and all(len(c) == 7 for c in columns[:-1])


def test_forecast_puts_overdue_cards_today():
    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    dues = [datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 12, 9, tzinfo=UTC)]
    days = progress.forecast(dues, now, ZoneInfo("UTC"), 4)
    assert len(days) == 14
    assert days[0] == (date(2026, 5, 10), 1) and days[2] == (date(2026, 5, 12), 1)


def test_charts_are_plain_svg_with_escaped_text():
    svg = str(charts.line_chart([("<b>x</b>", 50.0), ("y", 120.0)], "Scores <script>"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<script>" not in svg and "&lt;b&gt;" in svg
    assert "style=" not in svg
    bars = str(charts.bar_chart([("1", 0), ("2", 4)], "Due"))
    assert bars.count("<rect") == 2 and "<title>2: 4</title>" in bars
    heat = str(charts.heatmap(progress.heatmap({date(2026, 5, 13): 2}, date(2026, 5, 13)), "H"))
    assert "2026-05-13: 2 reviews" in heat and "heat-4" in heat


def test_csv_cells_cannot_run_as_formulas():
    text = to_csv(
        ["name", "score"], [["=HYPERLINK(1)", -3], ["+1", 2.5], ["@cmd", None], ["-x", 1]]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "score"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1)", "'+1", "'@cmd", "'-x"]
    assert [r[1] for r in rows[1:]] == ["-3", "2.5", "", "1"]
