"""Library journeys in a real browser: a curator imports and rates a pasted UA; a teacher
searches and filters the library for a class and opens a case."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import select

from classroom.auth.models import User
from classroom.cases.models import BandDecision, Case
from classroom.cases.starter import load_library
from classroom.classes.models import Classroom
from classroom.extensions import db

from .conftest import A11y, sign_in

PASTE_WITH_A_MISTAKE = """\
UA number: UA 140.20
Title: Journalist detained for reporting on the pandemic
Country: Examplestan
Date: 31 June 2020
Status: action
People at risk: Ana Example (she/her)
Summary: Police arrested the journalist Ana Example after she reported on hospitals during the pandemic.
Recommended action
- Release Ana Example immediately.
TARGETS
Name: Minister of Justice
Address: Ministry of Justice
1 Government Street
Capital City
Salutation: Dear Minister,
Preferred language: English
"""


def test_curator_imports_a_pasted_ua_fixes_it_and_changes_its_band(page: Page, a11y: A11y,
                                                                  make_teacher: Callable[..., User]) -> None:
    curator = make_teacher("Dr Lin Chen", curator=True)
    sign_in(page, a11y, curator)
    page.get_by_role("link", name="Case library").click()
    a11y.check(page)
    page.get_by_role("link", name="Import a case").click()
    expect(page.get_by_text("cases you import are published to every teacher")).to_be_visible()
    a11y.check(page)

    source = page.get_by_label("Paste the Urgent Action")
    source.fill(PASTE_WITH_A_MISTAKE)
    page.get_by_role("button", name="Preview").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("1 problem to fix")
    expect(alert).to_contain_text("Line 4: The issue date '31 June 2020' is not a real calendar date.")
    expect(alert).to_contain_text("Nothing was saved.")
    expect(page.get_by_role("button", name="Accept and save")).to_have_count(0)
    a11y.check(page)

    # The pasted text is still in the page; the curator corrects the one line.
    expect(source).to_have_value(PASTE_WITH_A_MISTAKE)
    source.fill(source.input_value().replace("Date: 31 June 2020", "Date: 30 June 2020"))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: UA 140.20 Journalist detained for reporting on the pandemic")
           ).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(".preview")).to_contain_text("Detention: “detained”, “arrested”")
    a11y.check(page)
    assert db.session.scalar(select(Case.id).where(Case.ua_number == "UA 140.20")) is None

    page.get_by_role("button", name="Accept and save").click()
    expect(page.get_by_role("heading", name="Journalist detained for reporting on the pandemic", level=1)
           ).to_be_visible()
    expect(page.get_by_text("UA 140.20 “Journalist detained for reporting on the pandemic” was added to the library."))\
        .to_be_visible()
    a11y.check(page)

    # Change the suggested band; a missing reason is explained beside the field first.
    curator_tools = page.get_by_role("region", name="Curator tools")
    curator_tools.get_by_label("Minimum age band").select_option("high")
    curator_tools.get_by_role("button", name="Save band").click()
    expect(page.get_by_role("alert")).to_contain_text("Reason: Write the reason for this band.")
    expect(page.locator("#reason-error")).to_have_text("Write the reason for this band.")
    assert page.evaluate("""() => {
        const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
    }""") == []
    expect(page.get_by_role("textbox", name="Reason")).to_have_attribute("aria-invalid", "true")
    a11y.check(page)
    reason = "The questioning of journalists is better discussed with older students."
    page.get_by_role("textbox", name="Reason").fill(reason)
    page.get_by_role("button", name="Save band").click()
    expect(page.get_by_text("Minimum band set to High school.")).to_be_visible()
    expect(page.get_by_text(f"Dr Lin Chen set High school: “{reason}”")).to_be_visible()
    expect(page.get_by_text("Suitable for High school and older.")).to_be_visible()
    a11y.check(page)

    case = db.session.scalar(select(Case).where(Case.ua_number == "UA 140.20"))
    assert case is not None and case.owner_id is None and case.min_band == "high"
    decision = db.session.scalar(select(BandDecision).where(BandDecision.case_id == case.id))
    assert decision is not None and (decision.reason, decision.decided_by_id) == (reason, curator.id)


def test_teacher_searches_and_filters_the_library_and_opens_a_case(page: Page, a11y: A11y,
                                                                   make_teacher: Callable[..., User],
                                                                   make_class: Callable[..., Classroom]) -> None:
    load_library()
    teacher = make_teacher("Ms Ana Rivera")
    classroom = make_class(teacher, name="7B Humanities", band="middle")
    sign_in(page, a11y, teacher)
    page.goto(f"/classes/{classroom.id}")
    a11y.check(page)
    page.get_by_role("link", name="Assign a case").click()
    expect(page.get_by_text("Showing cases suitable for 7B Humanities (Middle school)")).to_be_visible()
    expect(page.get_by_label("Suitable for")).to_have_value("middle")
    a11y.check(page)
    suitable = page.locator(".case-item").count()
    assert 0 < suitable < 13  # cases rated high school and up are left out

    search = page.get_by_role("search", name="Search the library")
    search.get_by_label("Search words").fill("activists")
    search.get_by_role("button", name="Search").click()
    titles = page.locator(".case-item h2")
    # Closed cases can't be assigned, so a class's list leaves them out.
    expect(titles).to_have_text(["Indigenous human rights activists missing",
                                 "Anti-corruption activists must be released"])
    a11y.check(page)

    search.get_by_label("Status").select_option("action")
    search.get_by_label("Country").select_option("Palestine")
    search.get_by_role("button", name="Search").click()
    # Its deadline (5 August 2020) has passed, so "Action needed" leaves it out ...
    expect(page.get_by_text("No cases match. Try fewer words or another filter.")).to_be_visible()
    # ... until Amnesty extends it.
    extended = db.session.scalar(select(Case).where(Case.title == "Anti-corruption activists must be released"))
    extended.deadline = date(2027, 1, 31)
    db.session.commit()
    search.get_by_role("button", name="Search").click()
    expect(titles).to_have_text(["Anti-corruption activists must be released"])
    result = page.locator(".case-item").first
    expect(result).to_contain_text("Middle school and up")
    expect(result).to_contain_text("Content notes: Detention, Hunger strike")
    a11y.check(page)

    search.get_by_label("Theme").select_option("Garifuna people")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No cases match. Try fewer words or another filter.")).to_be_visible()
    a11y.check(page)
    search.get_by_label("Country").select_option("")
    search.get_by_role("button", name="Search").click()
    expect(titles).to_have_text(["Indigenous human rights activists missing"])
    a11y.check(page)

    page.get_by_role("link", name="Indigenous human rights activists missing").click()
    expect(page.get_by_role("heading", name="Indigenous human rights activists missing", level=1)).to_be_visible()
    case = db.session.scalar(select(Case).where(Case.ua_number == "UA 123.20"))
    expect(page.get_by_text("For 7B Humanities (Middle school):")).to_be_visible()
    expect(page.locator(".lead")).to_have_text(case.student_summaries["middle"])
    expect(page.get_by_role("region", name="Who to write to")).to_contain_text(case.letter_targets[0].name)
    expect(page.get_by_role("region", name="Age band and content notes")).to_contain_text("Disappearance")
    a11y.check(page)
