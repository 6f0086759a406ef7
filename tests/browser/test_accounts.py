"""A person registers, logs out, logs in and sees the home page, in Chromium."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def unique_name(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def test_register_log_out_and_log_in_again(page: Page):
    name = unique_name("ana")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn it once. Keep it for good.")
    screenshot(page, "home-anonymous")

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {name}")
    expect(page.get_by_text(f"Welcome, {name}! Your account is ready.")).to_be_visible()
    screenshot(page, "home-signed-in")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Log in")).to_be_visible()

    navigation.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(name.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {name}")


def test_wrong_password_and_weak_password_are_explained(page: Page, live_server):
    name = unique_name("ben")
    live_server.create_user(name, PASSWORD)
    page.goto("/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.goto("/register")
    page.get_by_label("Username").fill(unique_name("cy"))
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()


def test_a_teacher_sees_accounts_and_the_layout_holds_at_360px(page: Page, live_server):
    teacher = unique_name("tea")
    live_server.create_user(teacher, PASSWORD, role="teacher")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/login?next=/accounts")
    page.get_by_label("Username").fill(teacher)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts$"))
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"
    screenshot(page, "accounts-360px")


def test_pages_use_the_stylesheet_and_no_other_host(page: Page):
    page.goto("/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(247, 248, 251)"
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark == "rgb(18, 21, 28)"
    screenshot(page, "home-dark")
