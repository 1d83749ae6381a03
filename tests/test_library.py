"""The case library as teachers and curators rely on it: the starter library and its loader,
browsing and searching, the case page, band decisions, readability, and the timeline.

The rater and the parser have their own unit tests (test_rating.py,
test_case_import_parsing.py); the import page has test_case_import_http.py.
"""
from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select, text

from classroom.auth.models import User
from classroom.cases import services
from classroom.cases.models import BandDecision, Case
from classroom.cases.starter import load_library
from classroom.cases.status import accepts_letters
from classroom.classes.models import Classroom
from classroom.datafiles import data_path
from classroom.extensions import db

from .factories import case_data

STARTER = data_path("cases")
LIBRARY_TABLES = ("cases", "case_targets", "case_events", "case_themes", "case_thanks", "band_decisions")


def row_counts() -> dict[str, int]:
    """Rows in every table the library writes to."""
    return {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in LIBRARY_TABLES}


def case_by_number(ua_number: str) -> Case:
    """The public case with this UA number."""
    case = db.session.scalar(select(Case).where(Case.ua_number == ua_number, Case.owner_id.is_(None)))
    assert case is not None, ua_number
    return case


def plain(page: str) -> str:
    """A page's text without tags, entities decoded and spaces collapsed (for reading, not structure)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def listed_titles(page: str) -> list[str]:
    """Titles of the cases a library page lists, in order."""
    return [html.unescape(t) for t in re.findall(r'<li class="case-item">\s*<h2><a [^>]*>(.*?)</a>', page, re.DOTALL)]


@pytest.fixture
def library(app: Flask) -> None:
    """The starter library, loaded."""
    report = load_library()
    assert not report.problems


# --- the starter library and its loader ----------------------------------------------------

def test_cases_load_creates_the_starter_library_and_rerunning_only_updates(runner) -> None:
    first = runner.invoke(args=["cases", "load"])
    assert first.exit_code == 0, first.output
    assert "Cases created: 13, updated: 0." in first.output
    counts = row_counts()
    assert counts["cases"] == 13
    ids = {c.ua_number: c.id for c in db.session.scalars(select(Case))}
    target_ids = sorted(db.session.execute(text("SELECT id FROM case_targets")).scalars())

    second = runner.invoke(args=["cases", "load"])
    assert second.exit_code == 0, second.output
    assert "Cases created: 0, updated: 13." in second.output
    db.session.expire_all()
    assert row_counts() == counts
    # Same rows: assignments and letters keep pointing at the same case and official.
    assert {c.ua_number: c.id for c in db.session.scalars(select(Case))} == ids
    assert sorted(db.session.execute(text("SELECT id FROM case_targets")).scalars()) == target_ids


def test_demo_loads_the_starter_library(runner) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Case.id)).where(Case.owner_id.is_(None))) == 13


def test_loader_reports_a_broken_file_and_loads_the_others(runner, tmp_path: Path) -> None:
    shutil.copy(STARTER / "ua-59-20.yaml", tmp_path)
    shutil.copy(STARTER / "ua-126-19.yaml", tmp_path)
    broken = (STARTER / "ua-122-20.yaml").read_text(encoding="utf-8").replace("issue_date: 2020-07-23",
                                                                                "issue_date: 2020-06-31")
    assert "2020-06-31" in broken
    (tmp_path / "ua-122-20.yaml").write_text(broken, encoding="utf-8")

    result = runner.invoke(args=["cases", "load", "--folder", str(tmp_path)])
    assert result.exit_code == 1
    assert "Cases created: 2, updated: 0." in result.output
    assert "Skipped ua-122-20.yaml:" in result.output
    line = 1 + broken.splitlines().index("issue_date: 2020-06-31")
    assert f"line {line}: The issue date '2020-06-31' is not a real calendar date." in result.output
    assert sorted(db.session.scalars(select(Case.ua_number))) == ["UA 126.19", "UA 59.20"]


def test_rerunning_the_loader_updates_a_changed_file_in_place(runner, tmp_path: Path) -> None:
    path = tmp_path / "ua-59-20.yaml"
    shutil.copy(STARTER / "ua-59-20.yaml", path)
    assert runner.invoke(args=["cases", "load", "--folder", str(tmp_path)]).exit_code == 0
    case_id = case_by_number("UA 59.20").id
    path.write_text(path.read_text(encoding="utf-8").replace("title: Kelly Gonzalez Aguilar is free",
                                                             "title: Kelly Gonzalez Aguilar is free at last"),
                    encoding="utf-8")
    result = runner.invoke(args=["cases", "load", "--folder", str(tmp_path)])
    assert "Cases created: 0, updated: 1." in result.output
    db.session.expire_all()
    case = case_by_number("UA 59.20")
    assert (case.id, case.title) == (case_id, "Kelly Gonzalez Aguilar is free at last")
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_a_case_holds_everything_its_file_carries(library: None) -> None:
    case = case_by_number("UA 126.19")
    assert (case.country, case.region, case.status, case.issue_date) == (
        "Russian Federation", "Europe and Central Asia", "update", date(2020, 7, 21))
    assert case.people[0] == {"name": "Emir-Usein Kuku", "pronouns": "he/him"}
    assert case.people[1]["pronouns"] == "group"
    assert case.asks == ["Release Emir-Usein Kuku and his five co-defendants, who are prisoners of conscience."]
    assert case.model_letter.startswith("Уважаемые дамы и господа!")
    [target] = case.letter_targets
    assert (target.name, target.salutation, target.language, target.verify) == (
        "Military Court of Appeals", "Уважаемые дамы и господа!", "ru", True)
    assert target.address_lines == ["Military Court of Appeals", "Russian Federation"]
    assert "Crimean Tatars" in case.themes
    assert set(case.student_summaries) == {"elementary", "middle", "high"}
    assert [(e.date, e.kind) for e in case.events] == [(date(2020, 7, 21), "update")]
    assert [n["note"] for n in case.content_notes] == ["detention"]
    thanked = case_by_number("UA 232.17")
    assert thanked.thanks[0].who.startswith("Bobomurod Abdullayev")
    # The file's curator decision is recorded as a decision with its reason and who gave it.
    decided = case_by_number("UA 116.20")
    decision = decided.latest_band_decision
    assert decision is not None and decision.band == decided.min_band == "middle"
    assert decision.suggested_band == decided.suggested_band == "high"
    assert decision.decided_by_name == services.STARTER_EDITORS and decision.reason


# --- who may use the library (the access table covers every route; these are spot checks) -----

def test_a_student_cannot_reach_the_library(library: None, client: FlaskClient, make_student: Callable[..., User],
                                            login: Callable[..., None]) -> None:
    login(make_student())
    case_id = case_by_number("UA 59.20").id
    for url in ("/cases/", f"/cases/{case_id}", f"/cases/{case_id}/export.yaml", "/cases/import"):
        assert client.get(url).status_code == 403, url
    assert client.post("/cases/import", data={"source": "Title: x"}).status_code == 403
    assert "Case library" not in client.get("/").get_data(as_text=True)


def test_a_teacher_cannot_use_the_curator_tools(library: None, client: FlaskClient, teacher: User) -> None:
    case = case_by_number("UA 59.20")
    before = row_counts()
    assert client.post(f"/cases/{case.id}/band", data={"band": "adult", "reason": "I think it is for adults."}
                       ).status_code == 403
    assert client.post(f"/cases/{case.id}/events", data={"kind": "closed", "date": "2021-01-01", "text": "Closed."}
                       ).status_code == 403
    assert row_counts() == before
    assert "Curator tools" not in client.get(f"/cases/{case.id}").get_data(as_text=True)


# --- browsing and searching --------------------------------------------------------------------

@pytest.mark.parametrize(("words", "expected"), [
    ("Kelly", ["Kelly Gonzalez Aguilar is free"]),  # title and people
    ("uzbekistan", ["Bobomurod Abdullayev thanks activists"]),  # country
    ("Liu Yongze", ["Human rights defenders face secret trial"]),  # a person only
    ("Garifuna", ["Indigenous human rights activists missing"]),  # summary
    ("kelly free", ["Kelly Gonzalez Aguilar is free"]),  # every word must match
    ("kelly cuba", []),
])
def test_search_finds_words_in_title_country_people_and_summary(library: None, client: FlaskClient, teacher: User,
                                                               words: str, expected: list[str]) -> None:
    page = client.get("/cases/", query_string={"q": words}).get_data(as_text=True)
    assert listed_titles(page) == expected


def test_filters_by_band_status_country_and_theme(library: None, client: FlaskClient, teacher: User) -> None:
    everything = listed_titles(client.get("/cases/").get_data(as_text=True))
    assert len(everything) == 13

    def titles(**filters: str) -> set[str]:
        return set(listed_titles(client.get("/cases/", query_string=filters).get_data(as_text=True)))

    elementary = titles(band="elementary")
    assert elementary == {c.title for c in db.session.scalars(select(Case).where(Case.min_band == "elementary"))}
    assert "Kelly Gonzalez Aguilar is free" not in elementary  # rated middle
    assert titles(band="middle") > elementary
    assert titles(status="closed") == {"Bobomurod Abdullayev thanks activists", "Munther Amira thanks supporters",
                                       "ODTÜ student Pride March organizers thank supporters"}
    assert titles(country="Palestine") == {"Anti-corruption activists must be released",
                                           "Munther Amira thanks supporters"}
    assert titles(theme="Crimean Tatars") == {"Conviction of prisoners of conscience upheld"}
    # Its deadline (2020) is long past on the pinned clock: not "Action needed" (test_case_import_edges.py).
    assert titles(country="Palestine", status="action") == set()
    # The filter menus offer what the library holds.
    page = client.get("/cases/").get_data(as_text=True)
    assert '<option value="Palestine">Palestine</option>' in page
    assert '<option value="Crimean Tatars">Crimean Tatars</option>' in page


def test_each_result_shows_its_band_and_content_notes(library: None, client: FlaskClient, teacher: User) -> None:
    page = client.get("/cases/", query_string={"q": "kelly"}).get_data(as_text=True)
    item = plain(re.search(r'<li class="case-item">.*?</li>', page, re.DOTALL).group(0))
    assert "Middle school and up" in item
    assert "Content notes: Detention, Violence" in item
    assert "Victory" in item


def test_library_defaults_to_the_band_of_the_class_being_worked_on(library: None, client: FlaskClient,
                                                                  teacher: User,
                                                                  make_class: Callable[..., Classroom]) -> None:
    younger = make_class(teacher, name="4A", band="elementary")
    page = client.get(f"/cases/?class_id={younger.id}").get_data(as_text=True)
    assert "Showing cases suitable for 4A (Elementary)" in plain(page)
    assert '<option selected value="elementary">' in page
    shown = listed_titles(page)
    assert shown and "Kelly Gonzalez Aguilar is free" not in shown
    assert all(case_by_number(c.ua_number).min_band == "elementary"
               for c in db.session.scalars(select(Case).where(Case.title.in_(shown))))
    # Links keep the class, so the case page shows that class's summary.
    assert f"?class_id={younger.id}" in re.search(r'<li class="case-item">\s*<h2><a href="([^"]+)"', page).group(1)
    # The teacher may widen the search on purpose; closed cases (which can't be assigned)
    # stay out of a class's list unless asked for by status.
    widened = listed_titles(client.get(f"/cases/?class_id={younger.id}&band=").get_data(as_text=True))
    assert len(widened) == 10
    closed = listed_titles(client.get(f"/cases/?class_id={younger.id}&band=&status=closed").get_data(as_text=True))
    assert len(closed) == 3 and not set(closed) & set(widened)


def test_without_a_class_the_library_defaults_to_the_one_band_of_the_teachers_classes(
        library: None, client: FlaskClient, teacher: User, make_class: Callable[..., Classroom]) -> None:
    make_class(teacher, name="4A", band="elementary")
    make_class(teacher, name="4B", band="elementary")
    page = client.get("/cases/").get_data(as_text=True)
    assert "Showing cases suitable for your classes (Elementary)" in plain(page)
    assert '<option selected value="elementary">' in page
    assert "Kelly Gonzalez Aguilar is free" not in listed_titles(page)
    assert len(listed_titles(client.get("/cases/?band=").get_data(as_text=True))) == 13  # chosen on purpose

    make_class(teacher, name="9C", band="high")  # two bands: no single default
    page = client.get("/cases/").get_data(as_text=True)
    assert "suitable for your classes" not in page and len(listed_titles(page)) == 13


def test_a_class_the_teacher_does_not_teach_gives_no_default(library: None, client: FlaskClient, teacher: User,
                                                            make_class: Callable[..., Classroom]) -> None:
    foreign = make_class(name="Not mine", band="elementary")
    page = client.get(f"/cases/?class_id={foreign.id}").get_data(as_text=True)
    assert "Not mine" not in page
    assert len(listed_titles(page)) == 13


def test_case_page_shows_the_summary_for_the_class_band_and_the_whole_case(library: None, client: FlaskClient,
                                                                           teacher: User,
                                                                           make_class: Callable[..., Classroom]) -> None:
    case = case_by_number("UA 126.19")
    younger = make_class(teacher, name="4A", band="elementary")
    page = plain(client.get(f"/cases/{case.id}?class_id={younger.id}").get_data(as_text=True))
    assert f"For 4A (Elementary): {case.student_summaries['elementary']}" in page
    for seen in ("Emir-Usein Kuku (he/him)", "The five co-defendants of Emir-Usein Kuku (group)",
                 case.asks[0], "Military Court of Appeals", "Salutation: Уважаемые дамы и господа! · Language: ru",
                 "Verify this address before mailing", "Detention (Elementary and up) Found: “prisoners”, “prison”, “prisoner”, “jailed”, “locked up”",
                 "21 July 2020 Update On 25 June the Russian Military Court of Appeals upheld"):
        assert seen in page, seen

    older = make_class(teacher, name="10C", band="high")
    page = plain(client.get(f"/cases/{case.id}?class_id={older.id}").get_data(as_text=True))
    assert f"For 10C (High school): {case.student_summaries['high']}" in page


def test_case_page_warns_when_the_case_is_above_the_class_band(library: None, client: FlaskClient, teacher: User,
                                                              make_class: Callable[..., Classroom]) -> None:
    case = case_by_number("UA 59.20")
    younger = make_class(teacher, name="4A", band="elementary")
    page = plain(client.get(f"/cases/{case.id}?class_id={younger.id}").get_data(as_text=True))
    assert "This case is rated Middle school and up because of: Violence (“violence”)" in page
    assert "Your class is Elementary." in page
    # No summary is written for elementary: the teachers' summary is not passed off as the class's.
    assert "For 4A (Elementary)" not in page
    assert f"No student summary is written for Elementary. This is the summary for teachers. {case.summary}" in page


def _count_statements(app: Flask) -> Iterator[list[str]]:
    """Record every SQL statement the app's engine runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


