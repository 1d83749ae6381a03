"""A new teacher signs up as the first of their school without being told to enter a school
code, and a mistake keeps what they typed, passwords included (issue 12, item 7)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import A11y

CHOSEN_PASSWORD = "lantern-harbor-9"


def test_the_first_teacher_of_a_school_signs_up_without_choosing_and_keeps_the_passwords(page: Page, a11y: A11y) -> None:
    page.goto("/auth/signup")
    a11y.check(page)
    expect(page.get_by_label("My school is already here: I have a school code")).not_to_be_checked()
    expect(page.get_by_label("I'm the first teacher from my school")).not_to_be_checked()
    page.get_by_label("Your name").fill("Ana Rivera")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(CHOSEN_PASSWORD)
    page.get_by_label("Repeat the password").fill(CHOSEN_PASSWORD)
    page.get_by_label("School name").fill("Riverside School")
    page.get_by_label("School postal address").fill("12 Orchard Lane\nRiverside")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Enter the school's country.").first).to_be_visible()
    expect(page.get_by_text("Enter the school code.")).to_have_count(0)
    expect(page.get_by_label("Password", exact=True)).to_have_value(CHOSEN_PASSWORD)
    expect(page.get_by_label("Repeat the password")).to_have_value(CHOSEN_PASSWORD)
    expect(page.get_by_label("I'm the first teacher from my school")).to_be_checked()
    a11y.check(page)
    page.get_by_label("Country").fill("United Kingdom")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    a11y.check(page)
