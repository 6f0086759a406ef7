"""Password rules and hashing (scrypt, through Werkzeug)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 256

# The most common choices, refused outright even when long enough.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password12",
        "password123",
        "password1234",
        "passw0rd",
        "1234567890",
        "12345678910",
        "0123456789",
        "123456789a",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "asdfghjkl;",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "abcdefghij",
        "abc1234567",
        "football12",
        "baseball12",
        "monkey1234",
        "dragon1234",
        "sunshine12",
        "princess12",
        "trustno1234",
        "changeme12",
        "administrator",
        "starwars12",
        "whatever12",
        "qwertyuiop1",
        "zaq12wsxcde",
        "superman12",
    }
)

HASH_METHOD = "scrypt"


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if not password.strip():
        return "Choose a password."
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return "That password is one of the most common ones; choose another."
    if len(set(lowered)) < 4:
        return "Use a password with more variety than that."
    if username and username.lower() in lowered:
        return "Your password must not contain your username."
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