counting = contextmanager(_count_statements)


def _add_cases(first: int, count: int, owner: User | None = None) -> None:
    """Add ``count`` public cases with targets, themes and content notes."""
    for n in range(first, first + count):
        services.create_case(case_data(ua_number=f"UA {n}.21", title=f"Case number {n}", country=f"Country {n % 7}",
                                       themes=[f"theme {n % 5}", "freedom of expression"]),
                             created_by=None, owner=owner)
    db.session.commit()


def test_listing_500_cases_runs_as_few_queries_as_listing_50(app: Flask, client: FlaskClient, teacher: User,
                                                            make_class: Callable[..., Classroom]) -> None:
    classroom = make_class(teacher, band="high")
    _add_cases(1, 45)
    _add_cases(1000, 5, owner=teacher)  # private imports are listed too
    urls = ("/cases/", f"/cases/?class_id={classroom.id}", "/cases/?q=case+number&theme=freedom+of+expression")

    def statements_for(url: str, expected_cases: int) -> int:
        with counting(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert f"{expected_cases} cases" in response.get_data(as_text=True)
        return len(statements)

    small = {url: statements_for(url, 50) for url in urls}
    _add_cases(100, 450)
    large = {url: statements_for(url, 500) for url in urls}
    assert large == small
    assert max(large.values()) <= 10, large


# --- band decisions -----------------------------------------------------------------------------

def test_curator_changes_the_band_with_a_reason_and_it_is_kept(library: None, client: FlaskClient,
                                                              curator: User) -> None:
    case = case_by_number("UA 126.19")
    assert (case.suggested_band, case.min_band) == ("elementary", "elementary")
    reason = "The prison sentences need a class discussion about fair trials."
    response = client.post(f"/cases/{case.id}/band", data={"band": "middle", "reason": reason})
    assert response.status_code == 302
    decision = db.session.scalar(select(BandDecision).where(BandDecision.case_id == case.id))
    assert decision is not None
    assert (decision.band, decision.suggested_band, decision.reason) == ("middle", "elementary", reason)
    assert (decision.decided_by_id, decision.decided_by_name) == (curator.id, "Dr Lin Chen")
    assert case_by_number("UA 126.19").min_band == "middle"
    page = plain(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert f"Rule table suggested Elementary; Dr Lin Chen set Middle school: “{reason}”" in page
    assert "Suitable for Middle school and older." in page
    # Reloading the starter library rates the text again but keeps the curator's decision.
    load_library()
    db.session.expire_all()
    assert case_by_number("UA 126.19").min_band == "middle"


def test_reloading_the_starter_library_keeps_a_curator_decision_over_the_file_decision(
        library: None, client: FlaskClient, curator: User, runner) -> None:
    case = case_by_number("UA 116.20")  # its file carries a decision (middle)
    reason = "Children in detention: we want this read with older students."
    assert client.post(f"/cases/{case.id}/band", data={"band": "high", "reason": reason}).status_code == 302
    assert runner.invoke(args=["cases", "load"]).exit_code == 0
    db.session.expire_all()
    case = case_by_number("UA 116.20")
    assert case.min_band == "high"
    assert [(d.band, d.decided_by_name) for d in case.band_decisions] == [
        ("middle", services.STARTER_EDITORS), ("high", "Dr Lin Chen")]


def test_curator_can_confirm_the_suggested_band(library: None, client: FlaskClient, curator: User) -> None:
    case = case_by_number("UA 59.20")
    response = client.post(f"/cases/{case.id}/band", data={"band": "middle", "reason": "Read it: middle is right."})
    assert response.status_code == 302
    assert [d.band for d in case_by_number("UA 59.20").band_decisions] == ["middle"]


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Write the reason for this band."),
    ("Too sad", "Write a reason of 10 to 1000 characters."),
])
def test_a_band_change_without_a_reason_is_refused_beside_the_field(library: None, client: FlaskClient,
                                                                    curator: User, reason: str, message: str) -> None:
    case = case_by_number("UA 126.19")
    response = client.post(f"/cases/{case.id}/band", data={"band": "adult", "reason": reason})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="reason-error">{message}</p>' in page
    field = re.search(r"<textarea[^>]*\bid=\"reason\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field and "reason-error" in field
    assert '<option selected value="adult">' in page  # what the curator chose is kept
    # The curator tools are below the fold: the top of the page says what to fix and links to it.
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.DOTALL).group(0)
    assert f'<a href="#reason">Reason: {message}</a>' in summary
    assert db.session.scalar(select(func.count(BandDecision.id)).where(BandDecision.case_id == case.id)) == 0
    assert case_by_number("UA 126.19").min_band == "elementary"


