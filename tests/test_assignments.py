"""Assignments: the age gate and its override policy, deadlines, closed cases, and what
teachers and students see."""
from __future__ import annotations

from datetime import date, timedelta

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom import bands
from classroom.assignments import services
from classroom.assignments.models import Assignment
from classroom.cases.age_gate import age_gate
from classroom.cases.services import add_event, decide_band
from classroom.classes.services import archive
from classroom.clock import today
from classroom.extensions import db

from .factories import MINISTER, make_case

HARD_SUMMARY = ("Ana Example was detained. Guards tortured her in custody and she now faces the death penalty.")


@pytest.fixture
def hard_case(app):
    """A case rated high school and up, for torture and the death penalty."""
    return make_case(title="Journalist in danger", summary=HARD_SUMMARY,
                     student_summaries={"high": "Ana is in prison. A court may sentence her to death."})


def _check(classroom, case, **kwargs):
    args = {"kinds": ["solidarity"], "target_ids": [], "lesson_slugs": [], "due": None, "override_reason": ""}
    args.update(kwargs)
    return services.check(classroom, case, **args)


# --- the age gate (cases.age_gate) -----------------------------------------------------------

def test_age_gate_gives_the_notes_and_phrases_above_the_class_band(hard_case) -> None:
    assert hard_case.min_band == "high"
    gate = age_gate(hard_case, "middle")
    assert not gate.allowed
    assert [(r["note"], r["phrases"]) for r in gate.reasons] == [("torture", ["tortured"]),
                                                                  ("death_penalty", ["death penalty"])]
    assert "Torture or ill-treatment (“tortured”)" in gate.message
    assert "Death penalty (“death penalty”)" in gate.message
    assert "Detention" not in gate.message  # detention suits elementary: not a reason
    assert "Middle school" in gate.message and "High school and up" in gate.message
    assert age_gate(hard_case, "elementary").reasons == gate.reasons


def test_age_gate_allows_bands_at_or_above_the_case(make_teacher) -> None:
    case, curator = make_case(), make_teacher(curator=True)
    for case_band in bands.BAND_KEYS:
        decide_band(case, case_band, "Set for the test of every band pair.", curator)
        for class_band in bands.BAND_KEYS:
            gate = age_gate(case, class_band)
            assert gate.allowed is (bands.rank(class_band) >= bands.rank(case_band)), (case_band, class_band)
            assert (gate.message == "") is gate.allowed


def test_age_gate_explains_a_curators_decision_without_notes(make_teacher) -> None:
    case = make_case(title="A journalist's story", summary="Ana Example wrote about a protest.",
                     student_summaries={})
    assert case.content_notes == [] and case.min_band == "elementary"
    decide_band(case, "high", "The background describes events too distressing for younger students.",
                make_teacher(curator=True))
    gate = age_gate(case, "middle")
    assert not gate.allowed and gate.reasons == ()
    assert "by a curator's decision" in gate.message


def test_identity_never_raises_the_band(app: Flask) -> None:
    case = make_case(title="Community leader", student_summaries={},
                     summary="Ana, a transgender Indigenous woman, leads a peaceful campaign for her community.")
    assert case.min_band == "elementary" and case.content_notes == []
    assert age_gate(case, "elementary").allowed


# --- services.check: every rule in one place ------------------------------------------------

def test_check_accepts_a_suitable_case(make_class) -> None:
    outcome = _check(make_class(band="elementary"), make_case())
    assert outcome.ok and outcome.errors == {} and outcome.warnings == [] and not outcome.override_used


def test_check_refuses_a_case_above_the_band_when_the_school_allows_no_override(make_class, hard_case) -> None:
    classroom = make_class(band="middle")
    assert classroom.school.allow_age_override is False
    outcome = _check(classroom, hard_case, override_reason="My class has studied this topic carefully before.")
    assert not outcome.ok and not outcome.override_used
    assert "tortured" in outcome.errors["case"] and "death penalty" in outcome.errors["case"]
    assert "Choose a case suitable for the class." in outcome.errors["case"]


@pytest.mark.parametrize("reason, ok", [
    ("", False), ("   ", False), ("Because.", False), ("x" * (services.MIN_OVERRIDE_REASON - 1), False),
    ("  short   reason ", False),
    ("x" * services.MIN_OVERRIDE_REASON, True),
    ("Year 8 studied the death penalty in history; parents were told.", True),
])
def test_override_needs_the_school_policy_and_a_written_reason(make_class, hard_case, reason: str, ok: bool) -> None:
    classroom = make_class(band="middle")
    classroom.school.allow_age_override = True
    db.session.commit()
    outcome = _check(classroom, hard_case, override_reason=reason)
    assert outcome.ok is ok and outcome.override_used is ok
    if not ok:
        assert "write why it suits this class" in outcome.errors["override_reason"]
        assert "tortured" in outcome.errors["override_reason"]


