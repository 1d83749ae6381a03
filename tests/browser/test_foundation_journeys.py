"""First journeys: a teacher creates a school, a colleague joins by code, a student signs in."""
from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from classroom.auth.models import School

from .conftest import A11y, new_page, sign_in


def follow_emailed_link(page: Page, app: Flask, to: str) -> None:
    """Open the confirmation link of the newest sign-up email to ``to`` (kept in memory while testing)."""
    outbox = getattr(app.extensions["mailman"], "outbox", [])
    body = next(m.body for m in reversed(outbox) if m.to == [to])
    found = re.search(r"https?://[^/\s]+(/auth/confirm/\S+)", body)
    assert found, body
    page.goto(found.group(1))


def sign_up_creating_school(page: Page, a11y: A11y, app: Flask) -> None:
    page.goto("/")
    a11y.check(page)
    page.get_by_role("link", name="I'm a teacher: create an account").click()
    a11y.check(page)
    page.get_by_label("Your name").fill("Ana Rivera")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill("lantern-harbor-9")
    page.get_by_label("Repeat the password").fill("lantern-harbor-9")
    page.get_by_label("I'm the first teacher from my school").check()
    page.get_by_label("School name").fill("Riverside School")
    page.get_by_label("School postal address").fill("12 Orchard Lane\nRiverside RV1 2AB")
    page.get_by_label("Country").fill("United Kingdom")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    a11y.check(page)
    follow_emailed_link(page, app, "ana@example.org")
    expect(page.get_by_role("heading", name="Hello, Ana Rivera")).to_be_visible()
    a11y.check(page)


def test_teacher_signs_up_signs_out_and_in(page: Page, a11y: A11y, app: Flask) -> None:
    sign_up_creating_school(page, a11y, app)
    expect(page.get_by_text("Your school is set up")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Email or username").fill("ana@example.org")
    page.get_by_label("Password").fill("lantern-harbor-9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Ana Rivera")).to_be_visible()
    a11y.check(page)


def test_signup_mistakes_are_shown_beside_fields(page: Page, a11y: A11y) -> None:
    page.goto("/auth/signup")
    page.get_by_label("Your name").fill("Ana Rivera")
    page.get_by_label("Email").fill("ana@example")
    page.get_by_label("Password", exact=True).fill("password1")
    page.get_by_label("Repeat the password").fill("password1")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Please fix these first")
    expect(page.locator("#password-error")).to_contain_text("too common")
    expect(page.locator("#school_choice-error")).to_contain_text("Choose how to add your school")  # nothing was chosen for them
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    a11y.check(page)


def test_second_teacher_joins_by_school_code(page: Page, a11y: A11y, browser: Browser, live_server: str, app: Flask) -> None:
    sign_up_creating_school(page, a11y, app)
    page.get_by_role("link", name="My school").click()
    a11y.check(page)
    code = page.locator(".code-display").inner_text().strip()
    assert re.fullmatch(r"SCH-[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    colleague = new_page(browser, live_server, a11y)
    colleague.goto("/auth/signup")
    a11y.check(colleague)
    colleague.get_by_label("Your name").fill("Ben Okafor")
    colleague.get_by_label("Email").fill("ben@example.org")
    colleague.get_by_label("Password", exact=True).fill("maple-comet-44")
    colleague.get_by_label("Repeat the password").fill("maple-comet-44")
    colleague.get_by_label("My school is already here").check()
    colleague.get_by_role("textbox", name="School code").fill(code)
    colleague.get_by_role("button", name="Create my account").click()
    expect(colleague.get_by_role("heading", name="Check your email")).to_be_visible()
    follow_emailed_link(colleague, app, "ben@example.org")
    expect(colleague.get_by_text("You have joined Riverside School")).to_be_visible()
    a11y.check(colleague)
    colleague.context.close()
    assert len(app.extensions["sqlalchemy"].session.scalars(select(School)).all()) == 1


def test_student_signs_in_with_teacher_made_credentials(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                         app: Flask) -> None:
    sign_up_creating_school(page, a11y, app)
    page.get_by_role("link", name="New class").first.click()
    a11y.check(page)
    page.get_by_label("Class name").fill("7B Humanities")
    page.get_by_label("School year").fill("2026–27")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name="7B Humanities")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Given name (first name)").fill("Maya")
    page.get_by_label("Family name (surname)").fill("Kowalski")
    page.get_by_role("button", name="Add student").click()
    expect(page.get_by_role("heading", name="Login card")).to_be_visible()
    a11y.check(page)
    card = page.locator(".login-card")
    username = card.locator("dd").nth(0).inner_text().strip()
    password = card.locator("dd").nth(1).inner_text().strip()
    assert username == "maya.k"

    student = new_page(browser, live_server, a11y)
    sign_in(student, a11y, username, "Hello, Maya!", password=password)
    expect(student.get_by_text("7B Humanities")).to_be_visible()
    a11y.check(student)
    student.context.close()
