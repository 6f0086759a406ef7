"""quizapp: quizzes and spaced-repetition flashcards that share one memory model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from quizapp import paths


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error handlers, commands."""
    app = Flask(
        __name__,
        instance_path=paths.instance_path(),
        instance_relative_config=True,
        template_folder=str(paths.resource_dir("templates")),
        static_folder=str(paths.resource_dir("static")),
    )

    from quizapp import config as settings

    settings.load(app, config)

    register_extensions(app)
    register_template_helpers(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from quizapp import db, guard, security
    from quizapp.extensions import csrf, limiter, login_manager

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    guard.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from quizapp import templating

    templating.init_app(app)


def register_blueprints(app: Flask) -> None:
    from quizapp.auth.routes import bp as auth_bp
    from quizapp.classes.routes import bp as classes_bp
    from quizapp.flashcards.routes import bp as flashcards_bp
    from quizapp.main.routes import bp as main_bp
    from quizapp.quiz.routes import bp as quiz_bp
    from quizapp.reports.routes import bp as reports_bp
    from quizapp.teacher.routes import bp as teacher_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(teacher_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(flashcards_bp)
    app.register_blueprint(classes_bp)
    app.register_blueprint(reports_bp)


def register_errorhandlers(app: Flask) -> None:
    from quizapp.errors import handlers

    handlers.init_app(app)


def register_commands(app: Flask) -> None:
    from quizapp import cli
    from quizapp.draft import commands as draft_commands
    from quizapp.exchange import commands as exchange_commands
    from quizapp.flashcards import commands as flashcard_commands
    from quizapp.lint import commands as lint_commands
    from quizapp.questions import commands as bank_commands
    from quizapp.reports import commands as report_commands

    cli.init_app(app)
    bank_commands.init_app(app)
    exchange_commands.init_app(app)
    lint_commands.init_app(app)
    draft_commands.init_app(app)
    flashcard_commands.init_app(app)
    report_commands.init_app(app)
