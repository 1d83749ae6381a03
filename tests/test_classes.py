"""Classes: create, edit, archive, co-teach, join codes, joining, and the class page's matrix."""
from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import date, timedelta

import lxml.html
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.assignments.models import Assignment
from classroom.auth.models import User
from classroom.cases.services import add_event
from classroom.classes import services as classes
from classroom.classes.matrix import Matrix
from classroom.classes.models import Classroom, ClassTeacher, Enrolment
from classroom.extensions import db
from classroom.letters.models import STATE_LABELS, Letter

from .factories import PASSWORD, assign, make_case

NEW_CLASS = {"name": "7B Humanities", "band": "middle", "school_year": "2026–27",
             "signature_rule": "first_last_initial"}


# --- create, edit, archive ------------------------------------------------------------

@pytest.mark.parametrize("rule, shown", [
    ("first", "Maya"), ("first_last_initial", "Maya K."), ("full", "Maya Kowalski"), ("initials", "M. K."),
])
def test_teacher_creates_a_class_with_each_signature_rule(client: FlaskClient, make_teacher, login,
                                                          rule: str, shown: str) -> None:
    teacher = make_teacher()
    login(teacher)
    response = client.post("/classes/new", data={**NEW_CLASS, "signature_rule": rule})
    assert response.status_code == 302
    classroom = db.session.scalar(select(Classroom))
    assert (classroom.name, classroom.band, classroom.school_year, classroom.signature_rule) == (
        "7B Humanities", "middle", "2026–27", rule)
    assert classroom.school_id == teacher.school_id and classroom.join_code
    link = db.session.get(ClassTeacher, (classroom.id, teacher.id))
    assert link is not None and link.is_owner
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "7B Humanities" in page and f"signed “{shown}”" in page


@pytest.mark.parametrize("change, error", [
    ({"name": ""}, "Give the class a name."),
    ({"school_year": ""}, "Enter the school year."),
    ({"band": "toddler"}, "Not a valid choice"),
    ({"signature_rule": "nickname"}, "Not a valid choice"),
    ({"name": "x" * 121}, "120"),
])
def test_class_form_mistakes_are_shown_and_nothing_is_made(client: FlaskClient, make_teacher, login,
                                                           change: dict[str, str], error: str) -> None:
    login(make_teacher())
    response = client.post("/classes/new", data={**NEW_CLASS, **change})
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert db.session.scalar(select(Classroom)) is None


def test_teacher_edits_a_class(client: FlaskClient, make_class, login) -> None:
    classroom = make_class(name="7B", band="middle")
    teacher = classroom.teacher_links[0].teacher
    login(teacher)
    assert client.get(f"/classes/{classroom.id}/edit").status_code == 200
    response = client.post(f"/classes/{classroom.id}/edit", data={
        "name": "  8B Humanities ", "band": "high", "school_year": " 2027–28", "signature_rule": "initials",
        "join_requires_approval": "y"})
    assert response.status_code == 302
    db.session.refresh(classroom)
    assert (classroom.name, classroom.band, classroom.school_year, classroom.signature_rule) == (
        "8B Humanities", "high", "2027–28", "initials")
    assert classroom.join_requires_approval is True


def test_archived_class_is_read_only_and_its_code_stops_working(client: FlaskClient, make_class, login) -> None:
    classroom = make_class()
    code = classroom.join_code
    login(classroom.teacher_links[0].teacher)
    response = client.post(f"/classes/{classroom.id}/archive")
    assert response.status_code == 302
    db.session.refresh(classroom)
    assert classroom.is_archived and classroom.join_code is None
    assert client.get(f"/join/{code}").status_code == 404
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "This class is archived" in page and "Add student" not in page
    deletes_on = classroom.archived_at + timedelta(days=365)
    assert f"deleted automatically on {deletes_on.day} {deletes_on:%B %Y} (365 days after archiving)" in page
    for url, data in [(f"/classes/{classroom.id}/edit", {**NEW_CLASS}),
                      (f"/classes/{classroom.id}/students", {"given_name": "Late", "family_name": "Comer"}),
                      (f"/classes/{classroom.id}/code/rotate", {})]:
        refused = client.post(url, data=data)
        assert refused.status_code == 303, url
    assert db.session.scalar(select(User).where(User.name == "Late Comer")) is None
    db.session.refresh(classroom)
    assert classroom.name == "7B" and classroom.join_code is None
    client.post(f"/classes/{classroom.id}/restore")
    db.session.refresh(classroom)
    assert not classroom.is_archived


