"""Sign-up (issue 12, item 7): no school choice is made for the teacher, the part of the form
they filled in decides, and a mistake elsewhere keeps everything typed, passwords included."""
from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.auth.models import School
from classroom.extensions import db

from .test_signup import NEW_SCHOOL


def test_no_choice_is_preselected(client: FlaskClient) -> None:
    page = client.get("/auth/signup").get_data(as_text=True)
    assert 'name="school_choice"' in page and "checked" not in page


def test_filling_the_new_school_fields_without_choosing_creates_the_school(client: FlaskClient) -> None:
    data = {k: v for k, v in NEW_SCHOOL.items() if k != "school_choice"}
    response = client.post("/auth/signup", data=data)
    assert "Check your email" in response.get_data(as_text=True)
    assert [s.name for s in db.session.scalars(select(School))] == ["Riverside School"]


def test_with_nothing_to_go_by_it_asks_and_keeps_the_passwords(client: FlaskClient) -> None:
    data = {k: v for k, v in NEW_SCHOOL.items() if not k.startswith("school")}
    page = client.post("/auth/signup", data=data).get_data(as_text=True)
    assert "Choose how to add your school" in page and "Enter the school code" not in page
    assert page.count('value="lantern-harbor-9"') == 2, "both passwords are kept"
    assert 'value="Ana Rivera"' in page
