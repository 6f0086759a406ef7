"""Where settings come from, in order, and the generated secret key."""

from __future__ import annotations

import stat
from pathlib import Path

from quizapp import create_app


def test_defaults_put_the_database_and_secret_in_the_instance_folder(instance_path: Path):
    app = create_app()
    assert app.instance_path == str(instance_path)
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance_path}/quizapp.sqlite3"
    key_file = instance_path / "secret_key"
    assert app.config["SECRET_KEY"] == key_file.read_text()
    assert len(app.config["SECRET_KEY"]) >= 48
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_generated_secret_key_is_kept_across_starts(instance_path: Path):
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second
    (instance_path / "secret_key").unlink()
    assert create_app().config["SECRET_KEY"] != first


def test_precedence_defaults_then_instance_file_then_environment_then_caller(
    instance_path: Path, monkeypatch
):
    instance_path.mkdir(parents=True)
    (instance_path / "config.py").write_text(
        "DATABASE_URL = 'sqlite:///from-file.sqlite3'\n"
        "SECRET_KEY = 'from-file'\n"
        "LOGIN_RATE_LIMIT = '7 per minute'\n"
        "PROXY_COUNT = 3\n"
    )
    app = create_app()
    assert app.config["DATABASE_URL"] == "sqlite:///from-file.sqlite3"
    assert app.config["LOGIN_RATE_LIMIT"] == "7 per minute"

    monkeypatch.setenv("QUIZAPP_DATABASE_URL", "sqlite:///from-env.sqlite3")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("QUIZAPP_PROXY_COUNT", "1")
    app = create_app()
    assert app.config["DATABASE_URL"] == "sqlite:///from-env.sqlite3"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["PROXY_COUNT"] == 1
    assert app.config["LOGIN_RATE_LIMIT"] == "7 per minute"

    app = create_app({"SECRET_KEY": "from-test"})
    assert app.config["SECRET_KEY"] == "from-test"
    assert app.config["DATABASE_URL"] == "sqlite:///from-env.sqlite3"
    assert not (instance_path / "secret_key").exists()


def test_templates_and_static_files_are_found_and_served(client):
    assert client.get("/").status_code == 200
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200
        assert "prefers-color-scheme: dark" in css.get_data(as_text=True)