def test_override_is_only_needed_above_the_band(make_class) -> None:
    classroom = make_class(band="high")
    classroom.school.allow_age_override = True
    db.session.commit()
    outcome = _check(classroom, make_case(), override_reason="No reason needed here at all.")
    assert outcome.ok and not outcome.override_used


def test_check_refuses_a_closed_case(make_class) -> None:
    case = make_case()
    add_event(case, date(2026, 12, 1), "closed", "The case is closed.", None)
    outcome = _check(make_class(), case)
    assert outcome.errors["case"] == "This case is closed: it takes no new letters, so it can't be assigned."


def test_check_refuses_an_archived_class(make_class) -> None:
    classroom = make_class()
    archive(classroom)
    assert "archived" in _check(classroom, make_case()).errors["case"]


@pytest.mark.parametrize("kwargs, field, message", [
    ({"kinds": []}, "letter_kinds", "Choose at least one kind of letter."),
    ({"kinds": ["appeal"], "target_ids": []}, "target_ids", "Choose at least one official"),
    ({"kinds": ["appeal"], "target_ids": [999_999]}, "target_ids", "Choose officials of this case."),
    ({"lesson_slugs": ["no-such-lesson"]}, "lesson_slugs", "Choose lessons from the list."),
    ({"due": date(2020, 1, 1)}, "due_date", "The due date is in the past."),
])
def test_check_names_each_mistake(make_class, kwargs, field: str, message: str) -> None:
    outcome = _check(make_class(), make_case(), **kwargs)
    assert message in outcome.errors[field]


def test_appeal_needs_a_case_with_officials(make_class) -> None:
    case = make_case(targets=[])
    outcome = _check(make_class(), case, kinds=["appeal"])
    assert "names no official" in outcome.errors["letter_kinds"]


# --- the deadline warning ------------------------------------------------------------------

def test_deadline_warning_uses_the_schools_mailing_allowance(app: Flask) -> None:
    case = make_case(deadline=date(2027, 3, 1))
    latest = date(2027, 2, 22)  # seven days before
    assert services.deadline_warning(case, latest, 7) is None
    warning = services.deadline_warning(case, latest + timedelta(days=1), 7)
    assert warning is not None
    assert "22 February 2027" in warning and "1 March 2027" in warning and "7 days" in warning
    assert services.deadline_warning(case, latest, 14) is not None
    assert services.deadline_warning(case, date(2027, 2, 15), 14) is None
    assert services.deadline_warning(case, None, 7) is None
    assert services.deadline_warning(make_case(deadline=None), date(2030, 1, 1), 7) is None


def test_check_warns_but_does_not_refuse_a_late_due_date(make_class) -> None:
    classroom = make_class()
    case = make_case(deadline=today() + timedelta(days=10))
    on_time = _check(classroom, case, due=today() + timedelta(days=3))
    late = _check(classroom, case, due=today() + timedelta(days=4))
    assert on_time.ok and on_time.warnings == []
    assert late.ok and len(late.warnings) == 1 and "Letters may arrive too late." in late.warnings[0]
    classroom.school.mailing_allowance_days = 2
    db.session.commit()
    assert _check(classroom, case, due=today() + timedelta(days=4)).warnings == []


# --- through HTTP --------------------------------------------------------------------------

def _checked(page: str) -> set[tuple[str, str]]:
    """(name, value) of every checked box on the page."""
    return {(box.name, box.value) for box in lxml.html.fromstring(page).xpath("//input[@checked]")}


def _form(case, classroom, **extra):
    data = {"case_id": str(case.id), "class_id": str(classroom.id), "letter_kinds": ["appeal", "solidarity"],
            "target_ids": [str(t.id) for t in case.letter_targets], "lesson_slugs": ["writing-an-appeal"],
            "instructions": "Write by Friday.", "due_date": ""}
    data.update(extra)
    return data


