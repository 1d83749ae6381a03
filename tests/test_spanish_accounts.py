"""Signing in, signing up, resetting a password, the school page and error pages in Spanish
(issue 13), as a person meets them: the switch's cookie, a browser in Spanish, a teacher's own
choice, a school's language; and the account emails in the reader's language."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classroom import i18n
from classroom.auth.models import School, User
from classroom.extensions import db

from .factories import PASSWORD, add_class, add_student, make_world
from .test_alerts import Inbox, body_of, mail_through, smtp  # noqa: F401 (smtp is a fixture)


@pytest.fixture
def app_config(smtp: Inbox) -> dict[str, object]:
    """The app mails through the loopback server."""
    return mail_through(smtp, "accounts@w4r.school.example")


def _in_spanish(client: FlaskClient) -> FlaskClient:
    client.post("/language", data={"language": "es", "next": "/"})
    return client


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_refused_sign_in_says_why_in_spanish_and_a_throttled_one_is_a_429(app: Flask, client: FlaskClient) -> None:
    world = make_world()
    _in_spanish(client)
    page = _text(client.get("/auth/signin"))
    assert '<html lang="es"' in page and "Correo electrónico o nombre de usuario" in page
    wrong = client.post("/auth/signin", data={"login": world.teacher.email, "password": "not-the-password"})
    assert wrong.status_code == 200
    assert "El nombre de acceso y la contraseña no coinciden." in _text(wrong)
    empty = _text(client.post("/auth/signin", data={"login": "", "password": ""}))
    assert "Corregir estos puntos primero" in empty and "Escribir la contraseña." in empty
    for _ in range(app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"]):
        client.post("/auth/signin", data={"login": world.teacher.email, "password": "still-wrong"})
    throttled = client.post("/auth/signin", data={"login": world.teacher.email, "password": PASSWORD})
    assert throttled.status_code == 429
    assert re.search(r"Demasiados intentos de inicio de sesión\. Esperar \d+ minutos? y volver a intentarlo\.",
                     _text(throttled))


def test_sign_up_form_errors_come_in_spanish_and_nothing_is_saved(client: FlaskClient) -> None:
    _in_spanish(client)
    response = client.post("/auth/signup", data={
        "name": "", "email": "no-es-un-correo", "password": "password", "confirm": "otra",
        "school_choice": "create", "school_name": "", "school_address": "", "school_country": ""})
    page = _text(response)
    assert response.status_code == 200
    for message in ("Escriba su nombre.", "Escriba una dirección de correo electrónico válida.",
                    "Esta contraseña es demasiado común y fácil de adivinar.", "Las dos contraseñas no coinciden.",
                    "Escriba el nombre de la escuela.", "Escriba la dirección postal de la escuela."):
        assert message in page, message
    assert "Enter" not in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_signing_up_after_choosing_spanish_keeps_the_choice_and_confirms_in_spanish(
        client: FlaskClient, smtp: Inbox) -> None:
    _in_spanish(client)
    sent = client.post("/auth/signup", headers={"Accept-Language": "es-MX,es;q=0.9"}, data={
        "name": "Prof.ª Elena Ruiz", "email": "elena@example.org", "password": "faro-sereno-quince",
        "confirm": "faro-sereno-quince", "school_choice": "create", "school_name": "Escuela Benito Juárez",
        "school_address": "Calle Reforma 12\nOaxaca", "school_country": "México", "page_size": "Letter"})
    assert sent.status_code == 200 and "Revise su correo electrónico" in _text(sent)
    teacher = db.session.scalar(db.select(User).where(User.email == "elena@example.org"))
    assert teacher is not None and teacher.language == "es"
    assert teacher.school is not None and teacher.school.locale == "es-MX"  # the browser's region
    [(recipients, message)] = smtp.received
    assert recipients == ["elena@example.org"]
    assert message["Subject"].strip() == "Escribe por los Derechos: Confirme su correo electrónico para terminar el registro"
    body = body_of(message)
    assert body.startswith("Hola, Prof.ª Elena Ruiz:") and "funciona durante 3 días" in body


def test_the_reset_email_is_in_the_teachers_own_language_whatever_the_page(
        app: Flask, smtp: Inbox) -> None:
    world = make_world()  # an English school
    world.teacher.language = "es"
    db.session.commit()
    english_page = app.test_client()  # the form is sent from an English page
    assert english_page.post("/auth/forgot", data={"email": world.teacher.email}).status_code == 200
    [(_, message)] = smtp.received
    assert message["Subject"].strip() == "Escribe por los Derechos: Elegir una contraseña nueva"
    body = body_of(message)
    assert "Abra este enlace para elegir una contraseña nueva (funciona una sola vez, durante 60 minutos" in body
    assert "Someone" not in body
    # Someone who chose nothing is written to in their school's language, even from a Spanish page.
    coordinator = world.coordinator
    _in_spanish(app.test_client()).post("/auth/forgot", data={"email": coordinator.email})
    assert "Someone (we hope you) asked to reset the password" in body_of(smtp.received[-1][1])


def test_language_of_own_choice_then_class_then_school_then_the_page(app: Flask) -> None:
    world = make_world(locale="en-US")
    spanish_class = add_class(world, name="5B bilingüe")
    spanish_class.language = "es"
    child = add_student(world, spanish_class, "Lucía Pérez")
    db.session.commit()
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert i18n.language_of(world.teacher) == "en"  # the school's (en-US), not the browser's
        assert i18n.language_of(child) == "es"  # the class's
        world.teacher.language = "es"
        assert i18n.language_of(world.teacher) == "es"  # the teacher's own
        world.school.locale = "es-MX"
        assert i18n.language_of(world.coordinator) == "es"
        assert i18n.language_of(User(role="teacher", name="Nadie")) == "es"  # no school yet: the page's
    with app.app_context():
        assert i18n.language_of(User(role="teacher", name="Nadie")) == "en"  # no page at all: English


def test_the_school_page_names_each_language_and_date_style_and_the_school_language_is_the_pages(
        app: Flask, client: FlaskClient) -> None:
    world = make_world()
    client.post("/auth/signin", data={"login": world.teacher.email, "password": PASSWORD})
    page = _text(client.get("/schools/mine"))
    assert "Language and date style" in page and 'lang="en"' in page
    assert re.search(r'<option lang="es-MX" value="es-MX">Español \(México\) — 26 de noviembre de 2026</option>'
                     r'|<option value="es-MX" lang="es-MX">', page)
    assert "English (United States) — November 26, 2026" in page
    saved = client.post("/schools/mine", data={
        "name": world.school.name, "address": world.school.address, "country": "México", "page_size": "Letter",
        "locale": "es-MX", "time_zone": "America/Mexico_City", "mailing_allowance_days": "10"},
        follow_redirects=True)
    page = _text(saved)
    assert '<html lang="es"' in page and "Datos de la escuela guardados." in page
    assert "Idioma y formato de fecha" in page and "Ciudad de México" in page and "Carta (EE. UU.)" in page
    assert db.session.get(School, world.school.id).locale == "es-MX"
    # A teacher's own choice still wins over the school's.
    world.coordinator.language = "en"
    db.session.commit()
    other = app.test_client()
    other.post("/auth/signin", data={"login": world.coordinator.email, "password": PASSWORD})
    assert '<html lang="en"' in _text(other.get("/"))


def test_error_pages_and_the_welcome_page_in_spanish(client: FlaskClient) -> None:
    _in_spanish(client)
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    page = _text(missing)
    assert "No encontramos esa página" in page and "Error 404" in page and "Ir a la página de inicio" in page
    asked = client.get("/schools/mine", follow_redirects=True)
    assert "Iniciar sesión para ver esa página." in _text(asked)
    welcome = _text(client.get("/"))
    assert "Cartas que cambian vidas, escritas en el aula" in welcome and "Soy docente: crear una cuenta" in welcome


def test_a_child_reads_the_class_sign_in_and_joining_pages_in_spanish_with_tu(client: FlaskClient) -> None:
    _in_spanish(client)
    wrong = client.post("/auth/class", data={"code": "NOPE42"})
    assert wrong.status_code == 404 and "Ese código de clase no funciona. Compruébalo con tu docente." in _text(wrong)
    joining = client.post("/join/", data={"code": "NOPE42"})
    assert joining.status_code == 404 and "Ninguna clase tiene este código. Compruébalo con tu docente." in _text(joining)
    assert "Escribe el código que te muestra tu docente." in _text(client.get("/join/"))
