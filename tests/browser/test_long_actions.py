"""A long action shows that it is working and cannot be started twice by a second click (issue 15):
"New passwords and login cards for everyone" on a class page.

The page's working state lasts only while the answer is on its way, and a page waiting for a
form's answer cannot be inspected from the test (the browser holds scripts until it arrives). So
the test keeps the page where it is: a listener added after the site's own holds the sending
back and counts the submissions that would have gone out; then the form is sent for real.
"""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import A11y, sign_in

HOLD = """() => {
  window.wouldSend = 0;
  window.holdBack = (event) => { if (!event.defaultPrevented) window.wouldSend += 1; event.preventDefault(); };
  document.addEventListener("submit", window.holdBack);
}"""


def test_new_cards_say_working_and_a_second_click_sends_nothing(page: Page, a11y: A11y, make_teacher, make_class,
                                                                make_student) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    classroom = make_class(teacher, name="3C Otters", band="elementary", signature_rule="first")
    for name in ("Maya Kowalski", "Leo Park"):
        make_student(classroom, name=name)

    sign_in(page, a11y, "ana@example.org")
    page.goto(f"/classes/{classroom.id}")
    a11y.check(page)
    page.evaluate(HOLD)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="New passwords and login cards for everyone").click()
    working = page.get_by_role("button", name="Working…")
    expect(working).to_be_disabled()
    expect(page.locator("form[aria-busy=true]")).to_have_count(1)
    a11y.check(page)
    assert page.evaluate("window.wouldSend") == 1
    # A second press gets through on a slow machine (or by Enter again): it sends nothing more.
    page.evaluate("""() => { const b = [...document.querySelectorAll('button')].find(b => b.textContent === 'Working…');
                             b.disabled = false; b.form.requestSubmit(b); }""")
    assert page.evaluate("window.wouldSend") == 1

    # The one submission goes out: the cards arrive.
    page.evaluate("""() => { document.removeEventListener("submit", window.holdBack);
                             document.querySelector('form[aria-busy=true]').submit(); }""")
    expect(page.get_by_role("heading", name="Login cards")).to_be_visible()
    expect(page.locator(".card-name")).to_have_count(2)
    expect(page).to_have_url(re.compile(rf"/classes/{classroom.id}/cards$"))
    a11y.check(page)