# --- co-teachers ----------------------------------------------------------------------

def test_co_teacher_from_the_same_school_gets_the_same_rights(client: FlaskClient, app, make_class,
                                                              make_teacher, login) -> None:
    classroom = make_class()
    owner = classroom.teacher_links[0].teacher
    colleague = make_teacher("Ben Okafor", email="ben@example.org", school=owner.school)
    ben = app.test_client()
    login(colleague, who=ben)
    assert ben.get(f"/classes/{classroom.id}").status_code == 404

    login(owner)
    response = client.post(f"/classes/{classroom.id}/teachers", data={"email": "BEN@example.org "})
    assert response.status_code == 302
    assert db.session.get(ClassTeacher, (classroom.id, colleague.id)) is not None

    assert "Ben Okafor" in ben.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert ben.post(f"/classes/{classroom.id}/students", data={"given_name": "Sam", "family_name": "Lee"}).status_code == 200
    assert ben.post(f"/classes/{classroom.id}/edit", data={**NEW_CLASS, "name": "7B (shared)"}).status_code == 302
    assert ben.post(f"/classes/{classroom.id}/code/rotate").status_code == 302
    assert ben.get(f"/classes/{classroom.id}/matrix.csv").status_code == 200
    assert ben.post(f"/classes/{classroom.id}/archive").status_code == 302
    db.session.refresh(classroom)
    assert classroom.name == "7B (shared)" and classroom.is_archived


def test_co_teacher_must_be_a_teacher_of_the_same_school(client: FlaskClient, make_class, make_teacher,
                                                         make_student, login) -> None:
    classroom = make_class()
    owner = classroom.teacher_links[0].teacher
    make_teacher("Far Away", email="far@example.org")  # another school
    student = make_student(classroom)
    login(owner)
    # Another school's teacher and nobody at all get the same answer (issue 11, finding 7).
    cases = [("far@example.org", "No teacher of your school has this email."),
             ("nobody@example.org", "No teacher of your school has this email."),
             (student.username, "Enter a valid email address."),
             (owner.email, "already teaches this class")]
    for email, message in cases:
        response = client.post(f"/classes/{classroom.id}/teachers", data={"email": email})
        assert response.status_code == 400, email
        assert message in response.get_data(as_text=True).replace("&#39;", "'"), email
    assert len(db.session.scalars(select(ClassTeacher)).all()) == 1


# --- join codes -------------------------------------------------------------------------

def test_join_code_shows_large_rotates_and_turns_off(client: FlaskClient, make_class, login) -> None:
    classroom = make_class(name="7B")
    login(classroom.teacher_links[0].teacher)
    old = classroom.join_code
    projector = client.get(f"/classes/{classroom.id}/code").get_data(as_text=True)
    assert f'<p class="projector-code" translate="no">{old[:3]} {old[3:]}</p>' in projector
    assert "/join/" in projector

    client.post(f"/classes/{classroom.id}/code/rotate")
    db.session.refresh(classroom)
    new = classroom.join_code
    assert new and new != old
    anonymous = client.application.test_client()
    assert anonymous.get(f"/join/{old}").status_code == 404
    assert anonymous.get(f"/join/{new}").status_code == 200
    # Typed as children type it: lower case, a space in the middle.
    typed = anonymous.post("/join/", data={"code": f" {new[:3].lower()} {new[3:]} "})
    assert typed.status_code == 302 and typed.headers["Location"].endswith(f"/join/{new}")

    client.post(f"/classes/{classroom.id}/code/off")
    db.session.refresh(classroom)
    assert classroom.join_code is None
    assert anonymous.get(f"/join/{new}").status_code == 404
    assert anonymous.post("/join/", data={"code": new}).status_code == 404
    assert "turned off" in client.get(f"/classes/{classroom.id}/code").get_data(as_text=True)
    client.post(f"/classes/{classroom.id}/code/rotate")  # turn on again
    db.session.refresh(classroom)
    assert classroom.join_code not in (None, old, new)


