"""Jinja filters: a teacher's Markdown, rendered to sanitised HTML, and machine-readable times;
and the input limits a form's `maxlength` repeats (`MAX_TEXT`, from inputs.py, where the
server holds every answer to it)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from markupsafe import Markup

from quizapp.inputs import MAX_TEXT
from quizapp.questions.markdown import render_inline, render_markdown


def init_app(app: Flask) -> None:
    app.jinja_env.globals["MAX_TEXT"] = MAX_TEXT
    app.add_template_filter(markdown_filter, "markdown")
    app.add_template_filter(markdown_inline_filter, "markdown_inline")
    app.add_template_filter(datetime_attribute, "datetime_attribute")


# The renderer escapes raw HTML and sanitises its output (nh3), so the result is safe to mark.
def markdown_filter(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # noqa: S704 -- sanitised just above


def markdown_inline_filter(text: str | None) -> Markup:
    return Markup(render_inline(text or ""))  # noqa: S704 -- sanitised just above


def datetime_attribute(moment: datetime) -> str:
    """A time for `<time datetime>`: HTML allows at most three digits of a second's fraction,
    and a page needs none, so it stops at the second."""
    return moment.isoformat(timespec="seconds")
