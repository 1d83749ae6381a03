"""The library's own rules on an import: one UA, one case (in any spelling of its number), a
follow-up joins the case it follows, and a passed deadline warns and leaves "Action needed"."""
from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from classroom.auth.models import User
from classroom.cases import importing, services
from classroom.cases.models import Case
from classroom.cases.followups import find_reference
from classroom.cases.ua_numbers import same_ua, ua_key
from classroom.extensions import db

from .factories import case_data
from .test_case_import_http import PASTE, paste, problems_on, row_counts

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


@pytest.mark.parametrize("line, victory", [
    ("Further information on UA 122/20", False), ("URGENT ACTION TYPE AND NUMBER: Update 2 on UA 122/20", False),
    ("LINK TO PREVIOUS UA: UA 122/20 (AMR 99/1111/2020)", False),
    ("Urgent Action Victory: activists freed (Palestine: UA 122.20)", True),
    ("Urgent Action Update: activists on bail (Palestine: UA 122.20)", False)])
def test_each_way_of_naming_the_first_ua_is_found_with_its_line(line: str, victory: bool) -> None:
    reference = find_reference(f"URGENT ACTION\n\n{line}\nThe activists were released.")
    assert reference is not None
    assert (ua_key(reference.ua_number), reference.line, reference.victory) == ("122/20", 3, victory)


@pytest.mark.parametrize("text", ["UA 130.20\nThe index AMR 41/022/2009 is cited.", "Update on the quarry dispute",
                                  "A link to previous reports is online."])
def test_a_text_that_names_no_earlier_ua_is_no_follow_up(text: str) -> None:
    assert find_reference(text) is None


def test_a_follow_up_named_only_by_its_label_joins_as_a_victory(curator: User) -> None:
    services.create_case(case_data(ua_number="122/20", issue_date=date(2020, 7, 23)), created_by=curator)
    source = FOLLOW_UP.replace("Further information on UA 122/20\n", "").replace(
        "Status: update\n", "Status: victory\nFollows up: UA 122.20\n").replace("Recommended action\n- Drop all charges against the activists.\n", "")
    result = importing.preview(source, None, owner=None)
    assert result.ok and result.attach_to is not None and result.reference.line is None
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
        return sorted(c.title for c in services.search(curator, status="action"))

    assert action_needed() == ["Closing call", "Endless call", "Open call"]
    clock.set("2020-09-04 08:00")
    assert action_needed() == ["Endless call", "Open call"]
    login(curator)
    page = page_text(client.get("/cases/?status=action"))
    assert "Closing call" not in page and "Open call" in page
    assert "Closing call" in page_text(client.get("/cases/")) and "Deadline passed" in page_text(client.get("/cases/"))
