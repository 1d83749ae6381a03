"""Signing out ends that sign-in on every copy of its cookies, the remember cookie and the quick
autosave included; the user's other devices stay signed in (security review, issue 11, finding 6)."""
from __future__ import annotations

from flask import Flask, session
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.auth.session import signed_in_identity
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter

from .factories import MINISTER, PASSWORD, PROSECUTOR, assign, make_case

COOKIES = ("session", "remember_token")


def _signed_in(client: FlaskClient) -> bool:
    """True when the client reaches a page only signed-in people see."""
    return client.get("/auth/password").status_code == 200


def _copy(source: FlaskClient, target: FlaskClient, names: tuple[str, ...] = COOKIES) -> None:
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def _sign_in(client: FlaskClient, login_name: str, remember: bool = False) -> None:
    data = {"login": login_name, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert client.post("/auth/signin", data=data).status_code == 302


def test_copied_cookies_stop_working_after_sign_out(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    browser, thief = app.test_client(), app.test_client()
    _sign_in(browser, teacher.email, remember=True)
    _copy(browser, thief)
    assert _signed_in(thief)
    browser.post("/auth/signout")
    assert not _signed_in(browser)
    assert not _signed_in(thief)


def test_the_remember_cookie_alone_stops_working_after_sign_out(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    browser = app.test_client()
    _sign_in(browser, teacher.email, remember=True)
    remember = browser.get_cookie("remember_token")
    assert remember is not None
    earlier = app.test_client()
    earlier.set_cookie("remember_token", remember.value)
    assert _signed_in(earlier)  # the remember cookie signs in a browser that has no session yet
    browser.post("/auth/signout")
    later = app.test_client()
    later.set_cookie("remember_token", remember.value)
    assert not _signed_in(later)
    assert not _signed_in(earlier)


def test_signing_out_on_one_device_leaves_the_others_signed_in(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, teacher.email)
    _sign_in(phone, teacher.email)
    laptop.post("/auth/signout")
    assert not _signed_in(laptop)
    assert _signed_in(phone)
    from classroom.auth.models import SignInSession

    assert db.session.scalar(select(func.count()).select_from(SignInSession)
                             .where(SignInSession.user_id == teacher.id)) == 1


def test_a_new_password_ends_every_sign_in(app: Flask, make_teacher) -> None:
    teacher = make_teacher()
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, teacher.email)
    _sign_in(phone, teacher.email)
    laptop.post("/auth/password", data={"current": PASSWORD, "password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def test_quick_autosave_refuses_a_signed_out_session(app: Flask, make_class, make_student) -> None:
    classroom = make_class()
    student = make_student(classroom, username="maya.k")
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    letter = letters.start(assignment, student, "solidarity", None, use_scaffold=False)
    db.session.commit()
    browser, thief = app.test_client(), app.test_client()
    _sign_in(browser, "maya.k")
    _copy(browser, thief)
    saved = thief.put(f"/letters/{letter.id}/draft", json={"body": "Written by the thief first.", "base_version": 1})
    assert saved.status_code == 200  # the copy works while the sign-in is open
    with browser.session_transaction() as cookie:
        identity = cookie["_user_id"]
    browser.post("/auth/signout")

    response = thief.put(f"/letters/{letter.id}/draft", json={"body": "Written after sign-out.", "base_version": 2})
    assert response.status_code in (401, 403) or "/auth/signin" in response.headers.get("Location", "")
    assert db.session.get(Letter, letter.id, populate_existing=True).body == "Written by the thief first."
    # The quick path itself says no for the ended sign-in (it would otherwise write in one query).
    with app.test_request_context():
        session["_user_id"] = identity
        named = signed_in_identity()
        assert named is not None
    with db.engine.connect() as connection:
        assert letters.quick_autosave(connection, named, letter.id, "Quick after sign-out.", 2) is None


def test_a_sign_in_older_than_the_remember_cookie_may_live_is_over(app: Flask, make_teacher) -> None:
    """The remember cookie's value has no date in it: the server keeps the limit."""
    from datetime import timedelta

    from classroom.auth.models import SignInSession

    teacher = make_teacher()
    browser = app.test_client()
    _sign_in(browser, teacher.email, remember=True)
    remember = browser.get_cookie("remember_token")
    record = db.session.scalar(select(SignInSession).where(SignInSession.user_id == teacher.id))
    record.created_at -= timedelta(days=15)
    db.session.commit()
    later = app.test_client()
    later.set_cookie("remember_token", remember.value)
    assert not _signed_in(later)
