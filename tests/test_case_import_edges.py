"""The library's own rules on an import: one UA, one case (in any spelling of its number), a
follow-up joins the case it follows, and a passed deadline warns and leaves "Action needed"."""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from classroom.auth.models import User
from classroom.cases import importing, search, services
from classroom.cases.models import Case
from classroom.cases.followups import find_reference
from classroom.cases.ua_numbers import same_ua, ua_key
from classroom.extensions import db

from .factories import case_data
from .test_case_import_http import GOOD_YAML, PASTE, paste, problems_on, row_counts

UA_DIR = Path(__file__).parent / "data" / "ua"

FOLLOW_UP = """\
Further information on UA 122/20
UA number: UA 130.20
Title: Activists released on bail
Country: Palestine
Date: 20 August 2020
Status: update
People at risk: Anti-corruption activists in Ramallah (group)
Summary: The 19 activists were released on bail on 18 August; the charges remain.
Recommended action
- Drop all charges against the activists.
"""


def page_text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


# --- one normalising rule ---------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["104/09", "UA 104/09", "UA: 104/09", "UA 104.09", "ua104.09", "UA 104 /09",
                                      "UA 0104/09", "UA 104/2009", "Further information on UA 104/09",
                                      "Update 2 on UA 104/09", "First UA 104/09", "UA\u00a0104.09"])
def test_every_spelling_of_a_ua_number_has_one_key(spelling: str) -> None:
    assert ua_key(spelling) == "104/09"


@pytest.mark.parametrize("text", ["AMR 41/022/2009", "22/2009", "24/07/2020", "UAE 104/09", "UA 104", "UA 0/09",
                                  "104/9", "UA 104/1809", ""])
def test_what_is_not_a_ua_number_has_no_key(text: str) -> None:
    assert ua_key(text) is None


def test_different_numbers_or_years_are_different_uas() -> None:
    assert same_ua("UA 104/09", "104.09")
    assert not same_ua("UA 104/09", "UA 104/10")
    assert not same_ua("UA 14/09", "UA 104/09")
    assert not same_ua(None, None)


@pytest.mark.parametrize("stored", ["UA 122.20", "122/20"])
def test_a_case_in_the_library_under_another_spelling_is_a_duplicate(stored: str, client: FlaskClient,
                                                                      curator: User) -> None:
    services.create_case(case_data(ua_number=stored, title="Ramallah activists"), created_by=curator)
    db.session.commit()
    before = row_counts()
    response = paste(client, PASTE, accept=True)
    assert problems_on(response.get_data(as_text=True)) == [
        f"Line 1: UA 122.20 is already in the library: {stored} “Ramallah activists”. "
        "Open it there instead of importing it again."]
    assert row_counts() == before


def test_editing_to_another_spelling_of_a_taken_number_gets_the_same_message(client: FlaskClient,
                                                                            curator: User) -> None:
    services.create_case(case_data(ua_number="122/20", title="Ramallah activists"), created_by=curator)
    other = services.create_case(case_data(ua_number="UA 5.21"), created_by=curator)
    db.session.commit()
    source = client.get(f"/cases/{other.id}/edit").get_data(as_text=True)
    yaml_text = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", source, re.DOTALL).group(1))
    response = client.post(f"/cases/{other.id}/edit", data={"source": yaml_text.replace("UA 5.21", "UA 122.20", 1)})
    assert "UA 122.20 is already in the library: 122/20 “Ramallah activists”. Open it there" in page_text(response)
    db.session.refresh(other)
    assert other.ua_number == "UA 5.21"


def test_saving_a_case_under_its_own_number_is_not_a_duplicate(curator: User) -> None:
    case = services.create_case(case_data(ua_number="UA 122.20"), created_by=curator)
    assert importing.duplicate_problem(case_data(ua_number="122/20"), None, None, editing=case) is None


# --- follow-ups -----------------------------------------------------------------------------