JOIN = {"given_name": "Leo", "family_name": "Park", "username": "leo.p", "password": "river-stone-58", "confirm": "river-stone-58"}


def test_student_joins_with_the_code_and_signs_in(app, make_class) -> None:
    classroom = make_class(name="7B Humanities")
    child = app.test_client()
    assert "Join 7B Humanities" in child.get(f"/join/{classroom.join_code}").get_data(as_text=True)
    response = child.post(f"/join/{classroom.join_code}", data=JOIN)
    assert response.status_code == 302
    student = db.session.scalar(select(User).where(User.username == "leo.p"))
    assert student.role == "student" and student.email is None and student.school_id == classroom.school_id
    assert db.session.get(Enrolment, (classroom.id, student.id)).status == "active"
    home = child.get("/").get_data(as_text=True)
    assert "Welcome to 7B Humanities!" in home and "Hello, Leo!" in home


@pytest.mark.parametrize("change, message", [
    ({"username": "leo@example.org"}, "Use 3 to 40 letters"),
    ({"username": "TAKEN.one"}, "That username is taken."),
    ({"username": "ab"}, "Use 3 to 40 letters"),
    ({"given_name": ""}, "Write your first name."),
    ({"confirm": "river-stone-59"}, "The two passwords are not the same."),
])
def test_join_refuses_bad_details(app, make_class, make_student, change: dict[str, str], message: str) -> None:
    classroom = make_class()
    make_student(classroom, name="Taken One", username="taken.one")
    child = app.test_client()
    response = child.post(f"/join/{classroom.join_code}", data={**JOIN, **change})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(classroom.enrolments) == 1


def test_teacher_approves_joins_when_the_class_asks_for_it(app, client: FlaskClient, make_class,
                                                           login) -> None:
    classroom = make_class(name="7B")
    classroom.join_requires_approval = True
    db.session.commit()
    teacher = classroom.teacher_links[0].teacher
    assignment = assign(classroom, make_case(), kinds=("solidarity",), by=teacher)
    child = app.test_client()
    child.post(f"/join/{classroom.join_code}", data=JOIN)
    student = db.session.scalar(select(User).where(User.username == "leo.p"))
    assert db.session.get(Enrolment, (classroom.id, student.id)).status == "pending"
    assert "Waiting for your teacher to let you into 7B" in child.get("/").get_data(as_text=True)
    assert child.get(f"/assignments/{assignment.id}").status_code == 404

    login(teacher)
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "Waiting to join (1)" in page and "leo.p" in page
    client.post(f"/classes/{classroom.id}/students/{student.id}/approve")
    assert db.session.get(Enrolment, (classroom.id, student.id)).status == "active"
    assert child.get(f"/assignments/{assignment.id}").status_code == 200


def test_an_archived_class_offers_no_let_in_button(app, client: FlaskClient, make_class, login) -> None:
    classroom = make_class(name="7B")
    classroom.join_requires_approval = True
    db.session.commit()
    app.test_client().post(f"/join/{classroom.join_code}", data=JOIN)
    login(classroom.teacher_links[0].teacher)
    assert "Let in" in client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    client.post(f"/classes/{classroom.id}/archive")
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "Waiting to join (1)" in page and "Let in" not in page and "Decline" in page


def test_a_signed_in_student_joins_a_second_class(app, make_class, make_student, login) -> None:
    first = make_class(name="7B")
    second = make_class(teacher=first.teacher_links[0].teacher, name="Debate club")
    student = make_student(first)
    child = app.test_client()
    login(student, who=child)
    assert "Join Debate club?" in child.get(f"/join/{second.join_code}").get_data(as_text=True)
    child.post(f"/join/{second.join_code}")
    assert db.session.get(Enrolment, (second.id, student.id)).status == "active"