def test_assignment_form_defaults_to_what_suits_the_class(client: FlaskClient, make_class, login) -> None:
    young = make_class(name="4C", band="elementary")
    older = make_class(teacher=young.teacher_links[0].teacher, name="8A", band="middle")
    case = make_case()
    login(young.teacher_links[0].teacher)
    page = client.get(f"/assignments/new?case_id={case.id}&class_id={young.id}").get_data(as_text=True)
    target = ("target_ids", str(case.letter_targets[0].id))
    assert _checked(page) == {("letter_kinds", "solidarity"), ("lesson_slugs", "solidarity-messages"), target}
    page = client.get(f"/assignments/new?case_id={case.id}&class_id={older.id}").get_data(as_text=True)
    assert _checked(page) == {("letter_kinds", "appeal"), ("lesson_slugs", "writing-an-appeal"),
                              ("lesson_slugs", "case-discussion"), target}


def test_the_library_defaults_to_cases_suitable_for_the_class(client: FlaskClient, make_class,
                                                              hard_case, login) -> None:
    classroom = make_class(band="middle")
    make_case(title="Student journalist detained")
    login(classroom.teacher_links[0].teacher)
    page = client.get(f"/cases/?class_id={classroom.id}").get_data(as_text=True)
    assert "Student journalist detained" in page and hard_case.title not in page
    everything = client.get(f"/cases/?class_id={classroom.id}&band=").get_data(as_text=True)
    assert hard_case.title in everything


def test_teacher_assigns_a_suitable_case(client: FlaskClient, make_class, login) -> None:
    classroom = make_class(band="middle")
    case = make_case(deadline=today() + timedelta(days=30))
    login(classroom.teacher_links[0].teacher)
    due = today() + timedelta(days=27)
    response = client.post("/assignments/new", data=_form(case, classroom, due_date=due.isoformat()))
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert response.headers["Location"].endswith(f"/assignments/{assignment.id}")
    assert assignment.letter_kinds == ["appeal", "solidarity"]
    assert assignment.target_ids == [case.letter_targets[0].id]
    assert assignment.lesson_slugs == ["writing-an-appeal"]
    assert assignment.instructions == "Write by Friday." and assignment.due_date == due
    assert assignment.override_reason is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Letters may arrive too late." in page  # flashed and shown on the assignment page
    assert "Writing an effective appeal letter" in page


def test_unsuitable_case_is_refused_with_notes_and_phrases(client: FlaskClient, make_class, hard_case,
                                                           login) -> None:
    classroom = make_class(band="middle")
    login(classroom.teacher_links[0].teacher)
    shown = client.get(f"/assignments/new?case_id={hard_case.id}&class_id={classroom.id}").get_data(as_text=True)
    assert "Not rated for" in shown and "“tortured”" in shown
    response = client.post("/assignments/new", data=_form(hard_case, classroom, override_reason="We are ready for it."))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in ("Torture or ill-treatment", "“tortured”", "Death penalty", "“death penalty”",
                 "Your school doesn't allow exceptions."):
        assert text in page
    assert db.session.scalar(select(Assignment)) is None


def test_override_reason_is_recorded_and_shown_on_the_class_page(client: FlaskClient, make_class, hard_case,
                                                                 login) -> None:
    classroom = make_class(band="middle")
    classroom.school.allow_age_override = True
    db.session.commit()
    login(classroom.teacher_links[0].teacher)
    too_short = client.post("/assignments/new", data=_form(hard_case, classroom, override_reason="ok"))
    assert too_short.status_code == 200
    assert "write why it suits this class" in too_short.get_data(as_text=True)
    assert db.session.scalar(select(Assignment)) is None
    reason = "Year 8 studied capital punishment in history; parents agreed."
    response = client.post("/assignments/new", data=_form(hard_case, classroom, override_reason=f"  {reason} "))
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert assignment.override_reason == reason
    class_page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "above band" in class_page and "Year 8 studied capital punishment" in class_page
    assert reason in client.get(f"/assignments/{assignment.id}").get_data(as_text=True)


def test_closed_case_cannot_be_assigned(client: FlaskClient, make_class, login) -> None:
    classroom = make_class()
    case = make_case()
    add_event(case, date(2026, 12, 1), "closed", "The case is closed.", None)
    db.session.commit()
    login(classroom.teacher_links[0].teacher)
    response = client.post("/assignments/new", data=_form(case, classroom))
    assert response.status_code == 200
    assert "This case is closed" in response.get_data(as_text=True)
    assert db.session.scalar(select(Assignment)) is None


