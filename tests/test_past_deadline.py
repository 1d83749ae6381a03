"""A case past its deadline (issue 12, item 9): the teacher's reason for assigning it anyway is
kept and shown to teachers; students and teachers see that the deadline passed."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from classroom.assignments.models import Assignment
from classroom.cases import services as cases
from classroom.extensions import db

from .factories import case_data
from .test_assignments import _form
from .test_letters import page_text

REASON = "We discuss what happened to her in class."


def _old_case():
    case = cases.create_case(case_data(ua_number="UA 12.20", issue_date=date(2020, 1, 10),
                                       deadline=date(2020, 2, 21)), created_by=None)
    db.session.commit()
    return case


def test_the_reason_is_stored_and_shown_on_the_assignment_and_class_pages(app, client, make_class, make_student,
                                                                           login) -> None:
    case = _old_case()
    classroom = make_class(band="middle")
    teacher = classroom.teacher_links[0].teacher
    login(teacher)
    case_page = page_text(client.get(f"/cases/{case.id}?class_id={classroom.id}"))
    assert "The deadline of this case passed on" in case_page and "with a reason</a>" in case_page
    assert client.post("/assignments/new", data=_form(case, classroom, deadline_reason="ok")).status_code == 200
    done = client.post("/assignments/new", data=_form(case, classroom, deadline_reason=f"  {REASON} "))
    assert done.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert assignment.deadline_reason == REASON
    shown = page_text(client.get(f"/assignments/{assignment.id}"))
    assert "Deadline passed" in shown and f"You assigned it with this reason: “{REASON}”" in shown
    assert f"deadline passed: {REASON}" in page_text(client.get(f"/classes/{classroom.id}"))
    student = make_student(classroom)
    pupil = app.test_client()
    login(student, who=pupil)
    seen = page_text(pupil.get(f"/assignments/{assignment.id}"))
    assert "Deadline passed" in seen and "letters may arrive too late" in seen
    assert REASON not in seen  # the reason is the teachers'


def test_a_case_still_open_stores_no_reason(client, make_class, login) -> None:
    case = cases.create_case(case_data(deadline=date(2027, 3, 1)), created_by=None)
    db.session.commit()
    classroom = make_class(band="middle")
    login(classroom.teacher_links[0].teacher)
    assert client.post("/assignments/new", data=_form(case, classroom, deadline_reason=REASON)).status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert assignment.deadline_reason is None
    assert "Deadline passed" not in page_text(client.get(f"/assignments/{assignment.id}"))