def test_a_follow_up_of_a_case_in_the_library_joins_its_timeline(client: FlaskClient, curator: User) -> None:
    original = services.create_case(case_data(ua_number="UA 122.20", title="Ramallah activists",
                                              issue_date=date(2020, 7, 23)), created_by=curator)
    db.session.commit()
    preview = paste(client, FOLLOW_UP)
    assert ("This is a follow-up of UA 122.20 “Ramallah activists” (line 1), which is already in the library. "
            "Accepting adds it to the timeline of that case, dated 20 August 2020; no new case is created.") in page_text(preview)
    cases_before = db.session.query(Case).count()
    accepted = paste(client, FOLLOW_UP, accept=True)
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/cases/{original.id}")
    assert db.session.query(Case).count() == cases_before
    db.session.refresh(original)
    [event] = original.events
    assert (event.date, event.kind) == (date(2020, 8, 20), "update")
    assert event.text.startswith("Activists released on bail: The 19 activists were released on bail")
    assert original.status == "update"
    again = paste(client, FOLLOW_UP, accept=True)
    assert problems_on(again.get_data(as_text=True)) == [
        "Line 1: This follow-up is already on the timeline of UA 122.20 “Ramallah activists” (20 August 2020)."]


@pytest.mark.parametrize("name, ua, line", [
    ("followup-1-no-further-action", "104/09", 3), ("followup-2-document-further-action", "212/11", 1),
    ("followup-4-victory", "88/16", 1), ("template-2-update", "118/21", 3), ("web-2-update-asks", "114/19", 3),
    ("web-4-victory", "92/20", 3)])
