"""Signing in and out, sessions, throttling."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from classroom.auth.models import User
from classroom.auth.throttle import retry_message
from classroom.extensions import db

from .factories import PASSWORD


def test_retry_message_says_when() -> None:
    assert retry_message(30) == "Too many sign-in attempts. Please wait 1 minute, then try again."
    assert retry_message(61) == "Too many sign-in attempts. Please wait 2 minutes, then try again."
    assert retry_message(14 * 60) == "Too many sign-in attempts. Please wait 14 minutes, then try again."


def test_teacher_signs_in_with_email_any_case(client: FlaskClient, make_teacher: Callable[..., User]) -> None:
    teacher = make_teacher(email="ana@example.org")
    response = client.post("/auth/signin", data={"login": "  ANA@example.org ", "password": PASSWORD})
    assert response.status_code == 302
    assert "Hello, Ms Teacher" in client.get("/").get_data(as_text=True)
    assert db.session.get(User, teacher.id).last_login_at is not None


def test_student_signs_in_with_username(client: FlaskClient, make_student: Callable[..., User]) -> None:
    student = make_student(name="Maya Kowalski", username="maya.k")
    response = client.post("/auth/signin", data={"login": "maya.k", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Hello, Maya!" in page
    assert student.email is None


def test_wrong_password_gives_one_message_for_both_unknown_and_wrong(client: FlaskClient, make_teacher) -> None:
    make_teacher(email="ana@example.org")
    wrong = client.post("/auth/signin", data={"login": "ana@example.org", "password": "nope-nope-nope"})
    unknown = client.post("/auth/signin", data={"login": "nobody@example.org", "password": "nope-nope-nope"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "don&#39;t match" in response.get_data(as_text=True)


def test_empty_form_shows_messages_beside_fields(client: FlaskClient) -> None:
    page = client.post("/auth/signin", data={}).get_data(as_text=True)
    assert 'id="login-error"' in page and "Enter your email or username." in page
    assert 'id="password-error"' in page and "Enter your password." in page


def test_account_is_throttled_after_repeated_failures(client: FlaskClient, make_teacher, app: Flask) -> None:
    make_teacher(email="ana@example.org")
    for _ in range(app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"]):
        client.post("/auth/signin", data={"login": "ana@example.org", "password": "wrong-wrong-1"})
    response = client.post("/auth/signin", data={"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Please wait 15 minutes, then try again." in response.get_data(as_text=True)
    # Another account from the same address is still fine.
    other = make_teacher(email="ben@example.org")
    assert client.post("/auth/signin", data={"login": other.email, "password": PASSWORD}).status_code == 302


def test_address_is_throttled_across_accounts(client: FlaskClient, make_teacher, app: Flask) -> None:
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = 3
    teacher = make_teacher()
    for n in range(3):
        client.post("/auth/signin", data={"login": f"guess{n}@example.org", "password": "wrong-wrong-1"})
    response = client.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD})
    assert response.status_code == 429
    # A different address is not affected.
    fresh = client.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert fresh.status_code == 302


def test_success_clears_the_account_count(client: FlaskClient, make_teacher, app: Flask) -> None:
    teacher = make_teacher()
    for _ in range(app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"] - 1):
        client.post("/auth/signin", data={"login": teacher.email, "password": "wrong-wrong-1"})
    assert client.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD}).status_code == 302
    client.post("/auth/signout")
    client.post("/auth/signin", data={"login": teacher.email, "password": "wrong-wrong-1"})
    assert client.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD}).status_code == 302


def test_signin_starts_a_fresh_session(client: FlaskClient, make_teacher) -> None:
    teacher = make_teacher()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{teacher.id}:")


def test_signout_ends_the_session(client: FlaskClient, make_teacher, login) -> None:
    login(make_teacher())
    assert client.post("/auth/signout").status_code == 302
    assert client.get("/classes/new").status_code == 302


def test_remember_me_sets_a_lasting_cookie_only_when_asked(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    plain = app.test_client()
    plain.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD})
    assert plain.get_cookie("remember_token") is None
    remembered = app.test_client()
    remembered.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD, "remember": "y"})
    cookie = remembered.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only


def test_password_change_ends_other_sessions(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/auth/signin", data={"login": teacher.email, "password": PASSWORD})
    response = laptop.post("/auth/password", data={"current": PASSWORD, "password": "new-lantern-harbor-7",
                                                   "confirm": "new-lantern-harbor-7"})
    assert response.status_code == 302
    assert laptop.get("/classes/new").status_code == 200
    assert phone.get("/classes/new").status_code == 302
    assert app.test_client().post("/auth/signin", data={"login": teacher.email, "password": "new-lantern-harbor-7"}).status_code == 302


def test_password_change_bad_input_changes_nothing(client: FlaskClient, make_teacher, login) -> None:
    teacher = make_teacher()
    login(teacher)
    before = db.session.get(User, teacher.id).password_hash
    cases = [
        ({"current": "wrong-current-1", "password": "new-lantern-harbor-7", "confirm": "new-lantern-harbor-7"}, "That is not your current password."),
        ({"current": PASSWORD, "password": "password1", "confirm": "password1"}, "too common"),
        ({"current": PASSWORD, "password": "short", "confirm": "short"}, "at least 8"),
        ({"current": PASSWORD, "password": "new-lantern-harbor-7", "confirm": "other-lantern-harbor-7"}, "don&#39;t match"),
        ({}, "Enter your current password."),
    ]
    for data, message in cases:
        response = client.post("/auth/password", data=data)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    assert db.session.get(User, teacher.id).password_hash == before
