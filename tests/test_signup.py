"""Teachers sign up, creating a school or joining one by code, confirmed by an emailed link;
sign-up never tells whether an email already has an account (issue 11, finding 7)."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.auth.models import School, User
from classroom.extensions import db

NEW_SCHOOL = {
    "name": "Ana Rivera", "email": "ana@example.org", "password": "lantern-harbor-9", "confirm": "lantern-harbor-9",
    "school_choice": "create", "school_name": "Riverside School", "school_address": "12 Orchard Lane\nRiverside",
    "school_country": "United Kingdom", "page_size": "A4",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def mails(app: Flask) -> list:
    """Emails sent so far (kept in memory while testing)."""
    return list(getattr(app.extensions["mailman"], "outbox", []))


def confirm_link(app: Flask, to: str) -> str:
    """The path of the newest confirmation link sent to ``to``."""
    body = next(m.body for m in reversed(mails(app)) if m.to == [to])
    found = re.search(r"https?://[^/\s]+(/auth/confirm/\S+)", body)
    assert found, body
    return found.group(1)


def test_first_teacher_creates_the_school(app: Flask, client: FlaskClient) -> None:
    response = client.post("/auth/signup", data=NEW_SCHOOL)
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert client.get("/auth/password").status_code == 302  # not signed in before confirming
    confirmed = client.get(confirm_link(app, "ana@example.org"))
    assert confirmed.status_code == 302
    school = db.session.scalar(select(School))
    teacher = db.session.scalar(select(User))
    assert school.name == "Riverside School" and school.address_lines == ["12 Orchard Lane", "Riverside"]
    assert teacher.school_id == school.id and teacher.role == "teacher" and teacher.email == "ana@example.org"
    assert teacher.email_confirmed_at is not None
    assert school.join_code in client.get("/schools/mine").get_data(as_text=True)


def test_second_teacher_joins_by_code(app, client: FlaskClient) -> None:
    client.post("/auth/signup", data=NEW_SCHOOL)
    code = db.session.scalar(select(School.join_code))
    other = app.test_client()
    response = other.post("/auth/signup", data={
        "name": "Ben Okafor", "email": "ben@example.org", "password": "maple-comet-44", "confirm": "maple-comet-44",
        "school_choice": "join", "school_code": code.lower().replace("-", " - ")})
    assert response.status_code == 200
    welcome = other.get(confirm_link(app, "ben@example.org"), follow_redirects=True).get_data(as_text=True)
    assert "You have joined Riverside School" in welcome
    ben = db.session.scalar(select(User).where(User.email == "ben@example.org"))
    assert ben.school.name == "Riverside School"
    assert _count(School) == 1


BAD = [
    ({"name": ""}, "name-error", "Enter your name."),
    ({"email": "not-an-email"}, "email-error", "Enter a valid email address."),
    ({"password": "password1", "confirm": "password1"}, "password-error", "too common"),
    ({"password": "k7#pq", "confirm": "k7#pq"}, "password-error", "at least 8"),
    ({"confirm": "something-else-1"}, "confirm-error", "don&#39;t match"),
    ({"school_name": ""}, "school_name-error", "Enter the school&#39;s name."),
    ({"school_address": ""}, "school_address-error", "Enter the school&#39;s postal address."),
    ({"school_country": ""}, "school_country-error", "Enter the school&#39;s country."),
    ({"school_choice": "join", "school_code": ""}, "school_code-error", "Enter the school code."),
    ({"school_choice": "join", "school_code": "SCH-NOPE-NOPE"}, "school_code-error", "No school has this code."),
    ({"school_choice": "somewhere"}, "school_choice-error", "Not a valid choice"),
    ({"page_size": "A3"}, "page_size-error", "Not a valid choice"),
    ({"name": "x" * 121}, "name-error", "120"),
]


@pytest.mark.parametrize(("change", "error_id", "message"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_signup_shows_message_beside_field_and_saves_nothing(client: FlaskClient, change, error_id, message) -> None:
    response = client.post("/auth/signup", data={**NEW_SCHOOL, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{error_id}"' in page
    assert message in page
    assert _count(User) == 0 and _count(School) == 0


def _page(response) -> str:
    """The page without its per-request CSRF token and nonces."""
    text = response.get_data(as_text=True)
    return re.sub(r'(content|nonce|value)="[A-Za-z0-9._-]{20,}"', r'\1="…"', text)


def test_an_existing_email_gets_the_same_answer_and_nothing_changes(app: Flask, client: FlaskClient,
                                                                     make_teacher) -> None:
    teacher = make_teacher("Ana Rivera", email="ana@example.org")
    before = (teacher.password_hash, teacher.name, teacher.school_id, teacher.session_token)
    existing = client.post("/auth/signup", data={**NEW_SCHOOL, "email": "ANA@example.org", "name": "Mallory"})
    fresh = app.test_client().post("/auth/signup", data={**NEW_SCHOOL, "email": "new@example.org", "name": "Mallory"})
    assert existing.status_code == fresh.status_code == 200
    assert _page(existing).replace("ana@example.org", "X") == _page(fresh).replace("new@example.org", "X")
    assert client.get("/auth/password").status_code == 302  # nobody is signed in as Ana
    db.session.expire_all()
    teacher = db.session.get(User, teacher.id)
    assert (teacher.password_hash, teacher.name, teacher.school_id, teacher.session_token) == before
    assert _count(School) == 2  # Ana's, and the new sign-up's: none for the refused one
    note = next(m for m in mails(app) if m.to == ["ana@example.org"])
    assert "already have an account" in note.body and "/auth/confirm/" not in note.body


def test_unconfirmed_teacher_cannot_sign_in_and_links_work_once(app: Flask, client: FlaskClient) -> None:
    client.post("/auth/signup", data=NEW_SCHOOL)
    signin = client.post("/auth/signin", data={"login": "ana@example.org", "password": "lantern-harbor-9"})
    assert signin.status_code == 200 and "Confirm your email first" in _page(signin)
    wrong = client.post("/auth/signin", data={"login": "ana@example.org", "password": "wrong-password-1"})
    assert "Confirm your email" not in _page(wrong)  # said only to whoever knows the password
    link = confirm_link(app, "ana@example.org")
    assert client.get(link).status_code == 302
    assert app.test_client().get(link).status_code == 404  # used
    assert app.test_client().get("/auth/confirm/not-a-token").status_code == 404


def test_a_new_sign_up_before_confirming_replaces_the_details(app: Flask) -> None:
    """Someone else signed up with Ana's address first: Ana's sign-up wins, by her mailbox."""
    squatter = app.test_client()
    squatter.post("/auth/signup", data={**NEW_SCHOOL, "name": "Squatter", "password": "squat-squat-77",
                                        "confirm": "squat-squat-77"})
    squatters_link = confirm_link(app, "ana@example.org")
    ana = app.test_client()
    ana.post("/auth/signup", data=NEW_SCHOOL)
    assert app.test_client().get(squatters_link).status_code == 404  # the older details' link is dead
    assert ana.get(confirm_link(app, "ana@example.org")).status_code == 302
    teacher = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    assert teacher.name == "Ana Rivera" and _count(User) == 1
    assert ana.post("/auth/signout").status_code == 302
    assert ana.post("/auth/signin", data={"login": "ana@example.org", "password": "lantern-harbor-9"}).status_code == 302


def test_an_administrator_confirms_a_teacher_where_no_mail_is_sent(app: Flask, client: FlaskClient, runner) -> None:
    client.post("/auth/signup", data=NEW_SCHOOL)
    result = runner.invoke(args=["confirm-teacher", "ANA@example.org"])
    assert result.exit_code == 0, result.output
    signin = client.post("/auth/signin", data={"login": "ana@example.org", "password": "lantern-harbor-9"})
    assert signin.status_code == 302
    assert runner.invoke(args=["confirm-teacher", "nobody@example.org"]).exit_code != 0
