"""Headers, cookies, error pages and the health check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select

from quizapp.models import User
from tests.conftest import PASSWORD


def test_every_page_sends_a_strict_content_security_policy(client):
    for path in ["/", "/login", "/register", "/nowhere"]:
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_and_no_outside_assets(client):
    for path in ["/", "/login", "/register"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " on" + "click=" not in page
        assert "http://" not in page and "https://" not in page


def test_session_cookie_is_httponly_and_samesite_and_not_secure_over_http(client, auth):
    auth.create()
    response = auth.login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https_with_hsts(app, auth):
    auth.create()
    client = app.test_client()
    response = client.post(
        "https://localhost/login", data={"username": "student1", "password": PASSWORD}
    )
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_behind_a_trusted_proxy_sets_secure_cookies(make_app):
    app = make_app(PROXY_COUNT=1)
    response = app.test_client().post(
        "/register",
        data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_forwarded_proto_is_ignored_without_a_trusted_proxy(client):
    response = client.post(
        "/register",
        data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 302
    assert "Secure" not in response.headers["Set-Cookie"]


def test_not_found_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "Go to the home page" in page
    assert "Traceback" not in page


def test_server_error_page_is_friendly_and_says_nothing_was_saved(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "kaboom" not in page and "Traceback" not in page


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(make_app, tmp_path: Path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unreachable_database_gives_a_clear_page_not_a_traceback(make_app, tmp_path: Path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", TESTING=False)
    response = app.test_client().post(
        "/register", data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 503
    assert "The database is busy or unreachable" in response.get_data(as_text=True)


def test_locked_database_answers_503_and_writes_nothing(databases, make_app):
    if databases.is_postgres:
        # The PostgreSQL run: lock the table from another connection instead of the file.
        import psycopg

        app = make_app(DATABASE_URL=databases.new_url())
        url = app.config["DATABASE_URL"].replace("postgresql+psycopg", "postgresql")
        blocker = psycopg.connect(url)
        blocker.execute("SET lock_timeout = '5s'")
        blocker.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        app.extensions["quizapp.db"].kw["bind"].dispose()
        app.config["TESTING"] = False
        from sqlalchemy import event

        @event.listens_for(app.extensions["quizapp.db"].kw["bind"], "connect")
        def short_wait(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '300ms'")
            dbapi_connection.commit()
    else:
        app = make_app(SQLITE_BUSY_TIMEOUT_MS=200, TESTING=False)
        path = app.config["DATABASE_URL"].removeprefix("sqlite:///")
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
    try:
        response = app.test_client().post(
            "/register", data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD}
        )
    finally:
        blocker.rollback() if databases.is_postgres else blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert "Nothing was saved" in response.get_data(as_text=True)
    with app.extensions["quizapp.db"]() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
