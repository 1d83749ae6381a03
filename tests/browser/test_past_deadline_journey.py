"""A teacher assigns a case whose deadline passed, saying why; everyone sees it is late (issue 12, item 9)."""
from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from classroom.cases import services as cases
from classroom.extensions import db

from ..factories import case_data
from .conftest import A11y, sign_in

REASON = "We discuss what happened to her in class."


def test_a_late_case_is_marked_and_assigned_only_with_a_reason(page: Page, a11y: A11y, make_teacher, make_class,
                                                               make_student) -> None:
    case = cases.create_case(case_data(ua_number="UA 12.20", title="Student journalist detained",
                                       issue_date=date(2020, 1, 10), deadline=date(2020, 2, 21)), created_by=None)
    db.session.commit()
    teacher = make_teacher("Ms Ana Rivera", email="rivera@example.org")
    classroom = make_class(teacher, name="7B", band="middle")
    make_student(classroom, name="Maya Kowalski", username="maya.k")
    sign_in(page, a11y, "rivera@example.org")

    page.goto(f"/cases/?class_id={classroom.id}")
    item = page.locator(".case-item", has_text=case.title)
    expect(item).to_contain_text("Deadline passed")
    expect(item).not_to_contain_text("Action needed")
    a11y.check(page)
    item.get_by_role("link", name=case.title).click()
    expect(page.locator("#past-deadline")).to_contain_text("The deadline of this case passed on 21 February 2020")
    a11y.check(page)
    page.get_by_role("link", name="Assign to 7B with a reason").click()
    expect(page.locator("#past-deadline")).to_contain_text("letters may arrive too late")
    a11y.check(page)
    page.get_by_role("button", name="Assign to class").click()
    expect(page.get_by_text("write why").first).to_be_visible()
    a11y.check(page)
    page.get_by_label("Reason for assigning a case whose deadline passed").fill(REASON)
    page.get_by_role("button", name="Assign to class").click()
    expect(page.locator("#past-deadline")).to_contain_text(f"You assigned it with this reason: “{REASON}”")
    a11y.check(page)
    page.get_by_role("link", name="← 7B").click()
    expect(page.get_by_text(f"deadline passed: {REASON}")).to_be_visible()
    a11y.check(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    a11y.check(page)

    sign_in(page, a11y, "maya.k")
    page.get_by_role("link", name=case.title).first.click()
    expect(page.locator("#past-deadline")).to_contain_text("letters may arrive too late")
    expect(page.get_by_text(REASON)).to_have_count(0)
    a11y.check(page)