def test_a_student_sees_only_their_own_classes(app, make_class, make_student, login) -> None:
    mine = make_class(name="7B Humanities")
    teacher = mine.teacher_links[0].teacher
    other = make_class(teacher=teacher, name="9C Citizenship", band="high")
    student = make_student(mine, name="Maya Kowalski", username="maya.k")
    make_student(other, name="Other Kid", username="other.kid")
    case = make_case()
    their_assignment = assign(other, case, kinds=("solidarity",), by=teacher)
    child = app.test_client()
    login(student, who=child)
    home = child.get("/").get_data(as_text=True)
    assert "7B Humanities" in home and "9C Citizenship" not in home
    assert child.get(f"/assignments/{their_assignment.id}").status_code == 404
    assert child.get(f"/classes/{mine.id}").status_code == 403
    assert child.get(f"/classes/{other.id}/matrix.csv").status_code == 403


# --- the class page: matrix, counts, news, CSV ------------------------------------------

def _letter(assignment: Assignment, student: User, state: str, kind: str = "solidarity",
            target_id: int | None = None) -> Letter:
    letter = Letter(assignment_id=assignment.id, student_id=student.id, kind=kind, target_id=target_id,
                    body="Dear friend, we are thinking of you.", version=1, state=state)
    db.session.add(letter)
    db.session.commit()
    return letter


def _page_matrix(html: str) -> dict[str, list[list[str]]]:
    """Student name -> for each assignment column, the state labels shown."""
    tree = lxml.html.fromstring(html)
    rows = {}
    for tr in tree.xpath('//table[contains(@class, "matrix")]/tbody/tr'):
        name = tr.xpath("./th")[0].text_content().strip()
        rows[name] = [[b.text_content().strip() for b in td.xpath('.//span[contains(@class, "badge")]')]
                      for td in tr.xpath("./td")]
    return rows


def test_matrix_on_the_page_matches_the_csv(client: FlaskClient, make_class, make_student,
                                            login) -> None:
    classroom = make_class(name="7B Humanities")
    teacher = classroom.teacher_links[0].teacher
    ana = make_student(classroom, name="Ana Alvarez", username="ana.a")
    ben = make_student(classroom, name="Ben Brown", username="ben.b")
    cho = make_student(classroom, name="Cho Chen", username="cho.c")
    make_student(classroom, name="Dev Das", username="dev.d")  # has written nothing
    first = assign(classroom, make_case(title="Student journalist detained"), kinds=("solidarity",), by=teacher)
    second_case = make_case(title="Defender threatened", summary="Kelly, a defender, was threatened.")
    second = assign(classroom, second_case, kinds=("solidarity", "appeal"), targets=[], by=teacher)
    target = second_case.letter_targets[0].id
    _letter(first, ana, "approved")
    _letter(first, ben, "submitted")
    _letter(first, cho, "changes_requested")
    _letter(second, ana, "draft")
    _letter(second, ben, "submitted")
    _letter(second, ben, "mailed", kind="appeal", target_id=target)
    _letter(second, cho, "printed")

    login(teacher)
    html = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    on_page = _page_matrix(html)
    response = client.get(f"/classes/{classroom.id}/matrix.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Student", "Username"]
    assert len(header) == 4
    in_csv = {row[0]: [[s.strip() for s in cell.split(";")] for cell in row[2:]] for row in body}
    assert in_csv == on_page
    assert set(on_page) == {"Ana Alvarez", "Ben Brown", "Cho Chen", "Dev Das"}
    # The page's column order is the CSV's column order: newest assignment first, by title.
    tree = lxml.html.fromstring(html)
    titles = [th.xpath(".//a")[0].text_content() for th in tree.xpath('//table[contains(@class, "matrix")]/thead/tr/th')[1:]]
    assert [h.split(" ", 2)[2] for h in header[2:]] == titles == ["Defender threatened", "Student journalist detained"]
    assert on_page["Ben Brown"][0] == ["Submitted", "Mailed"]
    assert on_page["Dev Das"] == [["Not started"], ["Not started"]]
    # Counts per state: every cell's states, counted.
    counts = {b.text_content().split(":")[0]: int(b.text_content().split(":")[1])
              for b in tree.xpath('//p[@class="counts"]/span')}
    assert counts == {"Not started": 2, "Draft": 1, "Submitted": 2, "Changes requested": 1, "Approved": 1,
                      "Printed": 1, "Mailed": 1}
    assert set(counts) <= set(STATE_LABELS.values())


