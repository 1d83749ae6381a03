"""Teachers reset a forgotten password by email (issue 12, item 13): a signed link that works
once and for an hour, the same answer whether or not an account exists, a limit per mailbox
and per network address; mail goes through a real SMTP server on loopback."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classroom.auth.models import User
from classroom.extensions import db

from .clock import Clock
from .factories import PASSWORD
from .test_alerts import SITE, Inbox, body_of, mail_through, smtp  # noqa: F401 (smtp is a fixture)

NEW = "quiet-lantern-orbit-7"


@pytest.fixture
def app_config(smtp: Inbox) -> dict[str, object]:
    """The app mails through the loopback server."""
    return mail_through(smtp, "accounts@w4r.school.example")


def reset_path(smtp: Inbox, to: str) -> str:
    """The path of the newest reset link mailed to ``to``."""
    body = next(body_of(m) for rcpts, m in reversed(smtp.received) if rcpts == [to])
    found = re.search(re.escape(SITE) + r"(/auth/reset/\S+)", body)
    assert found, body
    return found.group(1)


def _without_token(response) -> str:
    return "\n".join(line for line in response.get_data(as_text=True).splitlines() if "csrf_token" not in line)


def test_a_teacher_resets_their_password_with_the_emailed_link_once(
        app: Flask, client: FlaskClient, smtp: Inbox, make_teacher) -> None:
    make_teacher("Ms Ana Rivera", email="rivera@example.org")
    other_device = app.test_client()
    other_device.post("/auth/signin", data={"login": "rivera@example.org", "password": PASSWORD})
    assert other_device.get("/auth/password").status_code == 200

    sent = client.post("/auth/forgot", data={"email": " Rivera@Example.org "})
    assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
    [(recipients, message)] = smtp.received
    assert recipients == ["rivera@example.org"] and message["Subject"] == "Write for Rights: Choose a new password"
    assert "works once, for 60 minutes" in body_of(message)
    path = reset_path(smtp, "rivera@example.org")

    form = client.get(path)
    assert form.status_code == 200 and "rivera@example.org" in form.get_data(as_text=True)
    weak = client.post(path, data={"password": "password1", "confirm": "password1"})
    assert weak.status_code == 200 and "too common" in weak.get_data(as_text=True)
    done = client.post(path, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and client.get("/auth/password").status_code == 200  # signed in
    assert other_device.get("/auth/password").status_code == 302, "other devices are signed out"

    # The link is spent; the old password is gone, the new one works.
    assert client.get(path).status_code == 404
    assert app.test_client().post(path, data={"password": "another-fine-word-3", "confirm": "another-fine-word-3"}).status_code == 404
    fresh = app.test_client()
    assert fresh.post("/auth/signin", data={"login": "rivera@example.org", "password": PASSWORD}).status_code == 200
    assert fresh.post("/auth/signin", data={"login": "rivera@example.org", "password": NEW}).status_code == 302


def test_the_link_dies_after_an_hour_and_a_forged_one_never_works(
        client: FlaskClient, smtp: Inbox, make_teacher, clock: Clock) -> None:
    make_teacher(email="rivera@example.org")
    client.post("/auth/forgot", data={"email": "rivera@example.org"})
    path = reset_path(smtp, "rivera@example.org")
    clock.advance(minutes=59)
    assert client.get(path).status_code == 200
    clock.advance(minutes=2)
    expired = client.get(path)
    assert expired.status_code == 404 and "Ask for a new link" in expired.get_data(as_text=True)
    assert client.get(path[:-3] + "abc").status_code == 404
    assert client.get("/auth/reset/" + "x" * 300).status_code == 404


def test_the_answer_is_the_same_for_an_unknown_email_and_a_student_gets_nothing(
        client: FlaskClient, smtp: Inbox, make_teacher, make_student, clock: Clock) -> None:
    make_teacher(email="rivera@example.org")
    make_student(username="maya.k")
    clock.set(clock.now(), tick=False)  # both pages at one moment: each carries a time-stamped token
    known = client.post("/auth/forgot", data={"email": "rivera@example.org"})
    unknown = client.post("/auth/forgot", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _without_token(known).replace("rivera@example.org", "X") == _without_token(unknown).replace("nobody@example.org", "X")
    assert [r for r, _ in smtp.received] == [["rivera@example.org"]]
    # A username is not an email: the form says so and sends nothing.
    student = client.post("/auth/forgot", data={"email": "maya.k"})
    assert "Enter a valid email address." in student.get_data(as_text=True) and len(smtp.received) == 1


def test_one_mailbox_gets_at_most_three_links_an_hour_and_the_page_never_says_so(
        client: FlaskClient, smtp: Inbox, make_teacher, clock: Clock) -> None:
    make_teacher(email="rivera@example.org")
    answers = [client.post("/auth/forgot", data={"email": "rivera@example.org"}) for _ in range(5)]
    assert all(a.status_code == 200 and "Check your email" in a.get_data(as_text=True) for a in answers)
    assert len(smtp.received) == 3
    clock.advance(minutes=61)
    client.post("/auth/forgot", data={"email": "rivera@example.org"})
    assert len(smtp.received) == 4


def test_one_network_address_may_ask_ten_times_an_hour(client: FlaskClient, smtp: Inbox) -> None:
    for n in range(10):
        assert client.post("/auth/forgot", data={"email": f"someone{n}@example.org"}).status_code == 200
    assert client.post("/auth/forgot", data={"email": "more@example.org"}).status_code == 429


def test_a_newer_link_or_a_changed_password_ends_older_links(
        app: Flask, client: FlaskClient, smtp: Inbox, make_teacher, login) -> None:
    teacher = make_teacher(email="rivera@example.org")
    client.post("/auth/forgot", data={"email": "rivera@example.org"})
    first = reset_path(smtp, "rivera@example.org")
    login(teacher)
    client.post("/auth/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert client.get(first).status_code == 404


def test_an_unconfirmed_teacher_who_resets_is_confirmed(client: FlaskClient, smtp: Inbox, make_school) -> None:
    from classroom.auth import services
    services.create_teacher("New Teacher", "new@example.org", PASSWORD, make_school(), confirmed=False)
    db.session.commit()
    client.post("/auth/forgot", data={"email": "new@example.org"})
    client.post(reset_path(smtp, "new@example.org"), data={"password": NEW, "confirm": NEW})
    user = db.session.query(User).filter_by(email="new@example.org").one()
    assert user.email_confirmed_at is not None
