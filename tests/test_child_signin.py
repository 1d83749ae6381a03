"""Young children's ways in (issue 15): the QR code on the login card, and the class sign-in page."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from classroom.auth import cards
from classroom.auth.child_routes import WRONG_CODE
from classroom.auth.models import User
from classroom.extensions import db
from classroom.once import new_token

from .factories import PASSWORD

CARD = re.compile(r'name="card" value="([^"]+)"')


def _new_cards(client: FlaskClient, classroom) -> str:
    return client.post(f"/classes/{classroom.id}/cards", data={"once": new_token()}).get_data(as_text=True)


def _greeting(client: FlaskClient) -> str:
    return client.get("/").get_data(as_text=True)


def test_the_qr_code_signs_the_child_in_and_new_cards_replace_it(app: Flask, client: FlaskClient, make_class,
                                                                 make_student, login) -> None:
    classroom = make_class()
    maya = make_student(classroom, name="Maya Kowalski", username="maya.k")
    login(classroom.teacher_links[0].teacher)
    page = _new_cards(client, classroom)
    token = CARD.search(page).group(1)
    assert page.count('class="card-qr"') == 1 and "<svg" in page
    stored = db.session.get(User, maya.id).card_secret_hash
    assert stored and token.split(".")[1] not in stored  # kept hashed, never readable
    child = app.test_client()
    shown = child.get(f"/auth/card/{token}")
    assert shown.status_code == 200 and "Hello, Maya" not in _greeting(child)  # a GET signs nobody in
    assert ">Sign in</button>" in shown.get_data(as_text=True)
    assert child.post(f"/auth/card/{token}").status_code == 302  # (CSRF is on outside tests: tests/access)
    assert "Hello, Maya!" in _greeting(child)
    # New cards for the class: the old QR code stops working.
    fresh = CARD.search(_new_cards(client, classroom)).group(1)
    assert fresh != token
    other = app.test_client()
    refused = other.post(f"/auth/card/{token}", data={"csrf_token": _csrf(other, token)})
    assert refused.status_code == 400 and cards.NOT_VALID.replace("'", "&#39;") in refused.get_data(as_text=True)
    assert "Hello, Maya" not in _greeting(other)
    # The teacher turns the card off: the fresh one stops too, the password still works.
    assert client.post(f"/classes/{classroom.id}/students/{maya.id}/card/off").status_code == 302
    assert other.post(f"/auth/card/{fresh}", data={"csrf_token": _csrf(other, fresh)}).status_code == 400
    assert db.session.get(User, maya.id).card_secret_hash is None


def _csrf(client: FlaskClient, token: str) -> str:
    """Tests run without CSRF (tests/access checks it on every route); the form field stays in place."""
    assert client.get(f"/auth/card/{token}").status_code == 200
    return ""


def test_card_guesses_are_throttled_like_passwords(app: Flask, client: FlaskClient, make_class, make_student,
                                                   login) -> None:
    classroom = make_class()
    maya = make_student(classroom, name="Maya Kowalski")
    login(classroom.teacher_links[0].teacher)
    token = CARD.search(_new_cards(client, classroom)).group(1)
    guesser = app.test_client()
    csrf = _csrf(guesser, token)
    statuses = [guesser.post(f"/auth/card/{maya.id}.{'x' * 24}{n}", data={"csrf_token": csrf}).status_code
                for n in range(app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"] + 1)]
    assert statuses[:-1] == [400] * app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"] and statuses[-1] == 429
    # Even the right card waits now: the guesses used this student's attempts.
    late = guesser.post(f"/auth/card/{token}", data={"csrf_token": csrf})
    assert late.status_code == 429 and "Too many sign-in attempts" in late.get_data(as_text=True)


def test_the_login_cards_pdf_prints_the_qr_codes(client: FlaskClient, make_class, make_student, login) -> None:
    classroom = make_class()
    make_student(classroom, name="Maya Kowalski", username="maya.k")
    login(classroom.teacher_links[0].teacher)
    page = _new_cards(client, classroom)
    form = {"username": re.findall(r'name="username" value="([^"]+)"', page),
            "password": re.findall(r'name="password" value="([^"]+)"', page), "card": CARD.findall(page)}
    pdf = client.post(f"/classes/{classroom.id}/cards.pdf", data=form)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_class_sign_in_offers_only_that_class_and_checks_the_password(app: Flask, client: FlaskClient, make_class,
                                                                      make_student) -> None:
    class_a, class_b = make_class(name="3C"), make_class(name="4D")
    maya = make_student(class_a, name="Maya Kowalski", username="maya.k")
    make_student(class_a, name="Leo Park")
    olga = make_student(class_b, name="Olga Other")
    assert "sign in with your class code" in client.get("/auth/signin").get_data(as_text=True)
    step = client.post("/auth/class", data={"code": class_a.join_code.lower()})
    assert step.status_code == 302 and step.headers["Location"].endswith(f"/auth/class/{class_a.join_code}")
    names = client.get(f"/auth/class/{class_a.join_code}").get_data(as_text=True)
    assert "Maya K." in names and "Leo P." in names and "Olga" not in names and "maya.k" not in names
    # Another class's child can't be reached through this code.
    assert client.get(f"/auth/class/{class_a.join_code}/{olga.id}").status_code == 404
    wrong = client.post(f"/auth/class/{class_a.join_code}/{maya.id}", data={"password": "not-her-password"})
    assert wrong.status_code == 400 and "isn&#39;t right" in wrong.get_data(as_text=True)
    right = client.post(f"/auth/class/{class_a.join_code}/{maya.id}", data={"password": PASSWORD})
    assert right.status_code == 302 and "Hello, Maya!" in _greeting(client)


def test_wrong_class_codes_are_limited(app: Flask, client: FlaskClient, make_class) -> None:
    classroom = make_class()
    statuses = [client.post("/auth/class", data={"code": f"ZZZZ{n:02d}"}).status_code for n in range(11)]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429
    first = client.post("/auth/class", data={"code": "ZZZZ99"})
    assert first.status_code == 429
    fresh = app.test_client()
    page = fresh.post("/auth/class", data={"code": "NOPE22"})
    assert page.status_code == 404 or page.status_code == 429
    # A class of 30 on one school address opening the right code is never limited.
    assert all(fresh.get(f"/auth/class/{classroom.join_code}").status_code == 200 for _ in range(30))


def test_a_wrong_code_says_so(client: FlaskClient) -> None:
    page = client.get("/auth/class/NOPE99")
    assert page.status_code == 404 and WRONG_CODE.replace("'", "&#39;") in page.get_data(as_text=True)
