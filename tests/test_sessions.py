"""Sessions end on the server: a copy of the cookie stops working when the session ends."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select, update

from quizapp.auth.accounts import authenticate
from quizapp.models import LoginSession, User, utcnow
from tests.conftest import PASSWORD

NEW_PASSWORD = "another long passphrase"


def logged_in(app, username: str = "student1", password: str = PASSWORD) -> FlaskClient:  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def copy_of(app, client: FlaskClient) -> FlaskClient:  # type: ignore[no-untyped-def]
    """Another browser holding a copy of the client's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def is_signed_in(client: FlaskClient) -> bool:
    response = client.get("/study/settings")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_copied_cookie_stops_working_when_its_owner_logs_out(app, auth):
    auth.create()
    owner = logged_in(app)
    thief = copy_of(app, owner)
    assert is_signed_in(thief)
    assert owner.post("/logout").status_code == 302
    assert not is_signed_in(thief)
    settings = thief.post("/study/settings", data={"daily_new_limit": "1"})
    assert settings.status_code == 302
    assert settings.headers["Location"].startswith("/login")
    assert not is_signed_in(owner)


def test_logging_out_here_leaves_other_devices_signed_in(app, auth):
    auth.create()
    laptop, phone = logged_in(app), logged_in(app)
    laptop.post("/logout")
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)


def test_log_out_everywhere_ends_every_session_this_one_included(app, auth):
    auth.create()
    auth.create("student2")
    laptop, phone = logged_in(app), logged_in(app)
    thief = copy_of(app, laptop)
    someone_else = logged_in(app, "student2")
    page = laptop.get("/account").get_data(as_text=True)
    assert "logged in on 2 devices" in page and "Log out everywhere" in page
    response = laptop.post("/logout/everywhere", follow_redirects=True)
    assert "You have logged out everywhere (2 sessions" in response.get_data(as_text=True)
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not is_signed_in(thief)
    assert is_signed_in(someone_else)


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(app, auth, db):
    auth.create()
    laptop, phone = logged_in(app), logged_in(app)
    stolen = copy_of(app, laptop)
    response = laptop.post(
        "/account",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "Your password is changed" in response.get_data(as_text=True)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    # The old cookie of this very browser was ended too: it got a new session.
    assert not is_signed_in(stolen)
    assert authenticate(db, "student1", PASSWORD) is None
    assert authenticate(db, "student1", NEW_PASSWORD) is not None


def test_a_refused_password_change_says_why_and_changes_nothing(app, auth, db):
    auth.create()
    laptop, phone = logged_in(app), logged_in(app)
    wrong = laptop.post(
        "/account",
        data={"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "That is not your current password." in wrong.get_data(as_text=True)
    weak = laptop.post(
        "/account", data={"current": PASSWORD, "password": "short", "confirm": "short"}
    )
    assert "Use at least 10 characters." in weak.get_data(as_text=True)
    same = laptop.post(
        "/account", data={"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD}
    )
    assert "the one you have now" in same.get_data(as_text=True)
    assert is_signed_in(phone)
    assert authenticate(db, "student1", PASSWORD) is not None


def test_a_role_change_ends_the_sessions_of_the_account_changed(app, auth, db):
    auth.create("student1")
    auth.create("teach", role="teacher")
    student = logged_in(app)
    teacher = logged_in(app, "teach")
    student_id = db.scalar(select(User.id).where(User.username == "student1"))
    teacher.post(f"/accounts/{student_id}/role", data={"role": "teacher"})
    assert not is_signed_in(student)
    assert is_signed_in(teacher)
    promoted = logged_in(app)
    assert promoted.get("/accounts").status_code == 200


def test_a_session_ends_on_the_server_when_its_lifetime_is_over(app, auth, db):
    auth.create()
    client = logged_in(app)
    assert is_signed_in(client)
    db.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert not is_signed_in(client)


def test_a_cookie_from_before_server_side_sessions_is_not_signed_in(app, auth, db):
    auth.create()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(db.scalar(select(User.id)))
        cookie["_fresh"] = True
    assert not is_signed_in(client)


def test_log_out_everywhere_needs_the_csrf_token(make_app):
    from tests.test_auth import csrf_token

    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = csrf_token(client.get("/register").get_data(as_text=True))
    client.post(
        "/register",
        data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
    )
    assert client.post("/logout/everywhere").status_code == 400
    assert is_signed_in(client)
    page = client.get("/account").get_data(as_text=True)
    ended = client.post("/logout/everywhere", data={"csrf_token": csrf_token(page)})
    assert ended.status_code == 302
    assert not is_signed_in(client)
