"""A Spanish classroom in a real browser (issue 13): a teacher switches to español, creates a
class whose language is Spanish and assigns a case; a student of that class reads the lesson's
Spanish student parts. Every page passes axe."""
from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from classroom.assignments.models import Assignment
from classroom.cases.services import create_case
from classroom.classes.models import Classroom
from classroom.extensions import db

from ..factories import PASSWORD, case_data
from .conftest import A11y, new_page, sign_in


def test_a_spanish_class_reads_its_lesson_in_spanish(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                      app: Flask, make_teacher, make_student) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    case = create_case(case_data(student_summaries={"middle": "Ana wrote about a protest. The police put her in prison."}),
                       created_by=None)
    db.session.commit()
    case_id = case.id
    sign_in(page, a11y, teacher.email)

    # The switch on every page: español.
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # A class whose students read Spanish.
    page.goto("/classes/new")
    expect(page.get_by_role("heading", name="Crear una clase")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Nombre de la clase").fill("6A bilingüe")
    page.get_by_label("Franja de edad").select_option("middle")
    page.get_by_label("Curso escolar").fill("2026–27")
    page.get_by_label("Cómo firman sus cartas los estudiantes").select_option("first")
    page.get_by_label("Idioma de la clase").select_option("es")
    page.get_by_role("button", name="Crear la clase").click()
    expect(page.get_by_role("heading", name="6A bilingüe", level=1)).to_be_visible()
    expect(page.locator("#class-language")).to_have_text("páginas para estudiantes en español")
    expect(page.get_by_text("Se creó la clase “6A bilingüe”. Ahora añada estudiantes.")).to_be_visible()
    a11y.check(page)
    classroom = db.session.scalar(select(Classroom).where(Classroom.name == "6A bilingüe"))
    assert classroom.language == "es"
    expect(page.get_by_role("link", name="Asignar un caso")).to_be_visible()

    # Assign the case with the appeal lesson (ticked for a middle-school class).
    page.goto(f"/assignments/new?case_id={case_id}&class_id={classroom.id}")
    expect(page.get_by_role("heading", name=re.compile("^Asignar “"))).to_be_visible()
    a11y.check(page)
    expect(page.locator("input[name=lesson_slugs][value=writing-an-appeal]")).to_be_checked()
    page.get_by_role("button", name="Asignar a la clase").click()
    expect(page.get_by_text(re.compile(r"está asignado a 6A bilingüe"))).to_be_visible()
    a11y.check(page)
    assignment_id = db.session.scalar(select(Assignment.id))

    # A student of the class signs in: their pages are in Spanish, and so is the lesson.
    make_student(db.session.get(Classroom, classroom.id), name="Lucía Pérez", username="lucia.p")
    child = new_page(browser, live_server, a11y)
    child.goto("/auth/signin")
    child.get_by_label("Email or username").fill("lucia.p")
    child.get_by_label("Password").fill(PASSWORD)
    child.get_by_role("button", name="Sign in").click()
    expect(child.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(child.locator("html")).to_have_attribute("lang", "es")
    child.goto(f"/assignments/{assignment_id}")
    a11y.check(child)
    child.locator(f"a[href='/assignments/{assignment_id}/lessons/writing-an-appeal']").click()
    expect(child.get_by_role("heading", name="Cómo escribir una carta de llamamiento eficaz", level=1)).to_be_visible()
    expect(child.get_by_role("heading", name="Seis cualidades de un buen llamamiento")).to_be_visible()
    expect(child.get_by_text("Six qualities")).to_have_count(0)
    expect(child.locator("section.lesson-section").first).to_have_attribute("lang", "es")
    a11y.check(child)
