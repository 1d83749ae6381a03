"""Issue 12 findings checked over HTTP: starting without a choice, cases past their deadline."""
from __future__ import annotations

from sqlalchemy import func, select

from classroom.extensions import db
from classroom.letters.models import Letter

from .test_letters import page_text, world  # noqa: F401 (world is a fixture)


def test_start_writing_without_a_choice_asks_to_choose(world, client, login) -> None:
    login(world.student)
    response = client.post("/letters/new", data={"assignment_id": world.assignment.id, "scaffold": "y"},
                           follow_redirects=True)
    text = page_text(response)
    assert "Choose what you will write" in text
    assert "didn't ask for this kind" not in text
    assert f"/assignments/{world.assignment.id}" in response.request.path
    assert "Start writing" in text
    assert db.session.scalar(select(func.count(Letter.id))) == 0


def test_a_case_past_its_deadline_says_so_and_needs_a_reason_to_assign(client, clock, make_class, login) -> None:
    from datetime import UTC, date, datetime

    from classroom.assignments.models import Assignment
    from classroom.cases import services as cases

    from .factories import case_data
    from .test_assignments import _form

    clock.set(datetime(2026, 12, 4, 10, 0, tzinfo=UTC))
    case = cases.create_case(case_data(ua_number="UA 12.20", issue_date=date(2020, 1, 10),
                                       deadline=date(2020, 2, 21)), created_by=None)
    db.session.commit()
    classroom = make_class(band="middle")
    login(classroom.teacher_links[0].teacher)
    library = page_text(client.get(f"/cases/?class_id={classroom.id}"))
    assert '<span class="badge ">Deadline passed</span>' in library and '">Action needed</span>' not in library
    # The warning comes before assigning, with the reason field.
    form = page_text(client.get(f"/assignments/new?case_id={case.id}&class_id={classroom.id}"))
    assert "letters may arrive too late" in form and 'name="deadline_reason"' in form
    refused = client.post("/assignments/new", data=_form(case, classroom))
    assert refused.status_code == 200 and "write why" in page_text(refused)
    assert db.session.scalar(select(func.count(Assignment.id))) == 0
    done = client.post("/assignments/new", data=_form(case, classroom,
                                                      deadline_reason="We discuss what happened to her in class."))
    assert done.status_code == 302
    assert db.session.scalar(select(func.count(Assignment.id))) == 1


def test_sending_a_text_too_long_keeps_it_on_screen_with_the_message(world, client, login) -> None:
    from .factories import write

    letter = write(world.assignment, world.student, "Please release Ana Example.")
    login(world.student)
    long_text = "a\n" * 150
    response = client.post(f"/letters/{letter.id}/submit", data={"body": long_text, "base_version": letter.version})
    assert response.status_code == 400
    text = page_text(response)
    assert "at most 100 lines" in text and long_text in text
    db.session.rollback()
    fresh = db.session.get(Letter, letter.id, populate_existing=True)
    assert fresh is not None and fresh.state == "draft" and fresh.body == "Please release Ana Example."
