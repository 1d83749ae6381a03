"""Journeys of classes, rosters and assignments in a real browser, every page checked with axe."""
from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from classroom.auth.models import User
from classroom.cases.services import create_case
from classroom.classes.models import Classroom
from classroom.extensions import db

from ..factories import case_data
from .conftest import A11y, new_page, sign_in

HARD_SUMMARY = "Ana Example was detained. Guards tortured her in custody and she now faces the death penalty."


def test_class_code_join_csv_roster_and_login_cards(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                    app: Flask, make_teacher, tmp_path: Path) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    sign_in(page, a11y, "ana@example.org")

    # Create a class.
    page.get_by_role("link", name="New class").first.click()
    a11y.check(page)
    page.get_by_label("Class name").fill("7B Humanities")
    page.get_by_label("Age band").select_option("middle")
    page.get_by_label("School year").fill("2026–27")
    page.get_by_label("How students sign their letters").select_option("first")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name="7B Humanities", level=1)).to_be_visible()
    expect(page.get_by_text("signed “Maya”")).to_be_visible()
    a11y.check(page)

    # Show the code large, as on a projector.
    page.get_by_role("link", name="Show large").click()
    expect(page.get_by_role("heading", name="Join 7B Humanities")).to_be_visible()
    a11y.check(page)
    shown = page.locator(".projector-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{3} [A-Z0-9]{3}", shown)
    classroom = db.session.scalar(select(Classroom))
    assert shown.replace(" ", "") == classroom.join_code

    # A student, on their own device, joins with it.
    child = new_page(browser, live_server, a11y)
    child.goto("/join/")
    a11y.check(child)
    child.get_by_label("Class code").fill(shown.lower())
    child.get_by_role("button", name="Next").click()
    expect(child.get_by_role("heading", name="Join 7B Humanities")).to_be_visible()
    a11y.check(child)
    child.get_by_label("Your first name").fill("Leo")
    child.get_by_label("Your family name").fill("Park")
    child.get_by_label("Choose a username").fill("leo.p")
    child.get_by_label("Choose a password", exact=True).fill("river-stone-58")
    child.get_by_label("Type the password again").fill("river-stone-58")
    child.get_by_role("button", name="Join the class").click()
    expect(child.get_by_text("Welcome to 7B Humanities!")).to_be_visible()
    expect(child.get_by_role("heading", name="Hello, Leo!")).to_be_visible()
    a11y.check(child)
    child.context.close()

    # The teacher sees Leo, then adds the rest of the class from a CSV file with one bad row.
    page.get_by_role("link", name="Back to the class").click()
    expect(page.get_by_role("cell", name="Leo Park")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Add many students from a CSV file").click()
    expect(page.get_by_role("heading", name="Add students from a list")).to_be_visible()
    a11y.check(page)
    roster = tmp_path / "7b.csv"
    roster.write_text("name,username\nMaya Kowalski,\n,sam.lee\nZoë Müller,zoe.m\n", encoding="utf-8")
    page.get_by_label("Class list (CSV or Excel .xlsx)").set_input_files(roster)
    page.get_by_role("button", name="Check the list").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("1 row needs fixing")
    expect(alert).to_contain_text("Line 3: The name is missing.")
    expect(alert).to_contain_text("Nothing was created.")
    a11y.check(page)
    assert db.session.scalar(select(User).where(User.username == "sam.lee")) is None

    box = page.get_by_label("Or paste or correct the list here")
    expect(box).to_have_value(re.compile(r",sam\.lee"))
    box.fill(box.input_value().replace(",sam.lee", "Sam Lee,sam.lee"))
    page.get_by_role("button", name="Check the list").click()
    expect(page.get_by_role("heading", name="3 students")).to_be_visible()
    expect(page.get_by_role("cell", name="maya", exact=True)).to_be_visible()
    a11y.check(page)
    page.get_by_role("button", name="Create 3 student accounts").click()
    expect(page.get_by_role("heading", name="Login cards")).to_be_visible()
    a11y.check(page)
    cards = page.locator(".login-card")
    expect(cards).to_have_count(3)
    passwords = [cards.nth(i).locator("dd").nth(1).inner_text().strip() for i in range(3)]
    assert all(re.fullmatch(r"[a-z]+-[a-z]+-\d\d", p) for p in passwords)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download login cards (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "login-cards.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    for username, password in zip(("maya", "sam.lee", "zoe.m"), passwords, strict=True):
        assert username in text and password in text
    assert "Zoë Müller" in text
    names = sorted(u.username for u in db.session.scalars(select(User).where(User.role == "student")))
    assert names == ["leo.p", "maya", "sam.lee", "zoe.m"]
    assert teacher.school_id == classroom.school_id


def test_assign_cases_through_the_gate_and_a_student_reads_the_lesson(page: Page, a11y: A11y, browser: Browser,
                                                                      live_server: str, make_class,
                                                                      make_student) -> None:
    classroom = make_class(name="7B Humanities", band="middle")
    teacher = classroom.teacher_links[0].teacher
    student = make_student(classroom, name="Maya Kowalski", username="maya.k")
    create_case(case_data(student_summaries={"middle": "Ana wrote about a protest. The police put her in prison."}),
                created_by=None)
    hard = create_case(case_data(ua_number="UA 2.26", title="Journalist in danger", summary=HARD_SUMMARY,
                                 student_summaries={}), created_by=None)
    db.session.commit()
    hard_id = hard.id
    sign_in(page, a11y, teacher.email)

    # The library opens on cases suitable for the class.
    page.get_by_role("link", name="7B Humanities").click()
    a11y.check(page)
    page.get_by_role("link", name="Assign a case").click()
    expect(page.get_by_text("Showing cases suitable for")).to_be_visible()
    expect(page.get_by_role("link", name="Journalist in danger")).to_have_count(0)
    a11y.check(page)
    page.get_by_role("link", name="Student journalist detained").click()
    a11y.check(page)
    page.get_by_role("link", name="Assign to 7B Humanities").click()
    expect(page.get_by_role("heading", name="Assign “Student journalist detained”")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Solidarity message to the people at risk").check()
    page.get_by_label(re.compile(r"^Discussing our case")).check()
    page.get_by_label("Instructions for students").fill("Read the case twice before writing.")
    page.get_by_role("button", name="Assign to class").click()
    expect(page.get_by_text("is assigned to 7B Humanities")).to_be_visible()
    expect(page.get_by_role("link", name="Discussing our case")).to_be_visible()
    a11y.check(page)

    # An unsuitable case is refused, with the notes and the phrases behind them.
    page.goto(f"/cases/{hard_id}?class_id={classroom.id}")
    a11y.check(page)
    warning = page.get_by_role("note").filter(has_text="This case is rated")
    expect(warning).to_contain_text("Torture or ill-treatment")
    expect(warning).to_contain_text("“tortured”")
    expect(page.get_by_role("link", name="Assign to 7B Humanities")).to_have_count(0)
    # An old link to the assignment form explains the refusal too, and offers no way round it.
    page.goto(f"/assignments/new?case_id={hard_id}&class_id={classroom.id}")
    gate = page.locator("#gate")
    expect(gate).to_contain_text("Not rated for 7B Humanities")
    expect(gate).to_contain_text("“tortured”")
    expect(gate).to_contain_text("Death penalty")
    expect(page.get_by_role("button", name="Assign to class")).to_have_count(0)
    a11y.check(page)
    page.get_by_role("link", name="Find a case suitable for 7B Humanities").click()
    expect(page.get_by_text("Showing cases suitable for")).to_be_visible()
    a11y.check(page)

    # The student signs in, finds the assignment and reads the student part of the lesson.
    child = new_page(browser, live_server, a11y)
    sign_in(child, a11y, student.username)
    child.get_by_role("link", name="Student journalist detained").click()
    expect(child.get_by_text("Ana wrote about a protest. The police put her in prison.")).to_be_visible()
    expect(child.get_by_text("Read the case twice before writing.")).to_be_visible()
    a11y.check(child)
    child.get_by_role("link", name="Discussing our case").click()
    expect(child.get_by_role("heading", name="Our case: Student journalist detained")).to_be_visible()
    expect(child.get_by_role("heading", name="Talk about it")).to_be_visible()
    body = child.locator("main").inner_text()
    assert "Teacher notes" not in body and "Safeguarding" not in body and "Step 1" not in body
    expect(child.get_by_role("link", name="Print student handout (PDF)")).to_have_count(0)
    a11y.check(child)
    child.context.close()