def test_every_field_of_the_curator_tools_has_its_own_id(library: None, client: FlaskClient, curator: User) -> None:
    page = client.get(f"/cases/{case_by_number('UA 59.20').id}").get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    # Each date field is labelled by its own label (the event's and the message of thanks').
    assert '<label for="date">Date</label>' in page and re.search(r'<input [^>]*id="date" name="date"', page)
    assert '<label for="thanks_date">Date (optional)</label>' in page
    assert re.search(r'<input [^>]*id="thanks_date" name="date"', page)


# --- readability of the student summaries --------------------------------------------------------

HARD_SUMMARY = ("Notwithstanding considerable international condemnation, the administrative authorities "
                "systematically perpetuated the incommunicado detention of numerous independent journalists, "
                "characterising their legitimate professional activities as constituting unauthorised "
                "dissemination of information threatening national security considerations.")


def test_each_student_summary_shows_its_reading_grade_and_a_warning_above_its_band(
        client: FlaskClient, curator: User) -> None:
    source = ("UA number: UA 77.21\nTitle: Journalists held\nCountry: Examplestan\nDate: 1 March 2021\n"
              "Status: action\nPeople at risk: Ana Example (she/her)\n"
              "Summary: Journalists were detained for their work.\nRecommended action\n- Release them.\n"
              "TARGETS\nName: Minister of Justice\nAddress: Ministry of Justice\nCapital City\n"
              "Salutation: Dear Minister,\n")
    response = client.post("/cases/import", data={"source": source, "accept": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    case = case_by_number("UA 77.21")
    # Summaries per band come with the YAML form; set them as a curator's file would.
    data = services.case_to_dict(case) | {"student_summaries": {
        "elementary": HARD_SUMMARY, "middle": "Journalists are in prison because of their work. Letters ask for them to be freed."}}
    services.update_case(case, data)
    db.session.commit()

    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    grades = re.findall(r'<div class="summary-grade">\s*<p>(.*?)</p>', page, re.DOTALL)
    assert len(grades) == 2
    elementary, middle = (plain(g) for g in grades)
    assert re.fullmatch(r"Elementary · reading grade \d+(\.\d)? reads above this band", elementary), elementary
    assert float(elementary.split("reading grade ")[1].split()[0]) > 5
    assert re.fullmatch(r"Middle school · reading grade \d+(\.\d)?", middle), middle


def test_a_hard_elementary_summary_imported_from_yaml_is_flagged(client: FlaskClient, curator: User) -> None:
    import yaml

    data = services.case_to_dict(_saved_example()) | {"ua_number": "UA 78.21",
                                                       "student_summaries": {"elementary": HARD_SUMMARY}}
    response = client.post("/cases/import", data={"source": yaml.safe_dump(data), "filename": "ua-78-21.yaml",
                                                  "accept": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = plain(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "reads above this band" in page


def _saved_example() -> Case:
    """A saved example case (to export its dict)."""
    case = services.create_case(case_data(), created_by=None)
    db.session.commit()
    return case


# --- updates, victories and closure -----------------------------------------------------------------

def test_curator_adds_update_victory_and_closure_which_set_the_status(library: None, client: FlaskClient,
                                                                    curator: User) -> None:
    case = case_by_number("UA 122.20")
    assert case.status == "action" and accepts_letters(case)
    steps = [("update", "2020-08-10", "The activists were released on bail."),
             ("victory", "2020-09-01", "All charges were dropped."),
             ("closed", "2020-10-01", "No more letters are needed. Thank you!")]
    for kind, when, what in steps:
        response = client.post(f"/cases/{case.id}/events", data={"kind": kind, "date": when, "text": what})
        assert response.status_code == 302
        case = case_by_number("UA 122.20")
        assert case.status == kind
        assert case.events[-1].created_by_id == curator.id
    assert [(e.kind, e.text) for e in case.events] == [(k, t) for k, _, t in steps]
    assert not accepts_letters(case)
    page = plain(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert "1 October 2020 Closed No more letters are needed. Thank you!" in page
    assert "Closed" in plain(client.get("/cases/?q=ramallah").get_data(as_text=True))


def test_a_backdated_update_does_not_reopen_a_closed_case(library: None, client: FlaskClient, curator: User) -> None:
    case = case_by_number("UA 122.20")
    client.post(f"/cases/{case.id}/events", data={"kind": "closed", "date": "2020-10-01", "text": "Closed."})
    response = client.post(f"/cases/{case.id}/events",
                           data={"kind": "update", "date": "2020-08-10", "text": "Recorded late: released on bail."})
    assert response.status_code == 302
    case = case_by_number("UA 122.20")
    assert [e.kind for e in case.events] == ["update", "closed"]
    assert case.status == "closed"
    assert not accepts_letters(case)


def test_an_event_before_the_issue_date_is_refused_beside_the_field(library: None, client: FlaskClient,
                                                                    curator: User) -> None:
    case = case_by_number("UA 122.20")
    response = client.post(f"/cases/{case.id}/events", data={"kind": "victory", "date": "2019-01-01", "text": "Freed."})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'<p class="error" id="[^"]*date-error">The date can(\'|&#39;)t be before the case was issued.</p>',
                     page)
    response = client.post(f"/cases/{case.id}/events", data={"kind": "victory", "date": "2020-09-01", "text": ""})
    assert response.status_code == 200
    assert '<p class="error" id="text-error">Describe what happened.</p>' in response.get_data(as_text=True)
    case = case_by_number("UA 122.20")
    assert case.status == "action" and case.events == []


def test_a_timeline_entry_may_be_dated_from_the_issue_date_on(library: None) -> None:
    case = case_by_number("UA 122.20")
    day = timedelta(days=1)
    assert services.event_date_problem(case, case.issue_date - day) == "The date can't be before the case was issued."
    assert services.event_date_problem(case, case.issue_date) is None
    assert services.event_date_problem(case, case.issue_date + day) is None
