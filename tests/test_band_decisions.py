"""Only curators record rating decisions; a private case's band is never below the rule
table's suggestion (security review, issue 11, finding 2)."""
from __future__ import annotations

import pytest
import yaml
from flask.testing import FlaskClient
from sqlalchemy import select

from classroom.assignments import services as assignments
from classroom.assignments.models import Assignment
from classroom.cases import services
from classroom.cases.models import BandDecision, Case
from classroom.extensions import db

from .factories import case_data

HARD = "Ana Example was detained. Guards tortured her in custody and she now faces the death penalty."
LOWERED = {"expected_band": "elementary", "expected_notes": [],
           "decision": {"band": "elementary", "reason": "Reviewed: fine for all ages.", "by": "A Curator"}}


def _edit(client: FlaskClient, case: Case, **changes: object) -> None:
    data = {**services.case_to_dict(case), **changes}
    response = client.post(f"/cases/{case.id}/edit", data={"source": yaml.safe_dump(data, allow_unicode=True)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_teacher_cannot_lower_the_band_of_their_private_case_by_editing(client: FlaskClient, make_class,
                                                                         login) -> None:
    """The exact attack: a decision in the YAML of one's own private case, then an elementary class."""
    classroom = make_class(band="elementary")
    teacher = classroom.teacher_links[0].teacher
    assert classroom.school.allow_age_override is False
    case = services.create_case(case_data(summary=HARD), created_by=teacher, owner=teacher)
    db.session.commit()
    assert case.min_band == "high"
    login(teacher)
    _edit(client, case, rating=LOWERED)
    case = db.session.get(Case, case.id)
    assert case.min_band == "high"
    assert case.band_decisions == [] and case.latest_band_decision is None
    assert "A Curator" not in client.get(f"/cases/{case.id}").get_data(as_text=True)
    form = {"case_id": case.id, "class_id": classroom.id, "letter_kinds": ["solidarity"],
            "override_reason": "Trust me."}
    page = client.post("/assignments/new", data=form).get_data(as_text=True)
    assert "Your school doesn't allow exceptions." in page
    assert db.session.scalar(select(Assignment)) is None


def test_a_private_import_with_a_decision_keeps_the_rule_tables_band(app, make_teacher) -> None:
    teacher = make_teacher()
    case = services.create_case(case_data(summary=HARD, rating=LOWERED), created_by=teacher, owner=teacher)
    assert (case.min_band, case.band_decisions) == ("high", [])


def test_a_decision_recorded_on_a_private_case_before_never_counts(app, make_teacher) -> None:
    """Cases lowered before the fix: the row stays for the record, the band comes back up on rating."""
    teacher = make_teacher()
    case = services.create_case(case_data(summary=HARD), created_by=teacher, owner=teacher)
    case.band_decisions.append(BandDecision(band="elementary", suggested_band="high", reason="x",
                                            decided_by_name="A Curator"))
    case.min_band = "elementary"
    services.rate(case)
    assert case.min_band == "high"
    assert not assignments.check(_elementary_class(teacher), case, kinds=["solidarity"], target_ids=[],
                                 lesson_slugs=[], due=None, override_reason="").ok


def _elementary_class(teacher):
    from classroom.classes import services as classes

    return classes.create_class(teacher, "3A", "elementary", "2026–27", "first")


def test_only_curators_record_decisions(app, make_teacher) -> None:
    curator, teacher = make_teacher(curator=True), make_teacher()
    public = services.create_case(case_data(summary=HARD), created_by=curator)
    private = services.create_case(case_data(summary=HARD, ua_number="UA 2.26"), created_by=teacher, owner=teacher)
    assert services.may_record_band_decision(public, curator)
    assert services.may_record_band_decision(public, None)  # the starter library's files
    assert not services.may_record_band_decision(public, teacher)
    assert not services.may_record_band_decision(private, curator)
    assert not services.may_record_band_decision(private, teacher)
    with pytest.raises(PermissionError):
        services.decide_band(private, "elementary", "No.", curator)
    services.update_case(public, {**services.case_to_dict(public), "rating": LOWERED}, teacher)
    assert public.band_decisions == []


def test_a_curators_file_decision_still_counts(client: FlaskClient, make_teacher, login) -> None:
    curator = make_teacher("Dr Lin Chen", curator=True)
    case = services.create_case(case_data(summary=HARD), created_by=curator)
    db.session.commit()
    login(curator)
    _edit(client, case, rating=LOWERED)
    case = db.session.get(Case, case.id)
    assert case.min_band == "elementary"
    assert case.latest_band_decision.decided_by_id == curator.id