def test_teacher_cannot_assign_to_another_teachers_class(client: FlaskClient, make_class, login) -> None:
    mine, theirs = make_class(), make_class()
    case = make_case()
    login(mine.teacher_links[0].teacher)
    assert client.post("/assignments/new", data=_form(case, theirs)).status_code == 404
    assert db.session.scalar(select(Assignment)) is None


def test_lowering_the_class_band_cannot_sidestep_the_gate(client: FlaskClient, make_class, hard_case, login) -> None:
    classroom = make_class(name="9C", band="high")
    login(classroom.teacher_links[0].teacher)
    assert client.post("/assignments/new", data=_form(hard_case, classroom)).status_code == 302
    response = client.post(f"/classes/{classroom.id}/edit", data={
        "name": "9C", "band": "middle", "school_year": "2026–27", "signature_rule": "first"})
    assert response.status_code == 200
    assert hard_case.title in response.get_data(as_text=True)
    db.session.refresh(classroom)
    assert classroom.band == "high"
    assert client.post(f"/classes/{classroom.id}/edit", data={
        "name": "9C", "band": "adult", "school_year": "2026–27", "signature_rule": "first"}).status_code == 302


# --- what students see -------------------------------------------------------------------------

def test_student_sees_the_assignment_with_the_summary_for_their_band(app, client: FlaskClient, make_class,
                                                                    make_student, login) -> None:
    classroom = make_class(name="4C", band="elementary")
    case = make_case()
    login(classroom.teacher_links[0].teacher)
    client.post("/assignments/new", data=_form(case, classroom, letter_kinds=["solidarity"], target_ids=[],
                                                lesson_slugs=["solidarity-messages", "case-discussion"],
                                                instructions="Make your card colourful!"))
    assignment = db.session.scalar(select(Assignment))
    student = make_student(classroom, name="Maya Kowalski")
    child = app.test_client()
    login(student, who=child)
    home = child.get("/").get_data(as_text=True)
    assert case.title in home and f"/assignments/{assignment.id}" in home
    page = child.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Ana wrote about a protest. Now she is in prison." in page  # the elementary summary
    assert "student journalist, was detained" not in page  # not the adult one
    assert "Make your card colourful!" in page
    assert "A message of hope to Ana Example" in page
    assert f"/assignments/{assignment.id}/lessons/solidarity-messages" in page
    assert f"/assignments/{assignment.id}/lessons/case-discussion" in page
    assert "Officials" not in page


# --- the defaults and choices the assignment pages ask for (assignments.services) ---------

def test_posts_and_phone_scripts_are_offered_to_the_older_bands_only() -> None:
    assert list(services.kind_choices("middle")) == ["appeal", "solidarity"]
    assert list(services.kind_choices("elementary")) == ["appeal", "solidarity"]
    assert list(services.kind_choices("high")) == ["appeal", "solidarity", "social", "phone"]
    assert list(services.kind_choices("adult")) == ["appeal", "solidarity", "social", "phone"]


def test_default_kind_is_an_appeal_unless_the_class_is_young_or_the_case_names_no_official(app) -> None:
    with_officials = make_case()
    without = make_case(targets=[])
    assert services.default_kinds("middle", with_officials) == ["appeal"]
    assert services.default_kinds("elementary", with_officials) == ["solidarity"]
    assert services.default_kinds("high", without) == ["solidarity"]


def test_default_lessons_follow_the_band_and_name_only_lessons_the_library_has(app) -> None:
    assert services.default_lessons("elementary") == ["solidarity-messages"]
    assert services.default_lessons("middle") == ["writing-an-appeal", "case-discussion"]
    assert services.default_lessons("adult") == ["writing-an-appeal"]


def test_a_student_may_start_each_asked_kind_once_and_an_appeal_per_allowed_official(make_class) -> None:
    case = make_case(targets=[MINISTER, {**MINISTER, "name": "Prosecutor General", "email": "pg@example.org"}])
    first, _second = case.letter_targets
    assignment = Assignment(class_id=make_class(band="high").id, case_id=case.id,
                            letter_kinds=["appeal", "solidarity", "social", "phone"], target_ids=[first.id],
                            lesson_slugs=[])
    db.session.add(assignment)
    db.session.commit()
    choices = services.start_choices(assignment, set())
    assert list(choices) == [f"appeal:{first.id}", "solidarity", "social", "phone"]  # not the official left out
    assert choices["social"] == "A social media post (280 characters)"
    assert list(services.start_choices(assignment, {("appeal", first.id), ("social", None)})) == ["solidarity", "phone"]