def test_class_page_shows_updates_and_victories_of_its_cases(client: FlaskClient, make_class,
                                                             login) -> None:
    classroom = make_class()
    teacher = classroom.teacher_links[0].teacher
    case = make_case(title="Student journalist detained")
    assign(classroom, case, kinds=("solidarity",), by=teacher)
    assign(classroom, case, kinds=("appeal",), targets=[], by=teacher)  # the same case again, for appeals
    add_event(case, date(2026, 11, 2), "update", "Ana was moved to a prison near her family.", None)
    add_event(case, date(2026, 12, 1), "victory", "Ana Example was released!", None)
    untouched = make_case(title="A case nobody here wrote for")
    add_event(untouched, date(2026, 12, 1), "victory", "Someone else was released.", None)
    db.session.commit()
    login(teacher)
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "News from your cases" in page
    assert "Ana was moved to a prison near her family." in page and "Ana Example was released!" in page
    assert page.index("Ana Example was released!") < page.index("Ana was moved")  # newest first
    assert "Someone else was released." not in page
    assert page.count("Ana Example was released!") == 1


def test_usernames_are_friendly_and_unique(make_class) -> None:
    classroom = make_class()
    first = classes.add_student(classroom, "Maya Kowalski")
    second = classes.add_student(classroom, "Maya Kaur")
    third = classes.add_student(classroom, "Zoë")
    db.session.commit()
    assert (first.username, second.username) == ("maya.k", "maya.k2")
    assert third.username == "zoe"
    assert all("@" not in card.username for card in (first, second, third))
    student = db.session.scalar(select(User).where(User.username == "maya.k"))
    assert student.email is None


def test_student_signs_in_with_their_card_and_not_with_another_password(app, make_class) -> None:
    classroom = make_class()
    card = classes.add_student(classroom, "Maya Kowalski")
    db.session.commit()
    child = app.test_client()
    refused = child.post("/auth/signin", data={"login": card.username, "password": PASSWORD})
    assert refused.status_code != 302
    assert child.post("/auth/signin", data={"login": card.username, "password": card.password}).status_code == 302


def test_csv_exports_never_carry_a_formula(app, client: FlaskClient, make_class, login) -> None:
    """Students choose their own names when they join: a name must not run in the teacher's spreadsheet."""
    classroom = make_class()
    teacher = classroom.teacher_links[0].teacher
    assign(classroom, make_case(), kinds=("solidarity",), by=teacher)
    hostile = '=HYPERLINK("https://evil.example","Click")'
    app.test_client().post(f"/join/{classroom.join_code}", data={**JOIN, "given_name": hostile, "family_name": ""})
    app.test_client().post(f"/join/{classroom.join_code}",
                           data={**JOIN, "given_name": "@SUM(1+1)", "family_name": "", "username": "at.sum"})
    login(teacher)
    rows = list(csv.reader(io.StringIO(client.get(f"/classes/{classroom.id}/matrix.csv").get_data(as_text=True))))
    assert sorted(row[0] for row in rows[1:]) == ["'" + hostile, "'@SUM(1+1)"]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/classes/{classroom.id}/export.zip").data))
    students = list(csv.reader(io.StringIO(archive.read("students.csv").decode())))
    assert sorted(row[0] for row in students[1:]) == ["'" + hostile, "'@SUM(1+1)"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows + students for cell in row)
    assert hostile.replace('"', "&#34;") in client.get(f"/classes/{classroom.id}").get_data(as_text=True)


def test_the_print_button_shows_once_a_letter_is_approved_printed_or_mailed() -> None:
    for counts, printable in (({"draft": 2, "submitted": 1, "emailed": 3}, False), ({"approved": 1}, True),
                              ({"printed": 1}, True), ({"mailed": 1, "draft": 1}, True)):
        assert Matrix([], [], counts=Counter(counts)).has_printable is printable, counts
