"""A visitor chooses Spanish with the switch on the welcome page, signs up as a teacher in
Spanish (a mistake is explained in Spanish), confirms and signs in; the Spanish welcome, sign-in
and school pages fit a Chromebook's and a phone's width (issue 13)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from classroom.auth import signup
from classroom.auth.models import User
from classroom.extensions import db

from .conftest import A11y
from .test_right_to_left import LAYOUT_PROBLEMS, SIZES

PASSWORD = "faro-sereno-quince"


def _fits(page: Page, a11y: A11y, path: str) -> None:
    """The page in Spanish at each size: nothing runs off, overlaps or is cut."""
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        problems = page.evaluate(LAYOUT_PROBLEMS)
        assert not problems, f"{path} in Spanish at {label} size:\n  " + "\n  ".join(problems)
        a11y.check(page)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_a_visitor_picks_spanish_signs_up_as_a_teacher_and_signs_in(page: Page, a11y: A11y) -> None:
    page.goto("/")
    a11y.check(page)
    page.get_by_label("Language").select_option(label="español")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Cartas que cambian vidas, escritas en el aula")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    a11y.check(page)
    _fits(page, a11y, "/")

    page.get_by_role("link", name="Soy docente: crear una cuenta").click()
    expect(page.get_by_role("heading", name="Crear una cuenta docente")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Su nombre").fill("Elena Ruiz")
    page.get_by_label("Correo electrónico").fill("elena@example.org")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill("otra-cosa-distinta")
    page.get_by_label("Soy el primer o la primera docente de mi escuela").check()
    page.get_by_label("Nombre de la escuela").fill("Escuela Benito Juárez")
    page.get_by_label("Dirección postal de la escuela").fill("Calle Reforma 12\nOaxaca")
    page.get_by_role("button", name="Crear mi cuenta").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Corregir estos puntos primero")).to_be_visible()
    expect(summary.get_by_role("link", name="Repita la contraseña: Las dos contraseñas no coinciden.")).to_be_visible()
    expect(summary.get_by_role("link", name="País: Escriba el país de la escuela.")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    page.get_by_label("País").fill("México")
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.get_by_role("heading", name="Revise su correo electrónico")).to_be_visible()
    a11y.check(page)

    teacher = db.session.scalar(db.select(User).where(User.email == "elena@example.org"))
    assert teacher is not None and teacher.language == "es"
    page.goto(f"/auth/confirm/{signup.confirmation_token(teacher)}")
    expect(page.get_by_text("¡Le damos la bienvenida! Su escuela está lista.")).to_be_visible()
    a11y.check(page)
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_text("Sesión cerrada.")).to_be_visible()
    a11y.check(page)
    _fits(page, a11y, "/auth/signin")

    page.get_by_label("Correo electrónico o nombre de usuario").fill("elena@example.org")
    page.get_by_label("Contraseña").fill("no-es-esta")
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    expect(page.get_by_text("El nombre de acceso y la contraseña no coinciden.")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    expect(page.get_by_role("heading", name="Hola, Elena Ruiz")).to_be_visible()
    a11y.check(page)
    _fits(page, a11y, "/schools/mine")
