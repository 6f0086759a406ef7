"""Serving the app with gunicorn, each worker building its own app (and database pool)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class QuizappServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Called in each worker after the fork: no database connection crosses a fork.
        from quizapp import create_app

        return create_app()


def run(host: str, port: int, workers: int) -> None:
    QuizappServer(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
            "preload_app": False,
        }
    ).run()
