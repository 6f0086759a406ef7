"""Registration, log-in, log-out and roles, through the web client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.models import User
from tests.conftest import PASSWORD


def register(client, username="newbie", password=PASSWORD, confirm=None):  # type: ignore[no-untyped-def]
    return client.post(
        "/register",
        data={"username": username, "password": password, "confirm": confirm or password},
    )


def count_users(db) -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(func.count()).select_from(User))


def test_register_creates_a_student_and_logs_them_in(client, db):
    response = register(client, "Newbie")
    assert response.status_code == 302
    home = client.get("/")
    assert "Welcome back, newbie" in home.get_data(as_text=True)
    user = db.scalars(select(User)).one()
    assert (user.username, user.role) == ("newbie", "student")
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize("taken", ["student1", "STUDENT1", "  Student1 "])
def test_register_refuses_a_taken_username_whatever_its_case(client, auth, db, taken):
    auth.create("student1")
    response = register(client, taken)
    assert response.status_code == 200
    assert "The username &#39;student1&#39; is taken" in response.get_data(as_text=True)
    assert count_users(db) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Choose a password."),
        ("   ", "Choose a password."),
        ("short1", "Use at least 10 characters."),
        ("password123", "one of the most common"),
        ("aaaaaaaaaaaa", "more variety"),
        ("newbie-is-my-name", "must not contain your username"),
    ],
)
def test_register_refuses_weak_passwords(client, db, password, message):
    response = register(client, "newbie", password)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count_users(db) == 0


def test_register_refuses_mismatched_confirmation(client, db):
    response = register(client, "newbie", PASSWORD, confirm=PASSWORD + "x")
    assert "The two passwords differ." in response.get_data(as_text=True)
    assert count_users(db) == 0


@pytest.mark.parametrize("username", ["ab", "has space", "<script>", "x" * 40, "-dash"])
def test_register_refuses_bad_usernames(client, db, username):
    response = register(client, username)
    page = response.get_data(as_text=True)
    assert "Usernames are 3 to 32 characters" in page
    assert "<script>" not in page
    assert count_users(db) == 0


def test_login_and_logout(client, auth):
    auth.create("student1")
    response = auth.login("Student1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Welcome back, student1" in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert "Create a free account" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("username", "password"), [("student1", "wrong password!"), ("nobody", PASSWORD)]
)
def test_login_failure_says_so_without_telling_which_part_was_wrong(
    client, auth, username, password
):
    auth.create("student1")
    response = auth.login(username, password)
    assert response.status_code == 200
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert "Create a free account" in client.get("/").get_data(as_text=True)


def test_logout_needs_post(client, auth):
    auth.create()
    auth.login()
    assert client.get("/logout").status_code == 405
    assert "Welcome back" in client.get("/").get_data(as_text=True)


def test_login_returns_to_a_local_next_page(client, auth):
    auth.create("teach", role="teacher")
    response = client.post(
        "/login?next=/accounts", data={"username": "teach", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/accounts"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\n//evil.example",
        "/\t/evil.example",
        "evil.example",
    ],
)
def test_login_never_redirects_off_site(client, auth, target):
    auth.create()
    response = client.post(
        "/login", query_string={"next": target}, data={"username": "student1", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_pages_behind_login_send_you_to_log_in(client):
    response = client.get("/accounts")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_student_cannot_see_or_change_accounts(client, auth, db):
    auth.create("student1")
    teacher_name = auth.create("teach", role="teacher")
    auth.login("student1")
    assert client.get("/accounts").status_code == 403
    teacher = db.scalars(select(User).where(User.username == teacher_name)).one()
    student = db.scalars(select(User).where(User.username == "student1")).one()
    assert client.post(f"/accounts/{student.id}/role", data={"role": "teacher"}).status_code == 403
    assert client.post(f"/accounts/{teacher.id}/role", data={"role": "student"}).status_code == 403
    db.rollback()  # end the read transaction: see what requests committed since
    assert (student.role, teacher.role) == ("student", "teacher")


def test_a_teacher_promotes_a_student_and_not_themselves(client, auth, db):
    auth.create("student1")
    auth.create("teach", role="teacher")
    auth.login("teach")
    page = client.get("/accounts").get_data(as_text=True)
    assert "student1" in page and "Make teacher" in page
    student = db.scalars(select(User).where(User.username == "student1")).one()
    teacher = db.scalars(select(User).where(User.username == "teach")).one()
    client.post(f"/accounts/{student.id}/role", data={"role": "teacher"})
    response = client.post(
        f"/accounts/{teacher.id}/role", data={"role": "student"}, follow_redirects=True
    )
    assert "You cannot change your own role" in response.get_data(as_text=True)
    assert client.post("/accounts/99999/role", data={"role": "teacher"}).status_code == 404
    bogus = client.post(f"/accounts/{student.id}/role", data={"role": "admin"})
    assert bogus.status_code == 400
    assert "Role: Not a valid choice. Nothing was changed." in bogus.get_data(as_text=True)
    db.rollback()  # end the read transaction: see what requests committed since
    assert (student.role, teacher.role) == ("teacher", "teacher")


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def csrf_client(make_app):  # type: ignore[no-untyped-def]
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_register_without_csrf_token_is_refused_and_changes_nothing(csrf_client, make_app):
    response = csrf_client.post(
        "/register", data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert "This form has expired or was not sent by this site" in response.get_data(as_text=True)


def test_register_with_csrf_token_works_and_a_forged_one_does_not(csrf_client):
    page = csrf_client.get("/register").get_data(as_text=True)
    token = csrf_token(page)
    forged = csrf_client.post(
        "/register",
        data={
            "username": "other",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token[:-4] + "AAAA",
        },
    )
    assert forged.status_code == 400
    good = csrf_client.post(
        "/register",
        data={"username": "newbie", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
    )
    assert good.status_code == 302


def test_logout_without_csrf_token_keeps_you_logged_in(csrf_client):
    page = csrf_client.get("/register").get_data(as_text=True)
    csrf_client.post(
        "/register",
        data={
            "username": "newbie",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": csrf_token(page),
        },
    )
    assert csrf_client.post("/logout").status_code == 400
    home = csrf_client.get("/").get_data(as_text=True)
    assert "Welcome back, newbie" in home
    assert csrf_client.post("/logout", data={"csrf_token": csrf_token(home)}).status_code == 302


def test_login_attempts_are_rate_limited_per_client(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [
        client.post("/login", data={"username": "x", "password": "wrong password"}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    page = client.post("/login", data={"username": "x", "password": "y"}).get_data(as_text=True)
    assert "Too many attempts" in page
    assert client.get("/login").status_code == 200
    other = client.post(
        "/login",
        data={"username": "x", "password": "wrong password"},
        environ_base={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert other.status_code == 200


def test_registration_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REGISTER_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [
        client.post("/register", data={"username": f"user{i}", "password": "x"}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


def test_app_servers_sharing_a_redis_store_share_the_login_limit(make_app, redis_url):
    settings = {
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": "3 per minute",
        "RATELIMIT_STORAGE_URI": redis_url,
    }
    first, second = make_app(**settings).test_client(), make_app(**settings).test_client()
    attempt = {"username": "x", "password": "wrong password"}
    codes = [
        first.post("/login", data=attempt).status_code,
        second.post("/login", data=attempt).status_code,
        first.post("/login", data=attempt).status_code,
        second.post("/login", data=attempt).status_code,
    ]
    assert codes == [200, 200, 200, 429]