def test_the_reader_names_the_first_ua_of_each_published_follow_up_with_its_line(name: str, ua: str, line: int) -> None:
    source = (UA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    result = importing.read(source, f"{name}.txt")
    reference = find_reference(source, result.case, result.family)
    assert reference is not None
    assert (ua_key(reference.ua_number), reference.line) == (ua, line)


@pytest.mark.parametrize("name", ["plain-1-classic", "document-1-classic", "template-1-first", "web-1-action"])
def test_a_first_urgent_action_is_no_follow_up(name: str) -> None:
    source = (UA_DIR / f"{name}.txt").read_text(encoding="utf-8")
    result = importing.read(source, f"{name}.txt")
    assert result.case is not None and find_reference(source, result.case, result.family) is None


def test_a_case_file_with_status_update_follows_up_only_what_follows_up_names() -> None:
    # In a case file, "update" is the case's own state (its timeline has updates), not news on another UA.
    result = importing.read(GOOD_YAML.replace("status: action", "status: update"), "case.yaml")
    assert result.family == "yaml" and find_reference(GOOD_YAML, result.read or {}, result.family) is None


def test_a_published_follow_up_imported_after_its_original_joins_the_original_timeline(
        client: FlaskClient, curator: User) -> None:
    # plain-1-classic is UA 104/09 (14 May 2009); followup-1 is its "Further information", asking no further action.
    original = paste(client, (UA_DIR / "plain-1-classic.txt").read_text(encoding="utf-8"), accept=True)
    assert original.status_code == 302
    case = db.session.query(Case).one()
    follow_up = (UA_DIR / "followup-1-no-further-action.txt").read_text(encoding="utf-8")
    preview = page_text(paste(client, follow_up))
    assert (f"This is a follow-up of 104/09 “{case.title}” (line 3), which is already in the library. Accepting adds "
            "it to the timeline of that case, dated 3 July 2009; no new case is created.") in preview
    assert "Line 17: The text asks for no further action, so the case was read as closed" in preview  # the reader's check
    accepted = paste(client, follow_up, accept=True)
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/cases/{case.id}")
    assert db.session.query(Case).count() == 1
    db.session.refresh(case)
    [event] = case.events
    assert (event.date, event.kind, case.status) == (date(2009, 7, 3), "closed", "closed")
    assert event.text.startswith("Fear of torture / Released: Rosa Elvira Campos and her brother Tomás were released")


def test_a_follow_up_named_only_by_its_label_joins_as_a_victory(curator: User) -> None:
    services.create_case(case_data(ua_number="122/20", issue_date=date(2020, 7, 23)), created_by=curator)
    source = FOLLOW_UP.replace("Further information on UA 122/20\n", "").replace(
        "Status: update\n", "Status: victory\nFollows up: UA 122.20\n").replace("Recommended action\n- Drop all charges against the activists.\n", "")
    result = importing.preview(source, None, owner=None)
    assert result.ok and result.attach_to is not None and result.reference.line == 6  # "Follows up: UA 122.20"
    case, message = importing.save(result, by=curator, owner=None)
    assert (case.events[-1].kind, case.status) == ("victory", "victory")
    assert message.startswith("The follow-up was added to the timeline of 122/20") and message.endswith("as a victory.")


def test_a_follow_up_dated_before_the_case_is_refused(client: FlaskClient, curator: User) -> None:
    services.create_case(case_data(ua_number="UA 122.20", issue_date=date(2020, 9, 1)), created_by=curator)
    db.session.commit()
    before = row_counts()
    response = paste(client, FOLLOW_UP, accept=True)
    assert problems_on(response.get_data(as_text=True)) == [
        "Line 1: This follow-up is dated 20 August 2020, before UA 122.20 itself was issued (1 September 2020); "
        "check the date or the UA number it names."]
    assert row_counts() == before


def test_a_follow_up_of_a_case_not_in_the_library_becomes_its_own_case(client: FlaskClient, curator: User) -> None:
    response = paste(client, FOLLOW_UP, accept=True)
    assert response.status_code == 302
    case = db.session.query(Case).one()
    assert (case.ua_number, case.follows_up, case.events) == ("UA 130.20", "122/20", [])


def test_a_teachers_follow_up_joins_their_own_private_case_but_never_a_public_one(curator: User, teacher: User) -> None:
    public = services.create_case(case_data(ua_number="UA 122.20", issue_date=date(2020, 7, 23)), created_by=curator)
    result = importing.preview(FOLLOW_UP, None, owner=teacher)
    assert result.ok and result.attach_to is None  # imported as the teacher's own private case instead
    case, _message = importing.save(result, by=teacher, owner=teacher)
    assert case.owner_id == teacher.id and public.events == []
    mine = services.create_case(case_data(ua_number="UA 7.20", issue_date=date(2020, 7, 1)), created_by=teacher,
                                owner=teacher)
    own = importing.preview(FOLLOW_UP.replace("UA 122/20", "UA 7/20").replace("UA 130.20", "UA 131.20"), None,
                            owner=teacher)
    assert own.attach_to is mine


def test_a_teachers_follow_up_does_not_join_another_teachers_private_case(
        client: FlaskClient, teacher: User, make_teacher: Any) -> None:
    other = make_teacher(name="Mr Other", email="other@example.org")
    services.create_case(case_data(ua_number="UA 122.20", issue_date=date(2020, 7, 23)), created_by=other, owner=other)
    db.session.commit()
    result = importing.preview(FOLLOW_UP, None, owner=teacher)
    assert result.ok and result.attach_to is None


# --- a passed deadline --------------------------------------------------------------------------

def test_a_passed_deadline_warns_with_its_line_and_still_imports(client: FlaskClient, curator: User, clock: Any,
                                                                  login: Any) -> None:
    clock.set("2020-09-04 09:00")
    login(curator)
    response = paste(client, PASTE)
    assert ("Line 6: The deadline, 3 September 2020, has passed. The case can be saved, but the library will list it "
            "as “Deadline passed”, not “Action needed”.") in page_text(response)
    assert problems_on(response.get_data(as_text=True)) == []
    assert paste(client, PASTE, accept=True).status_code == 302


def test_on_the_deadline_day_there_is_no_warning(curator: User, clock: Any) -> None:
    clock.set("2020-09-03 23:30")
    assert importing.preview(PASTE, None, owner=None).warnings == []


def test_action_needed_leaves_out_cases_whose_deadline_passed(client: FlaskClient, curator: User, clock: Any,
                                                              login: Any) -> None:
    clock.set("2020-09-01 12:00")
    services.create_case(case_data(ua_number="UA 1.20", title="Open call", issue_date=date(2020, 7, 1),
                                   deadline=date(2020, 9, 10)), created_by=curator)
    services.create_case(case_data(ua_number="UA 2.20", title="Closing call", issue_date=date(2020, 7, 1),
                                   deadline=date(2020, 9, 3)), created_by=curator)
    services.create_case(case_data(ua_number="UA 3.20", title="Endless call", issue_date=date(2020, 7, 1),
                                   deadline=None), created_by=curator)
    db.session.commit()

    def action_needed() -> list[str]:
        return sorted(c.title for c in search.search(curator, status="action"))

    assert action_needed() == ["Closing call", "Endless call", "Open call"]
    clock.set("2020-09-04 08:00")
    assert action_needed() == ["Endless call", "Open call"]
    login(curator)
    page = page_text(client.get("/cases/?status=action"))
    assert "Closing call" not in page and "Open call" in page
    assert "Closing call" in page_text(client.get("/cases/")) and "Deadline passed" in page_text(client.get("/cases/"))
