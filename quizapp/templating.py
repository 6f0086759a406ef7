"""Jinja filters: a teacher's Markdown, rendered to sanitised HTML."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from quizapp.questions.markdown import render_inline, render_markdown


def init_app(app: Flask) -> None:
    # The renderer escapes raw HTML and sanitises its output, so the result is safe to mark.
    app.add_template_filter(lambda text: Markup(render_markdown(text or "")), "markdown")  # noqa: S704
    app.add_template_filter(
        lambda text: Markup(render_inline(text or "")),  # noqa: S704
        "markdown_inline",
    )
