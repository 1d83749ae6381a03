"""A student in a Mexican class sends a letter with a phone number: the safety check speaks Spanish.

The student reads the finding in tú, the teacher in usted, on a laptop and on a phone screen
(Spanish runs about a quarter longer than English: nothing may overflow).
"""
from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from classroom.auth.models import School, User
from classroom.classes.models import Classroom

from ..factories import PASSWORD, assign, make_case, write
from .conftest import A11y, new_page

LETTER = ("Estimado señor Ministro: le pido con respeto que libere a Ana. Si quiere contestarme, "
          "mi celular es 55 1234 5678. Atentamente, Mateo")
STUDENT_SAYS = "Esto parece un número de teléfono. Las cartas nunca llevan números de teléfono."
TEACHER_READS = "Parece un número de teléfono. Las cartas nunca llevan números de teléfono."


@pytest.fixture
def world(app: Flask, make_school: Callable[..., School], make_teacher: Callable[..., User],
          make_class: Callable[..., Classroom], make_student: Callable[..., User]) -> SimpleNamespace:
    """A Mexican school's class, Mateo in it, and his draft letter with his phone number."""
    school = make_school("Escuela Benito Juárez", address="Calle Morelos 8\nCentro\n44100 Guadalajara, Jal.",
                         country="Mexico", locale="es-MX")
    teacher = make_teacher("Mtra. Lucía Gómez", email="lucia@escuela.example", school=school)
    classroom = make_class(teacher, name="6º A")
    student = make_student(classroom, name="Mateo Ruiz", username="mateo.r")
    letter = write(assign(classroom, make_case()), student, LETTER)
    return SimpleNamespace(teacher=teacher, student=student, letter=letter)


def _sign_in(page: Page, a11y: A11y, login: str) -> None:
    """Sign in (the sign-in page is in the browser's language, English here)."""
    page.goto("/auth/signin")
    a11y.check(page)
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/signin" not in url)
    a11y.check(page)


def _fits(page: Page) -> None:
    """Nothing is wider than the window."""
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def test_the_safety_check_reads_in_spanish_for_student_and_teacher(page: Page, a11y: A11y, browser: Browser,
                                                                   live_server: str, world: SimpleNamespace) -> None:
    _sign_in(page, a11y, "mateo.r")
    page.goto(f"/letters/{world.letter.id}")
    a11y.check(page)
    page.locator("#submit-button").click()
    expect(page.get_by_text(STUDENT_SAYS)).to_be_visible()
    expect(page.locator("mark", has_text="55 1234 5678")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    a11y.check(page)
    _fits(page)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_text(STUDENT_SAYS)).to_be_visible()
    _fits(page)
    page.locator('input[name="confirm"][value="1"] ~ button').click()  # "send it anyway"
    page.wait_for_url(f"**/letters/{world.letter.id}")
    a11y.check(page)

    teacher = new_page(browser, live_server, a11y)
    _sign_in(teacher, a11y, "lucia@escuela.example")
    teacher.goto(f"/review/letters/{world.letter.id}")
    expect(teacher.get_by_text(TEACHER_READS)).to_be_visible()
    expect(teacher.locator("mark.flagged", has_text="55 1234 5678")).to_have_attribute("title", TEACHER_READS)
    a11y.check(teacher)
    _fits(teacher)
    teacher.set_viewport_size({"width": 390, "height": 844})
    _fits(teacher)
    teacher.context.close()
