"""A school's time zone (issue 12, item 12): chosen at sign-up from the browser and on the school
page, and every page, PDF and email shows times in it, the editor's status line as the queue."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.auth.models import School
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.printing import batches, services

from . import factories as pw
from .clock import Clock
from .factories import PASSWORD, assign, make_case, write
from .printed import in_order, page_texts
from .test_alerts import SITE, body_of, mail_through, smtp, subscribe  # noqa: F401 (smtp is a fixture)
from .test_password_reset import reset_path
from .test_signup import NEW_SCHOOL

NNBSP = "\u202f"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def status_line(page: str) -> str:
    found = re.search(r'<p class="save-status" id="save-status"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no status line"
    return found.group(1).strip()


# --- choosing the zone ----------------------------------------------------------------------------------

def test_sign_up_gives_a_new_school_the_browsers_zone(app: Flask, client: FlaskClient) -> None:
    form = text_of(client.get("/auth/signup"))
    assert re.search(r'<input[^>]*data-browser-zone[^>]*name="time_zone"[^>]*value="UTC"|'
                     r'<input[^>]*name="time_zone"[^>]*data-browser-zone', form)
    assert client.post("/auth/signup", data={**NEW_SCHOOL, "time_zone": "America/Chicago"}).status_code == 200
    assert db.session.scalar(select(School.time_zone)) == "America/Chicago"


@pytest.mark.parametrize("sent", [None, "Mars/Olympus_Mons", "../../etc/passwd", "x" * 80])
def test_sign_up_without_a_known_zone_makes_a_utc_school(app: Flask, client: FlaskClient, sent: str | None) -> None:
    # Nobody can correct a hidden field: a browser without JavaScript (or with an odd answer)
    # still signs up, and the school is in UTC until the school page says otherwise.
    data = {**NEW_SCHOOL, **({"time_zone": sent} if sent is not None else {})}
    response = client.post("/auth/signup", data=data)
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert db.session.scalar(select(School.time_zone)) == "UTC"


def test_the_school_page_changes_the_zone_and_refuses_an_unknown_one(app: Flask, client: FlaskClient,
                                                                      teacher) -> None:
    school = teacher.school
    page = text_of(client.get("/schools/mine"))
    assert '<optgroup label="America">' in page and '<option value="America/Chicago">Chicago</option>' in page
    assert '<option selected value="UTC">UTC</option>' in page
    details = {"name": school.name, "address": school.address, "country": school.country, "page_size": "A4",
               "locale": "en-GB", "mailing_allowance_days": 7}
    bad = client.post("/schools/mine", data={**details, "time_zone": "Atlantis/Capital"})
    assert bad.status_code == 200 and "“Atlantis/Capital” is not a time zone we know" in text_of(bad)
    assert db.session.get(School, school.id, populate_existing=True).time_zone == "UTC"
    good = client.post("/schools/mine", data={**details, "time_zone": "Asia/Tokyo"})
    assert good.status_code == 302
    assert db.session.get(School, school.id, populate_existing=True).time_zone == "Asia/Tokyo"
    assert '<option selected value="Asia/Tokyo">Tokyo</option>' in text_of(client.get("/schools/mine"))


# --- the queue and the editor agree ---------------------------------------------------------------------

@pytest.fixture
def chicago(app: Flask, make_teacher, make_class, make_student):
    """A class in Chicago whose student has started a letter; (teacher, student, letter)."""
    teacher = make_teacher("Ms Rivera")
    teacher.school.time_zone = "America/Chicago"
    classroom = make_class(teacher)
    student = make_student(classroom, name="Maya Kowalski", username="maya")
    letter = write(assign(classroom, make_case()), student, "Dear Minister, please free Ana.")
    return teacher, student, letter


@pytest.mark.parametrize(("locale", "shown"), [("en-GB", "15:38"), ("en-US", f"3:38{NNBSP}PM")])
def test_the_editor_and_the_review_queue_say_the_same_local_time(app: Flask, client: FlaskClient, login, clock: Clock,
                                                                  chicago, locale: str, shown: str) -> None:
    teacher, student, letter = chicago
    teacher.school.locale = locale
    db.session.commit()
    clock.set("2026-12-04 21:38:05", tick=False)
    login(student)
    saved = client.put(f"/letters/{letter.id}/draft", json={"body": "Dear Minister, please free Ana now.",
                                                            "base_version": letter.version})
    assert saved.status_code == 200
    assert saved.json["saved_at"] == "2026-12-04T21:38:05Z"  # kept for older scripts
    assert saved.json["saved_at_text"] == shown
    # The same text again takes the full path (nothing to write): the same answer.
    again = client.put(f"/letters/{letter.id}/draft", json={"body": "Dear Minister, please free Ana now.",
                                                            "base_version": saved.json["version"]})
    assert again.status_code == 200 and again.json["saved_at_text"] == shown
    # After a reload the status line still says when.
    assert status_line(text_of(client.get(f"/letters/{letter.id}"))) == f"Saved at {shown}"
    assert client.post(f"/letters/{letter.id}/submit").status_code in (200, 302)

    reviewer = app.test_client()
    login(teacher, who=reviewer)
    queue = text_of(reviewer.get(f"/review/classes/{letter.assignment.class_id}"))
    written = "December 4, 2026" if locale == "en-US" else "4 December 2026"
    assert f"{written}, {shown}" in queue
    assert "21:38" not in queue and "UTC" not in queue


def test_a_school_in_utc_says_utc_in_both(app: Flask, client: FlaskClient, login, clock: Clock,
                                          chicago) -> None:
    teacher, student, letter = chicago
    teacher.school.time_zone = "UTC"
    db.session.commit()
    clock.set("2026-12-04 21:38", tick=False)
    login(student)
    saved = client.put(f"/letters/{letter.id}/draft", json={"body": "Changed.", "base_version": letter.version})
    assert saved.json["saved_at_text"] == "21:38 UTC"
    letters.submit(letter, student)
    db.session.commit()
    reviewer = app.test_client()
    login(teacher, who=reviewer)
    assert "4 December 2026, 21:38 UTC" in text_of(reviewer.get(f"/review/classes/{letter.assignment.class_id}"))


def test_after_a_reload_an_older_save_names_its_day(app: Flask, client: FlaskClient, login, clock: Clock,
                                                    chicago) -> None:
    _, student, letter = chicago
    clock.set("2026-12-05 04:30", tick=False)  # 22:30 on 4 December in Chicago
    login(student)
    client.put(f"/letters/{letter.id}/draft", json={"body": "Late at night.", "base_version": letter.version})
    clock.set("2026-12-05 14:00", tick=False)  # 08:00 the next morning there
    assert status_line(text_of(client.get(f"/letters/{letter.id}"))) == "Saved on 4 December 2026, 22:30"


def test_a_page_showing_unsaved_text_does_not_say_saved(app: Flask, client: FlaskClient, login,
                                                         chicago) -> None:
    _, student, letter = chicago
    login(student)
    conflict = client.post(f"/letters/{letter.id}", data={"body": "Typed on an old version.", "base_version": 1})
    assert conflict.status_code == 409
    assert status_line(text_of(conflict)) == ""


# --- printed letters, batches and emails ----------------------------------------------------------------

@pytest.mark.parametrize(("zone", "approved_at", "printed"), [
    ("America/Los_Angeles", "2026-12-05 03:30", "4 December 2026"),  # 19:30 on the 4th in Los Angeles
    ("Pacific/Auckland", "2026-12-04 20:00", "5 December 2026"),     # 09:00 on the 5th in Auckland
    ("UTC", "2026-12-05 03:30", "5 December 2026"),
])
def test_a_letter_is_dated_the_schools_local_day(app: Flask, clock: Clock, zone: str, approved_at: str,
                                                 printed: str) -> None:
    world = pw.make_world()
    world.school.time_zone = zone
    classroom = pw.add_class(world)
    student = pw.add_student(world, classroom, "Maya Kowalski")
    letter = pw.written(pw.assign(classroom, pw.make_case()), student, "Please release Ana Example.")
    clock.set(approved_at, tick=False)
    pw.approve(letter, world.teacher)
    assert services.document(letter).date_text == printed
    assert in_order(page_texts(services.letter_pdf(letter))[0], ["United Kingdom", printed, "Minister"])


def test_a_draft_preview_and_the_cover_sheet_are_dated_today_where_the_school_is(app: Flask, clock: Clock) -> None:
    world = pw.make_world(locale="en-US")
    world.school.time_zone = "Pacific/Kiritimati"
    classroom = pw.add_class(world)
    student = pw.add_student(world, classroom, "Maya Kowalski")
    letter = pw.write(pw.assign(classroom, pw.make_case()), student, "Please release Ana Example.")
    clock.set("2026-12-04 10:00", tick=False)  # midnight on the 5th at UTC+14
    assert services.document(letter).date_text == "December 5, 2026"
    batch = batches.create(world.school, world.coordinator, [pw.approve(pw.written(
        letter.assignment, pw.add_student(world, classroom, "Ben Brook"), "Free her."), world.teacher)], "7B", False)
    db.session.commit()
    assert "December 5, 2026" in page_texts(batches.batch_pdf(batch))[0]


def test_a_batch_printed_on_a_given_day_shows_that_day(app: Flask, client: FlaskClient, clock: Clock) -> None:
    world = pw.make_world()
    world.school.time_zone = "America/Chicago"
    classroom = pw.add_class(world)
    student = pw.add_student(world, classroom, "Maya Kowalski")
    letter = pw.approve(pw.written(pw.assign(classroom, pw.make_case()), student, "Free her."), world.teacher)
    batch = batches.create(world.school, world.coordinator, [letter], "7B", False)
    batches.mark_printed(batch, world.coordinator, date(2026, 12, 3))
    db.session.commit()
    client.post("/auth/signin", data={"login": world.coordinator.email, "password": PASSWORD})
    assert "Printed 3 December 2026" in text_of(client.get(f"/printing/batches/{batch.id}"))


@pytest.fixture
def app_config(request: pytest.FixtureRequest) -> dict[str, object]:
    """Mail through the loopback server for the tests that ask for ``smtp``."""
    if "smtp" not in request.fixturenames:
        return {"SITE_URL": SITE}
    return mail_through(request.getfixturevalue("smtp"), "accounts@w4r.school.example")


def test_the_reset_email_says_until_when_in_the_schools_zone(app: Flask, client: FlaskClient, smtp, clock: Clock,
                                                             make_teacher) -> None:
    teacher = make_teacher("Ms Ana Rivera", email="rivera@example.org")
    teacher.school.time_zone = "Asia/Tokyo"
    db.session.commit()
    clock.set("2026-12-04 10:00", tick=False)
    client.post("/auth/forgot", data={"email": "rivera@example.org"})
    reset_path(smtp, "rivera@example.org")  # the email arrived
    [(_, message)] = smtp.received
    assert "works once, for 60 minutes: until 20:00)" in body_of(message)  # 11:00 UTC is 20:00 in Tokyo


def test_the_digest_dates_each_item(app: Flask, smtp, make_teacher, make_class) -> None:
    from classroom.network import alerts

    teacher = make_teacher(name="Ana Rivera", email="ana@school.example")
    teacher.school.locale = "en-US"
    make_class(teacher, band="middle")
    subscribe(teacher, all_cases=True, email=True, frequency="immediately")
    make_case(ua_number="UA 60.26", title="Student journalist detained", issue_date=date(2026, 11, 9))
    assert alerts.send_digests().sent == 1
    [(_, message)] = smtp.received
    assert "Student journalist detained (UA 60.26, Examplestan), November 9, 2026" in body_of(message)
