"""Young children's two ways in, in a real browser (issue 15): the login card's QR code, and the
class page (code, name, password). Every page is checked with axe."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from .conftest import A11y, new_page, sign_in


def test_qr_card_and_class_page(page: Page, browser: Browser, a11y: A11y, live_server: str,
                                make_teacher, make_class, make_student) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    classroom = make_class(teacher, name="3C Otters", band="elementary", signature_rule="first")
    make_student(classroom, name="Maya Kowalski", username="maya.k")
    make_student(classroom, name="Leo Park", username="leo.p")
    code = classroom.join_code

    sign_in(page, a11y, "ana@example.org", re.compile(r"^Hello, "))
    page.goto(f"/classes/{classroom.id}")
    a11y.check(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="New passwords and login cards for everyone").click()
    expect(page.get_by_role("heading", name="Login cards")).to_be_visible()
    expect(page.locator("svg.card-qr")).to_have_count(2)
    a11y.check(page)
    tokens = page.locator('input[name="card"]').evaluate_all("inputs => inputs.map(i => i.value)")
    passwords = page.locator('input[name="password"]').evaluate_all("inputs => inputs.map(i => i.value)")
    names = page.locator(".card-name").all_inner_texts()
    leo = names.index("Leo Park")

    # The camera opens the card's address on the child's Chromebook: one button, and in.
    child = new_page(browser, live_server, a11y)
    child.goto(f"/auth/card/{tokens[leo]}")
    a11y.check(child)
    child.get_by_role("button", name="Sign in").click()
    expect(child.get_by_role("heading", name="Hello, Leo!")).to_be_visible()

    # Another child uses the class page: the code, her name, her password.
    other = new_page(browser, live_server, a11y)
    other.goto("/auth/signin")
    other.get_by_role("link", name="sign in with your class code").click()
    a11y.check(other)
    other.get_by_label("Class code").fill(code.lower())
    other.get_by_role("button", name="Next").click()
    expect(other.get_by_role("heading", name="Who are you?")).to_be_visible()
    a11y.check(other)
    other.get_by_role("link", name="Maya K.").click()
    a11y.check(other)
    other.get_by_label("Your password").fill("not-my-password")
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("alert")).to_contain_text("isn't right")
    other.get_by_label("Your password").fill(passwords[1 - leo])
    other.get_by_role("button", name="Sign in").click()
    expect(other.get_by_role("heading", name=re.compile(r"^Hello, Maya!"))).to_be_visible()
