"""Given and family names kept apart (issue 15; issue 18's 王 小明 → not "王 小.")."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from classroom.auth.models import User
from classroom.classes import roster, services
from classroom.classes.services import signature, signature_of
from classroom.extensions import db


@pytest.mark.parametrize("given, family, family_first, rule, signed", [
    ("Maya", "Kowalski", False, "first", "Maya"),
    ("Maya", "Kowalski", False, "first_last_initial", "Maya K."),
    ("Maya", "Kowalski", False, "full", "Maya Kowalski"),
    ("Maya", "Kowalski", False, "initials", "M. K."),
    ("小明", "王", True, "first", "小明"),
    ("小明", "王", True, "first_last_initial", "小明 王."),
    ("小明", "王", True, "full", "王 小明"),
    ("María", "García López", False, "first_last_initial", "María G."),
    ("Anna", "Nagy", True, "full", "Nagy Anna"),
    ("Anna", "Nagy", True, "initials", "N. A."),
    ("Cher", "", False, "first_last_initial", "Cher"),
])
def test_signature_reads_the_parts_not_the_written_order(given: str, family: str, family_first: bool,
                                                         rule: str, signed: str) -> None:
    assert signature(given, family, rule, family_first) == signed


def test_a_family_first_student_signs_with_the_given_name(app: Flask, make_class) -> None:
    classroom = make_class(signature_rule="first_last_initial")
    card = services.add_student(classroom, "小明", family="王", family_first=True)
    student = db.session.scalar(select(User).where(User.username == card.username))
    assert (student.name, student.given_name, student.family_name) == ("王 小明", "小明", "王")
    assert card.name == "王 小明" and card.username == "xiaoming.w"
    assert signature_of(student, "first_last_initial") == "小明 王."
    assert student.first_name == "小明"


def test_roster_guesses_family_first_for_chinese_names_and_the_teacher_can_change_it(app: Flask) -> None:
    result = roster.preview("Name\n王 小明\n李 娜\n", rule="first")
    assert result.ok and result.order == "family_first"
    assert [(r.given, r.family, r.name, r.username) for r in result.rows] == [
        ("小明", "王", "王 小明", "xiaoming"), ("娜", "李", "李 娜", "nastuden")]  # short usernames are padded
    latin = roster.preview("Name\nNagy Anna\nKiss Péter\n", rule="first_last_initial", order="family_first")
    assert [(r.given, r.family, r.username) for r in latin.rows] == [("Anna", "Nagy", "anna.n"), ("Péter", "Kiss", "peter.k")]
    assert roster.preview("Name\nMaya Kaur\n").order == "given_first"


@pytest.mark.parametrize("text_, roles, expected", [
    ("First name,Last name\nMaya,Kaur\n", None, ("Maya", "Kaur", "maya.k")),
    ("Student\n\"Kaur, Maya\"\n", ["family_given"], ("Maya", "Kaur", "maya.k")),
    ("Full name\nMaya Kaur Singh\n", None, ("Maya", "Kaur Singh", "maya.k")),
    ("Vorname\nMaya\n", None, ("Maya", "", "maya")),
])
def test_every_kind_of_name_column_gives_given_and_family(app: Flask, text_: str, roles, expected) -> None:
    result = roster.preview(text_, roles, rule="first_last_initial")
    assert result.ok, (result.mapping_problem, [r.problems for r in result.bad_rows])
    row = result.rows[0]
    assert (row.given, row.family, row.username) == expected


def test_the_class_page_adds_a_student_in_parts(client: FlaskClient, make_class, login) -> None:
    classroom = make_class(name="7B")
    login(classroom.teacher_links[0].teacher)
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "Given name (first name)" in page and "Family name (surname)" in page and "The name is written" in page
    client.post(f"/classes/{classroom.id}/students",
                data={"given_name": "Anna", "family_name": "Nagy", "name_order": "family_first"})
    student = db.session.scalar(select(User).where(User.role == "student"))
    assert (student.name, student.username, student.family_first) == ("Nagy Anna", "anna.n", True)
    assert "Nagy Anna" in client.get(f"/classes/{classroom.id}").get_data(as_text=True)


def test_migration_splits_existing_names_at_the_first_word(app: Flask, make_class, make_student) -> None:
    classroom = make_class()
    ids = [make_student(classroom, name=name).id for name in ("María García López", "Cher", "Leo Park")]
    db.session.remove()
    downgrade(revision="0010_letter_language")
    upgrade()
    rows = db.session.execute(select(User.given_name, User.family_name, User.family_first, User.name)
                              .where(User.id.in_(ids)).order_by(User.id)).all()
    assert [tuple(row) for row in rows] == [("María", "García López", False, "María García López"),
                                             ("Cher", "", False, "Cher"), ("Leo", "Park", False, "Leo Park")]
    assert db.session.execute(text("SELECT count(*) FROM users WHERE given_name = ''")).scalar() == 0
