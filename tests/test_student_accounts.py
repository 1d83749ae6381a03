"""A teacher's power over a student account stays inside the teacher's school, and waiting
to join a class grants nothing (security review, issue 11, finding 1)."""
from __future__ import annotations

from flask.testing import FlaskClient

from classroom.once import new_token
from classroom import access
from classroom.auth.models import User
from classroom.classes.models import Enrolment
from classroom.extensions import db

from .factories import PASSWORD


def _schools_a_and_b(make_class, make_student, make_teacher):
    """Teacher A's class with Maya; teacher B (another school) with a class that approves joiners."""
    class_a = make_class(name="7A")
    teacher_a = class_a.teacher_links[0].teacher
    maya = make_student(class_a, name="Maya Kowalski", username="maya.k")
    class_b = make_class(teacher=make_teacher("Mr B"), name="Trap class")
    class_b.join_requires_approval = True
    db.session.commit()
    return class_a, teacher_a, maya, class_b, class_b.teacher_links[0].teacher


def _maya_asks_to_join(app, maya: User, class_b, login) -> None:
    child = app.test_client()
    login(maya, who=child)
    child.post(f"/join/{class_b.join_code}")
    assert db.session.get(Enrolment, (class_b.id, maya.id)).status == "pending"


def test_teacher_of_another_school_cannot_take_over_a_pending_joiner(app, client: FlaskClient, make_class,
                                                                     make_student, make_teacher, login) -> None:
    """The exact attack: B's class approves joiners, Maya of school A types its code, B resets her password."""
    _class_a, _, maya, class_b, teacher_b = _schools_a_and_b(make_class, make_student, make_teacher)
    _maya_asks_to_join(app, maya, class_b, login)
    login(teacher_b)
    assert client.post(f"/classes/{class_b.id}/students/{maya.id}/password").status_code == 404
    assert client.post(f"/classes/{class_b.id}/cards", data={"once": new_token()}).status_code == 200
    cards = client.post(f"/classes/{class_b.id}/cards.pdf", data={"username": "maya.k", "password": "x-y-z"})
    assert cards.status_code == 404
    # Her password still works, and nobody else's does.
    attacker = app.test_client()
    response = attacker.post("/auth/signin", data={"login": "maya.k", "password": PASSWORD})
    assert response.status_code == 302


def test_an_approved_joiner_of_another_school_stays_out_of_reach(app, client: FlaskClient, make_class,
                                                                 make_student, make_teacher, login) -> None:
    """Letting Maya in gives B's class her letters there, never her account."""
    class_a, _, maya, class_b, teacher_b = _schools_a_and_b(make_class, make_student, make_teacher)
    _maya_asks_to_join(app, maya, class_b, login)
    login(teacher_b)
    assert client.post(f"/classes/{class_b.id}/students/{maya.id}/approve").status_code == 302
    assert db.session.get(Enrolment, (class_b.id, maya.id)).status == "active"
    old_hash = db.session.get(User, maya.id).password_hash
    assert client.post(f"/classes/{class_b.id}/students/{maya.id}/password").status_code == 404
    page = client.post(f"/classes/{class_b.id}/cards", data={"once": new_token()}).get_data(as_text=True)
    assert "maya.k" not in page
    assert db.session.get(User, maya.id).password_hash == old_hash
    assert f"/students/{maya.id}/password" not in client.get(f"/classes/{class_b.id}").get_data(as_text=True)
    # Taking her out of B's class leaves her account and her school-A class alone.
    client.post(f"/classes/{class_b.id}/students/{maya.id}/remove")
    assert db.session.get(Enrolment, (class_b.id, maya.id)) is None
    assert db.session.get(Enrolment, (class_a.id, maya.id)) is not None


def test_declining_a_joiner_never_deletes_another_schools_account(app, client: FlaskClient, make_class,
                                                                  make_student, make_teacher, login) -> None:
    """Even when B's class is the only one she is in (or waiting for)."""
    class_a, _teacher_a, maya, class_b, teacher_b = _schools_a_and_b(make_class, make_student, make_teacher)
    _maya_asks_to_join(app, maya, class_b, login)
    db.session.delete(db.session.get(Enrolment, (class_a.id, maya.id)))
    db.session.commit()
    login(teacher_b)
    client.post(f"/classes/{class_b.id}/students/{maya.id}/remove")
    assert db.session.get(User, maya.id) is not None
    assert db.session.get(Enrolment, (class_b.id, maya.id)) is None


def test_the_rule_itself(app, make_class, make_student, make_teacher, login) -> None:
    """``access.can_manage_student``: own school and an active membership, both needed."""
    _class_a, teacher_a, maya, class_b, teacher_b = _schools_a_and_b(make_class, make_student, make_teacher)
    _maya_asks_to_join(app, maya, class_b, login)
    assert access.can_manage_student(teacher_a, maya)
    assert not access.can_manage_student(teacher_b, maya)  # pending, other school
    db.session.get(Enrolment, (class_b.id, maya.id)).status = "active"
    assert not access.can_manage_student(teacher_b, maya)  # active, other school
    # Same school, only waiting: nothing either.
    colleague_class = make_class(teacher=make_teacher("Ms C", school=teacher_a.school), name="Club")
    colleague = colleague_class.teacher_links[0].teacher
    db.session.add(Enrolment(class_id=colleague_class.id, student_id=maya.id, status="pending"))
    db.session.flush()
    assert not access.can_manage_student(colleague, maya)
    db.session.get(Enrolment, (colleague_class.id, maya.id)).status = "active"
    assert access.can_manage_student(colleague, maya)


def test_own_school_joiner_is_let_in_then_managed(app, client: FlaskClient, make_class, login) -> None:
    """The ordinary flow still works: a new child joins, waits, is let in, then gets a new password."""
    classroom = make_class(name="7B")
    classroom.join_requires_approval = True
    db.session.commit()
    app.test_client().post(f"/join/{classroom.join_code}",
                           data={"given_name": "Leo", "family_name": "Park", "username": "leo.p", "password": PASSWORD, "confirm": PASSWORD})
    leo = db.session.scalar(db.select(User).where(User.username == "leo.p"))
    login(classroom.teacher_links[0].teacher)
    assert client.post(f"/classes/{classroom.id}/students/{leo.id}/password").status_code == 404  # still waiting
    client.post(f"/classes/{classroom.id}/students/{leo.id}/approve")
    assert client.post(f"/classes/{classroom.id}/students/{leo.id}/password").status_code == 200
