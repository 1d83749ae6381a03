"""The class-list mapping step in a real browser (issue 15), every page checked with axe."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select

from classroom.auth.models import User
from classroom.extensions import db

from .conftest import A11y, sign_in

EXPORT = Path(__file__).parents[1] / "data" / "rosters" / "school_export_utf8_bom.csv"


def test_school_export_mapped_previewed_and_confirmed(page: Page, a11y: A11y, live_server: str,
                                                      make_teacher, make_class) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    classroom = make_class(teacher, name="7B Humanities", signature_rule="first_last_initial")
    sign_in(page, a11y, "ana@example.org", re.compile(r"^Hello, "))

    page.goto(f"/classes/{classroom.id}/roster")
    page.get_by_label("Class list (CSV or Excel .xlsx)").set_input_files(EXPORT)
    page.get_by_role("button", name="Check the list").click()
    expect(page.locator("#read-as")).to_have_text("UTF-8 text, separated by semicolons")
    expect(page.get_by_label("Column 1 (Surname)")).to_have_value("family")
    expect(page.get_by_label("Column 2 (Forename)")).to_have_value("given")
    expect(page.get_by_label("Column 4 (Reg Group)")).to_have_value("ignore")
    students = page.get_by_role("region", name="7 students")
    expect(students.get_by_role("cell", name="García López", exact=True)).to_be_visible()
    expect(students.get_by_role("cell", name="maya.k2", exact=True)).to_be_visible()
    a11y.check(page)

    # The class signs with first names: the teacher keeps no surnames at all.
    page.get_by_label("Column 1 (Surname)").select_option("ignore")
    page.get_by_role("button", name="Show the students with these columns").click()
    expect(page.get_by_label("Column 1 (Surname)")).to_have_value("ignore")
    expect(students.get_by_role("cell", name="María", exact=True)).to_be_visible()
    expect(students.get_by_role("cell", name="maya2", exact=True)).to_be_visible()
    expect(students.get_by_role("cell", name="García López", exact=True)).to_have_count(0)
    assert db.session.scalar(select(User).where(User.role == "student")) is None
    a11y.check(page)

    page.get_by_role("button", name="Create 7 student accounts").click()
    expect(page.get_by_role("heading", name="Login cards")).to_be_visible()
    a11y.check(page)
    names = sorted((s.name, s.username) for s in db.session.scalars(select(User).where(User.role == "student")))
    assert names == [("Leo", "leo"), ("María", "maria"), ("Maya", "maya"), ("Maya", "maya2"),
                     ("Sam", "sam"), ("Siobhán", "siobhan"), ("Łukasz", "lukasz")]
    page.goto(f"/classes/{classroom.id}")
    expect(page.get_by_role("cell", name="Łukasz", exact=True)).to_be_visible()
    a11y.check(page)
