"""A teacher who forgot their password gets back in by email, in a real browser (issue 12, item 13)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..factories import PASSWORD
from ..test_alerts import Inbox, mail_through
from ..test_password_reset import reset_path, smtp  # noqa: F401 (smtp is a fixture)
from .conftest import A11y

NEW = "quiet-lantern-orbit-7"


@pytest.fixture
def app_config(smtp: Inbox) -> dict[str, object]:
    """CSRF on, as in production, and mail through the loopback server."""
    return {"WTF_CSRF_ENABLED": True, **mail_through(smtp, "accounts@w4r.school.example")}


def test_a_teacher_who_forgot_their_password_chooses_a_new_one(page: Page, a11y: A11y, smtp: Inbox,
                                                                make_teacher) -> None:
    make_teacher("Ms Ana Rivera", email="rivera@example.org")
    page.goto("/auth/signin")
    a11y.check(page)
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Your email").fill("rivera@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    a11y.check(page)

    link = reset_path(smtp, "rivera@example.org")
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    a11y.check(page)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill("not-the-same-1")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_text("The two passwords don't match.").first).to_be_visible()
    a11y.check(page)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    a11y.check(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    a11y.check(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="This link doesn't work")).to_be_visible()
    a11y.check(page)
    page.goto("/auth/signin")
    page.get_by_label("Email or username").fill("rivera@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("don't match")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    a11y.check(page)
