"""A student of a Spanish class writes a letter in Spanish, in a real browser (issue 13): the pages,
the editor script's save and offline messages and the check page are in Spanish."""
from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters.models import Letter

from ..factories import MINISTER, PASSWORD, assign, make_case
from .conftest import A11y, new_page

SAVED = re.compile(r"^Guardada a las \d")


def _sign_in(page: Page, a11y: A11y, login: str) -> None:
    """As conftest.sign_in, with the Spanish page that follows (the class's language)."""
    page.goto("/auth/signin")
    a11y.check(page)
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="¡Hola, Lucía!")).to_be_visible()
    a11y.check(page)


def test_a_spanish_class_writes_saves_offline_and_sends_in_spanish(
        app: Flask, browser: Browser, live_server: str, a11y: A11y, make_teacher: Callable[..., User],
        make_class: Callable[..., Classroom], make_student: Callable[..., User]) -> None:
    classroom = make_class(make_teacher("Sra. Ortega", email="ortega@example.org"), name="6º B")
    classroom.language = "es"
    db.session.commit()
    make_student(classroom, name="Lucía Pérez", username="lucia.p")
    case = make_case(targets=(MINISTER,))
    assign(classroom, case)
    # Its own browser, as it goes offline; failed saves are the editor's to show, not browser errors.
    page = new_page(browser, live_server, a11y)
    _sign_in(page, a11y, "lucia.p")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_role("link", name=case.title).first.click()
    expect(page.get_by_role("heading", name="Qué está pasando")).to_be_visible()
    a11y.check(page)
    page.get_by_label(re.compile("^Una carta para Minister of the Interior")).check()
    page.get_by_label("Empezar con frases de ayuda que puedo cambiar").uncheck()
    page.get_by_role("button", name="Empezar a escribir").click()
    expect(page.get_by_role("heading", name="Tu carta para Minister of the Interior")).to_be_visible()
    a11y.check(page)
    letter_id = int(page.url.rstrip("/").split("/")[-1])
    # The greeting and the helper sentences are Spanish: the letter is.
    expect(page.locator("#salutation")).to_have_text("Estimado señor o señora:")
    expect(page.get_by_text("Le pido con respeto que actúe cuanto antes")).to_be_visible()

    editor = page.get_by_role("textbox", name="Tu carta", exact=True)
    editor.press_sequentially("Le escribo por Ana Example.")
    status = page.locator("#save-status")
    expect(status).to_have_text(SAVED)
    expect(page.locator("#page-estimate")).to_have_text(re.compile(r"^alrededor del \d+ % de una página$"))

    # The connection drops; the student keeps typing: the script says so in Spanish.
    page.context.set_offline(True)
    editor.press_sequentially(" Es solo una estudiante.")
    expect(status).to_have_text("Sin conexión: se conserva en este dispositivo.")
    a11y.check(page)
    page.context.set_offline(False)
    expect(status).to_have_text(SAVED)

    # A phone number in the letter: the check page comes first, in Spanish.
    editor.press_sequentially(" Mi teléfono es 07700 900123.")
    page.get_by_role("button", name="Enviar a mi docente").click()
    expect(page.get_by_role("heading", name="Revisa tu carta, por favor")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Volver y corregirla")).to_be_visible()
    a11y.check(page)
    page.get_by_role("button", name="Enviarla de todos modos").click()
    expect(page.get_by_text("Tu carta ya está con tu docente. ¡Buen trabajo!")).to_be_visible()
    a11y.check(page)
    db.session.rollback()
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    assert letter is not None and letter.state == "submitted" and letter.language == "es"
    assert letter.body == "Le escribo por Ana Example. Es solo una estudiante. Mi teléfono es 07700 900123."
    page.context.close()
