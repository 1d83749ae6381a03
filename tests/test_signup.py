"""Teachers sign up, creating a school or joining one by code."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.auth.models import School, User
from classroom.extensions import db

NEW_SCHOOL = {
    "name": "Ana Rivera", "email": "ana@example.org", "password": "lantern-harbor-9", "confirm": "lantern-harbor-9",
    "school_choice": "create", "school_name": "Riverside School", "school_address": "12 Orchard Lane\nRiverside",
    "school_country": "United Kingdom", "page_size": "A4",
}


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def test_first_teacher_creates_the_school(client: FlaskClient) -> None:
    response = client.post("/auth/signup", data=NEW_SCHOOL)
    assert response.status_code == 302
    school = db.session.scalar(select(School))
    teacher = db.session.scalar(select(User))
    assert school.name == "Riverside School" and school.address_lines == ["12 Orchard Lane", "Riverside"]
    assert teacher.school_id == school.id and teacher.role == "teacher" and teacher.email == "ana@example.org"
    assert school.join_code in client.get("/schools/mine").get_data(as_text=True)


def test_second_teacher_joins_by_code(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    client.post("/auth/signup", data=NEW_SCHOOL)
    code = db.session.scalar(select(School.join_code))
    other = app.test_client()
    response = other.post("/auth/signup", data={
        "name": "Ben Okafor", "email": "ben@example.org", "password": "maple-comet-44", "confirm": "maple-comet-44",
        "school_choice": "join", "school_code": code.lower().replace("-", " - ")})
    assert response.status_code == 302
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
def test_bad_signup_shows_message_beside_field_and_saves_nothing(client: FlaskClient, change, error_id, message) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/auth/signup", data={**NEW_SCHOOL, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{error_id}"' in page
    assert message in page
    assert _count(User) == 0 and _count(School) == 0


def test_email_already_used(client: FlaskClient, make_teacher) -> None:  # type: ignore[no-untyped-def]
    make_teacher(email="ana@example.org")
    page = client.post("/auth/signup", data={**NEW_SCHOOL, "email": "ANA@example.org"}).get_data(as_text=True)
    assert "already exists" in page
    assert _count(User) == 1
