"""The progress page, drawn the same for a learner's own page and a teacher's page of a student."""

from __future__ import annotations

from flask import render_template

from quizapp import charts
from quizapp.db import get_session
from quizapp.models import SchoolClass, User, utcnow
from quizapp.reports import service


def progress_page(user: User, school_class: SchoolClass | None) -> str:
    data = service.learner_progress(get_session(), user.id, utcnow())
    return render_template(
        "reports/progress.html",
        learner=user,
        data=data,
        score_chart=charts.line_chart(data.quiz_points, "Quiz scores over time, in percent"),
        heat_chart=charts.heatmap(data.heatmap, "Reviews per day over the past year"),
        forecast_chart=charts.bar_chart(
            [(day.strftime("%d"), count) for day, count in data.forecast],
            "Reviews due in each of the next 14 days",
        ),
        school_class=school_class,
    )
