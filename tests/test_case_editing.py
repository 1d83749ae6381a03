"""Curators edit public cases (and teachers their private ones) as YAML, save drafts and publish."""
from __future__ import annotations

import yaml
from flask.testing import FlaskClient
from sqlalchemy import func, select

from classroom.cases import services
from classroom.cases.models import Case
from classroom.extensions import db

from .factories import case_data


def _yaml(case: Case) -> str:
    return yaml.safe_dump(services.case_to_dict(case), allow_unicode=True, sort_keys=False)


def test_curator_edits_a_case_and_targets_keep_their_ids(client: FlaskClient, make_teacher, login) -> None:
    curator = make_teacher(curator=True)
    case = services.create_case(case_data(), created_by=curator)
    db.session.commit()
    target_id = case.letter_targets[0].id
    login(curator)
    page = client.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert "ua_number: UA 1.26" in page
    data = services.case_to_dict(case)
    data["title"] = "Student journalist tortured in detention"
    response = client.post(f"/cases/{case.id}/edit", data={"source": yaml.safe_dump(data, allow_unicode=True)})
    assert response.status_code == 302
    edited = db.session.get(Case, case.id)
    assert edited.title == "Student journalist tortured in detention"
    assert edited.letter_targets[0].id == target_id
    assert "torture" in [n["note"] for n in edited.content_notes] and edited.min_band == "high"


def test_bad_edit_shows_the_line_and_changes_nothing(client: FlaskClient, make_teacher, login) -> None:
    curator = make_teacher(curator=True)
    case = services.create_case(case_data(), created_by=curator)
    db.session.commit()
    login(curator)
    broken = _yaml(case).replace("issue_date: 2026-10-01", "issue_date: 2026-02-30")
    page = client.post(f"/cases/{case.id}/edit", data={"source": broken}).get_data(as_text=True)
    line = next(n for n, text in enumerate(broken.splitlines(), start=1) if text.startswith("issue_date"))
    assert f"Line {line}:" in page and "Nothing was saved." in page
    assert str(db.session.get(Case, case.id).issue_date) == "2026-10-01"


def test_edit_cannot_take_another_cases_number(client: FlaskClient, make_teacher, login) -> None:
    curator = make_teacher(curator=True)
    services.create_case(case_data(ua_number="UA 9.26"), created_by=curator)
    case = services.create_case(case_data(), created_by=curator)
    db.session.commit()
    login(curator)
    page = client.post(f"/cases/{case.id}/edit", data={"source": _yaml(case).replace("UA 1.26", "UA 9.26")})
    assert "UA 9.26 is already in the library: UA 9.26 “Student journalist detained”." in page.get_data(as_text=True)
    assert db.session.get(Case, case.id).ua_number == "UA 1.26"


def test_draft_is_seen_by_curators_only_until_published(client: FlaskClient, app, make_teacher, login) -> None:
    curator = make_teacher(curator=True)
    teacher = make_teacher()
    login(curator)
    source = _yaml_source()
    client.post("/cases/import", data={"source": source, "filename": "case.yaml", "accept": "1", "publish": "0"})
    case = db.session.scalar(select(Case))
    assert case is not None and not case.published
    assert "draft" in client.get("/cases/").get_data(as_text=True)
    other = app.test_client()
    login(teacher, who=other)
    assert "Student journalist detained" not in other.get("/cases/").get_data(as_text=True)
    assert other.get(f"/cases/{case.id}").status_code == 404
    client.post(f"/cases/{case.id}/publish")
    assert "Student journalist detained" in other.get("/cases/").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Case.id))) == 1


def _yaml_source() -> str:
    data = case_data()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
