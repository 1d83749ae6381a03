"""Finding 8 of security issue 11: inputs that were answered with a 500 get a clear 4xx and change nothing.

``tests/access/test_hostile_input.py`` walks every route; these pin the reported cases and
the ones a walk can't reach (an import followed by an export, a sign-in with ``next``).
"""
from __future__ import annotations

import email
import json
from email.policy import default as default_policy

import pytest
from sqlalchemy import func, select

from classroom.once import new_token
from classroom.cases.models import Case, Target
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.inputs import MAX_ID, JsonProblem, db_id, id_or_none, is_mail_address, parse_json
from classroom.letters.models import Letter

from .factories import PASSWORD, approved, assign, case_data, make_case, written
from .test_channels import MINISTER

HUGE = 2**63


def _case_json(**target: str) -> str:
    data = json.loads(json.dumps(case_data(), default=str))
    data["targets"][0].update(target)
    return json.dumps(data)  # ensure_ascii: a lone surrogate travels as the escape "\ud800"


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case)) or 0


# --- the shared checks --------------------------------------------------------------------

def test_db_id_takes_only_ids_a_column_can_hold() -> None:
    assert db_id("42") == 42 and db_id(MAX_ID) == MAX_ID
    for bad in (str(HUGE), HUGE, MAX_ID + 1, 0, -1, "-1", "٣", "１２", "1.5", " 1", "", None, True, 1.0, "9" * 5000):
        assert id_or_none(bad) is None, bad


def test_parse_json_refuses_depth_surrogates_and_nul() -> None:
    assert parse_json(b'{"body": "Hi", "base_version": 3}') == {"body": "Hi", "base_version": 3}
    for body, words in ((b"[" * 50_000 + b"]" * 50_000, "nested too deeply"), (b"[" * 21 + b"]" * 21, "nested too deeply"),
                        (b'{"body": "\\ud800"}', "can't be stored"), (b'{"b\\u0000": 1}', "can't be stored"),
                        (b"{", "not valid JSON"), (b"\xff", "not valid JSON")):
        with pytest.raises(JsonProblem, match=words):
            parse_json(body)


def test_mail_addresses_must_fit_a_header() -> None:
    assert is_mail_address("minister@example.org")
    for bad in ("a@b.org\r\nBcc: x@y.org", "a,b@x.org", "a..b@x.org", "a;b@x.org", "plain"):
        assert not is_mail_address(bad), bad


# --- ids ------------------------------------------------------------------------------------

def test_ids_beyond_any_column_are_not_found(client, teacher, make_class) -> None:
    classroom = make_class(teacher)
    for path in (f"/classes/{HUGE}", f"/classes/{2**31}", f"/review/classes/{HUGE}", f"/cases/{HUGE}",
                 f"/classes/{classroom.id}/students/{HUGE}/approve"):
        response = client.get(path) if "approve" not in path else client.post(path)
        assert response.status_code == 404, path
    # In a query they are ignored, as any id that isn't there.
    assert client.get(f"/cases/?class_id={HUGE}").status_code == 200
    assert client.get(f"/review/classes/{classroom.id}?assignment={HUGE}").status_code == 200
    assert client.get(f"/assignments/new?case_id={HUGE}&class_id={HUGE}").status_code == 404


def test_autosave_refuses_hostile_json_and_keeps_the_letter(app, client, login, make_class, make_student) -> None:
    classroom = make_class()
    student = make_student(classroom)
    letter = written(assign(classroom, make_case(), kinds=("solidarity",)), student, "My first words.",
                     kind="solidarity", submit=False)
    login(student)
    before = (letter.body, letter.version)
    url = f"/letters/{letter.id}/draft"
    bodies = {
        json.dumps({"body": "\ud800", "base_version": letter.version}): "can't be stored",
        json.dumps({"body": "a\x00b", "base_version": letter.version}): "can't be stored",
        json.dumps({"body": "Hello", "base_version": HUGE}): "base_version",
        json.dumps({"body": "Hello", "base_version": -HUGE}): "base_version",
        "[" * 50_000 + "]" * 50_000: "nested too deeply",
        '{"body": ' + "[" * 50_000 + "]" * 50_000 + "}": "nested too deeply",
    }
    for body, words in bodies.items():
        response = client.put(url, data=body, content_type="application/json")
        assert response.status_code == 400, body[:60]
        assert words in response.get_json()["error"]
    letter = db.session.get(Letter, letter.id)
    assert (letter.body, letter.version) == before
    # A huge base version in the form editor is refused the same way.
    response = client.post(f"/letters/{letter.id}", data={"body": "Hello", "base_version": str(HUGE)})
    assert response.status_code == 400
    assert db.session.get(Letter, letter.id).version == before[1]


