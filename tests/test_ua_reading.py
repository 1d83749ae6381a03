"""Reading the Urgent Actions Amnesty publishes (classroom/cases/reading): every line accounted
for, every field as a curator would read it, and every doubt said beside the field with its line.

The corpus in tests/data/ua is written for these tests: made-up people, places and officials
in the real published layouts. Beside each text, a YAML file says what the reader must make of it.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from classroom.cases.parsing import read_source
from classroom.cases.reading import FAMILIES, detect_family, read_case

CORPUS = Path(__file__).parent / "data" / "ua"
FIXTURES = sorted(CORPUS.glob("*.txt"))
LABELLED = sorted((Path(__file__).parent / "data" / "imports").glob("*.txt"))


def expected(path: Path) -> dict[str, Any]:
    """The reviewed reading of a fixture."""
    return yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))


def field_cases() -> list[Any]:
    """(fixture, field) pairs, so a wrong field fails on its own with its name."""
    pairs = []
    for path in FIXTURES:
        for key in expected(path)["case"]:
            pairs.append(pytest.param(path, key, id=f"{path.stem}:{key}"))
    return pairs


def test_the_corpus_has_at_least_four_texts_per_family() -> None:
    families = Counter(expected(path)["family"] for path in FIXTURES)
    for family in ("plain_text", "followup", "document_2013", "template_2020", "usa_web"):
        assert families[family] >= 4, family


@pytest.mark.parametrize("path", FIXTURES + LABELLED, ids=lambda p: p.stem)
def test_every_line_is_in_exactly_one_field_or_in_the_unused_list(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reading = read_case(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    non_blank = {number for number, line in enumerate(lines, start=1) if line.replace("\u00a0", " ").strip()}
    unused = {number for number, _ in reading.unused}
    assert reading.conflicts == []
    assert not unused & set(reading.fields)
    assert unused | set(reading.fields) == non_blank


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_the_family_is_recognised(path: Path) -> None:
    assert detect_family(path.read_text(encoding="utf-8")) == expected(path)["family"]


@pytest.mark.parametrize(("path", "key"), field_cases())
def test_each_field_reads_as_expected(path: Path, key: str) -> None:
    assert read_case(path.read_text(encoding="utf-8")).case.get(key) == expected(path)["case"][key]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_no_field_appears_that_the_text_does_not_give(path: Path) -> None:
    assert set(read_case(path.read_text(encoding="utf-8")).case) == set(expected(path)["case"])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_unused_lines_and_warnings_are_the_expected_ones(path: Path) -> None:
    reading = read_case(path.read_text(encoding="utf-8"))
    want = expected(path)
    assert [[number, text] for number, text in reading.unused] == want["unused"]
    assert [{"line": p.line, "field": p.field} for p in reading.problems] == want["warnings"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_imports_without_a_blocking_problem(path: Path) -> None:
    result = read_source(path.read_text(encoding="utf-8"), path.name)
    assert result.blocking == []
    assert result.case is not None
    assert result.family == expected(path)["family"]


# --- real values understood ------------------------------------------------------------------

def read(name: str) -> dict[str, Any]:
    """The case read from one fixture."""
    return read_case((CORPUS / name).read_text(encoding="utf-8")).case


def test_not_published_and_na_emails_are_no_email_not_an_error() -> None:
    assert "email" not in read("plain-1-classic.txt")["targets"][1]  # "Email: (not published)"
    assert "email" not in read("plain-4-single-target.txt")["targets"][0]  # "Email: N/A"
    result = read_source((CORPUS / "plain-1-classic.txt").read_text(encoding="utf-8"))
    assert result.case["targets"][1]["email"] is None


def test_a_copies_to_description_is_an_instruction_never_an_address() -> None:
    case = read("plain-1-classic.txt")
    assert case["copies_to_note"] == "Diplomatic representatives of Mexico accredited to your country."
    assert "copies_to" not in case


def test_fax_twitter_and_telegram_lines_are_kept_as_contact_lines() -> None:
    target = read("plain-2-nineties.txt")["targets"][0]
    assert target["contacts"] == ["Telegrams: Justice Minister, Jakarta", "Fax: +62 21 555 0199"]
    assert all("Fax" not in line for line in target["address"])


def test_the_first_preferred_language_is_the_targets_language() -> None:
    assert [t["language"] for t in read("template-3-double-spaced.txt")["targets"]] == ["tr", "tr"]
    assert read("plain-1-classic.txt")["targets"][0]["language"] == "es"  # "in Spanish or your own language"


def test_the_ai_index_is_kept_and_gives_the_region() -> None:
    case = read("document-1-classic.txt")
    assert (case["ai_index"], case["region"]) == ("MDE 12/021/2014", "Middle East and North Africa")


def test_a_follow_up_is_read_in_the_layout_of_its_time() -> None:
    assert read("followup-1-no-further-action.txt")["status"] == "closed"
    assert read("followup-2-document-further-action.txt")["status"] == "update"
    assert read("followup-4-victory.txt")["status"] == "victory"


# --- messages: what and which line --------------------------------------------------------------

def test_a_name_line_without_a_title_or_office_is_read_with_a_warning_on_its_line() -> None:
    reading = read_case((CORPUS / "document-2-pdf-page-furniture.txt").read_text(encoding="utf-8"))
    warning = next(p for p in reading.problems if p.field == "copies_to.0.name")
    assert warning.line == 22 and warning.warning
    assert "Line 22 was read as the official's name" in warning.message


def test_a_country_taken_from_an_address_says_so() -> None:
    reading = read_case((CORPUS / "document-1-classic.txt").read_text(encoding="utf-8"))
    warning = next(p for p in reading.problems if p.field == "country")
    assert warning.line == 18
    assert warning.message == "The country 'Egypt' was taken from the last address line of target 1; check it."


def test_a_target_without_salutation_is_missing_with_the_line_it_was_expected_after() -> None:
    text = (CORPUS / "plain-4-single-target.txt").read_text(encoding="utf-8").replace(
        "Salutation: Dear Procurator General\n", "")
    reading = read_case(text)
    problem = next(p for p in reading.problems if p.field == "targets.0.salutation")
    assert problem.message == ("Target 1 has no salutation (a 'Salutation:' or 'Dear …' line). "
                               "No line looked like it.")
    result = read_source(text)
    assert result.case is None
    assert any(p.field == "targets.0.salutation" and not p.warning for p in result.blocking)


def test_a_plain_text_ua_without_its_concern_says_where_the_title_was_expected() -> None:
    text = (CORPUS / "plain-4-single-target.txt").read_text(encoding="utf-8").replace(
        "UA 301/05   Fear for safety", "UA 301/05")
    problem = next(p for p in read_case(text).problems if p.field == "title")
    assert problem.line == 3
    assert problem.message == "The UA line names no concern to use as the title. It was expected after line 3."


def test_an_unknown_preferred_language_is_named_with_its_line() -> None:
    text = (CORPUS / "plain-4-single-target.txt").read_text(encoding="utf-8").replace(
        "Email: N/A", "Preferred language: Klingonese")
    problem = next(p for p in read_case(text).problems if p.field == "targets.0.language")
    assert problem.line == 24
    assert "'Klingonese' is not a language the importer knows" in problem.message


def test_page_furniture_and_template_placeholders_are_listed_as_not_used() -> None:
    reading = read_case((CORPUS / "document-2-pdf-page-furniture.txt").read_text(encoding="utf-8"))
    assert (20, "Page 1 of 2") in reading.unused and (37, "Page 2 of 2") in reading.unused
    assert any(text.startswith("Name Address 1") for _, text in reading.unused)


def test_a_hyphenated_line_break_is_joined_and_both_lines_are_in_the_field() -> None:
    reading = read_case((CORPUS / "document-2-pdf-page-furniture.txt").read_text(encoding="utf-8"))
    assert "he broadcast an interview" in reading.case["summary"]
    assert reading.fields[3] == reading.fields[4] == "summary"


def test_every_family_has_a_name_for_the_preview() -> None:
    assert set(FAMILIES) >= {"plain_text", "followup", "document_2013", "template_2020", "usa_web", "labelled"}


def test_the_import_result_as_json_has_the_case_the_problems_and_the_unused_lines() -> None:
    result = read_source((CORPUS / "template-2-update.txt").read_text(encoding="utf-8"), "ua.txt")
    data = result.as_json()
    assert data["case"]["ua_number"] == "118/21" and data["case"]["issue_date"] == "2022-08-03"
    assert data["family"] == "template_2020"
    assert {"line": 19, "field": "asks", "warning": True,
            "message": "The asks were taken from the model letter's 'I urge you…' sentences; check them."} \
        in data["problems"]
    assert data["unused"] == [{"line": 38, "text": "LINK TO PREVIOUS UA: "
                                                   "https://www.amnesty.org/en/documents/amr23/0000/2021/en/"}]


def test_a_whole_listing_page_gives_its_first_action_and_lists_the_rest_as_not_used() -> None:
    """As the seed (the Amnesty USA Urgent Action Network page): site text and several actions pasted at once."""
    reading = read_case((CORPUS / "web-5-listing-page.txt").read_text(encoding="utf-8"))
    assert (reading.case["title"], reading.case["country"], reading.case["ua_number"], reading.case["status"]) == (
        "Poet Freed After Six Months", "Kenya", "UA 77.20", "victory")
    assert reading.case["summary"].startswith("Poet and teacher Wanjiru Achieng Otieno was released")
    unused = dict(reading.unused)
    assert unused[1] == "Stand with people whose rights are in danger today."
    assert unused[23] == "Urgent Action: Fishermen Held Incommunicado (Sri Lanka: UA 133.20)"
    several = next(p for p in reading.problems if p.field == "title")
    assert several.line == 13
    assert several.message == ("This text holds 3 Urgent Actions (headlines on lines 13, 23, 29); only the first "
                               "was read. Paste one Urgent Action at a time.")
    before = next(p for p in reading.problems if p.field == "summary")
    assert before.message == ("The 5 lines before line 11 are not part of the Urgent Action (the page around it) "
                              "and were not used.")


def test_a_required_field_no_line_gave_is_reported_as_missing() -> None:
    text = (CORPUS / "web-2-update-asks.txt").read_text(encoding="utf-8").replace(
        "Names: Zhou Weiming, Lin Xiaodan\n", "")
    problem = next(p for p in read_case(text).problems if p.field == "people")
    assert problem.message == "No line gave the people at risk. No line looked like it."


# --- any text: no crash, the ledger holds ---------------------------------------------------------

ALL_LINES = sorted({line for path in FIXTURES for line in path.read_text(encoding="utf-8").splitlines()})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ALL_LINES), st.text(max_size=60)), max_size=60))
def test_any_mix_of_real_lines_reads_without_error_and_keeps_the_ledger(lines: list[str]) -> None:
    text = "\n".join(lines)
    reading = read_case(text)
    result = read_source(text, "paste.txt")
    assert reading.conflicts == []
    non_blank = {n for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
                 if line.translate({0xa0: " ", 0x200b: None, 0xfeff: None, 0xad: None}).strip()}
    if reading.family != "labelled":
        assert {n for n, _ in reading.unused} | set(reading.fields) == non_blank
    assert all(isinstance(p.message, str) and p.message for p in result.problems)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FIXTURES), st.sets(st.integers(min_value=0, max_value=80), max_size=12))
def test_a_fixture_with_lines_missing_reads_without_error_and_keeps_the_ledger(path: Path, drop: set[int]) -> None:
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    text = "\n".join(line for index, line in enumerate(lines) if index not in drop)
    reading = read_case(text)
    read_source(text, path.name)
    assert reading.conflicts == []
    non_blank = {n for n, line in enumerate(text.split("\n"), start=1) if line.replace("\u00a0", " ").strip()}
    assert {n for n, _ in reading.unused} | set(reading.fields) == non_blank


def test_lines_a_narrow_column_wrapped_read_as_the_one_line_they_are() -> None:
    # As a PDF's column gives them: the lead-in, names list, reference line and closing each wrapped.
    text = (CORPUS / "document-1-classic.txt").read_text(encoding="utf-8")
    wrapped = (text.replace("in Arabic, English or your own language:", "in Arabic, English\nor your own language:")
               .replace("Name: Amira Haddad", "Names: Amira Haddad, Laila\nSamir")
               .replace("Issue Date: 1 May 2014", "Issue\nDate: 1 May 2014")
               .replace("Salutation Salutation", "Salutation\nSalutation"))
    reading = read_case(wrapped)
    want = expected(CORPUS / "document-1-classic.txt")["case"]
    assert reading.case["targets"][0]["language"] == "ar" and reading.case["asks"] == want["asks"]
    assert reading.case["issue_date"] == "2014-05-01"
    assert reading.case["copies_to_note"] == want["copies_to_note"]
    assert [p["name"] for p in reading.case["people"]] == ["Amira Haddad", "Laila Samir"]
    assert reading.conflicts == []