def test_starting_a_letter_with_a_huge_assignment_id_is_not_found(client, login, make_student) -> None:
    login(make_student())
    for value in (str(HUGE), "٣", "-1"):
        assert client.post("/letters/new", data={"assignment_id": value, "choice": "solidarity"}).status_code == 404


# --- text that can't be stored, and one-line fields ---------------------------------------------

def test_nul_in_a_form_or_query_is_refused_with_words(client, teacher) -> None:
    response = client.post("/classes/new", data={"name": "7B\x00", "band": "middle", "school_year": "2026–27",
                                                 "signature_rule": "first_name"})
    assert response.status_code == 400
    assert "can&#39;t be stored" in response.get_data(as_text=True)
    assert client.get("/cases/?q=a%00b").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Classroom)) == 0


@pytest.mark.parametrize("name", ["7B\r\nX-Injected: 1", "7B\nHumanities", "7B\x1b[31m", "7B\u2028Humanities"])
def test_one_line_form_fields_refuse_line_breaks(client, teacher, name: str) -> None:
    response = client.post("/classes/new", data={"name": name, "band": "middle", "school_year": "2026–27",
                                                 "signature_rule": "first_name"})
    assert response.status_code == 200
    assert "Use one line without line breaks or control characters." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Classroom)) == 0


@pytest.mark.parametrize(("target", "words"), [
    ({"name": "\ud800"}, "broken character"),
    ({"title": "Minister\x00"}, "broken character"),
    ({"name": "Minister\r\nBcc: spy@example.org"}, "must be one line"),
    ({"title": "Interior\nBcc: spy@example.org"}, "must be one line"),
    ({"salutation": "Dear\x0bMinister,"}, "must be one line"),
    ({"email": "minister@example.org\r\nBcc: spy@example.org"}, "must be one line"),
    ({"email": "a,b@example.org"}, "is not an email address"),
    ({"email": "a..b@example.org"}, "is not an email address"),
])
def test_case_import_refuses_broken_and_multi_line_fields(client, curator, target: dict[str, str], words: str) -> None:
    response = client.post("/cases/import", data={"source": _case_json(**target), "filename": "case.json", "accept": "1"})
    assert response.status_code == 200
    assert words in response.get_data(as_text=True)
    assert _cases() == 0


def test_eml_export_keeps_headers_on_one_line_for_rows_saved_before(app, client, login, make_school, make_teacher,
                                                                  make_class, make_student) -> None:
    school = make_school("Colegio\nSan José")
    teacher = make_teacher(school=school)
    classroom = make_class(teacher, band="high")
    student = make_student(classroom)
    case = make_case(ua_number="UA 123.20", title="Title\r\nBcc: spy@example.org", targets=[dict(MINISTER)])
    letter = approved(assign(classroom, case, kinds=("appeal",)), student, "Please release her.", teacher)
    target = db.session.get(Target, letter.target_id)
    target.name = "Minister\r\nBcc: spy@example.org"  # as an import before the fix could have saved it
    db.session.commit()
    login(teacher)
    response = client.get(f"/network/letters/{letter.id}/message.eml")
    assert response.status_code == 200
    message = email.message_from_bytes(response.get_data(), policy=default_policy)
    assert message["Bcc"] is None
    assert message["To"].addresses[0].display_name == "Minister Bcc: spy@example.org"
    assert "\n" not in message["Subject"]


def test_roster_rows_with_control_characters_are_refused(client, teacher, make_class) -> None:
    classroom = make_class(teacher)
    response = client.post(f"/classes/{classroom.id}/roster", data={"text": "name\nZoe\x07 Zed\n", "accept": "1", "once": new_token()})
    assert response.status_code in (200, 400)
    assert "control characters" in response.get_data(as_text=True)


# --- next ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/classes/new\r\nSet-Cookie: a=b", "/\nx", "/\\evil.example", "/\x00"])
def test_next_with_a_line_break_goes_home(client, make_teacher, target: str) -> None:
    teacher = make_teacher()
    response = client.post("/auth/signin", query_string={"next": target},
                           data={"login": teacher.email, "password": PASSWORD})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/"
