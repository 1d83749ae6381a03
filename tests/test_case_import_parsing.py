"""The import pipeline without a database: pasted text, YAML and JSON -> one normalised case,
and every problem with its line (classroom/cases/parsing.py and schema.py)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom.cases.parsing import TEXT_LABELS, detect_format, parse, parse_structured, parse_text
from classroom.cases.case_dates import parse_date
from classroom.cases.case_format import MAX_SOURCE_BYTES, Problem, normalise_ua_number
from classroom.cases.languages import language_code
from classroom.cases.schema import validate

IMPORTS = Path(__file__).parent / "data" / "imports"
BROKEN = IMPORTS / "broken"


def read(path: Path) -> str:
    """A sample file's text."""
    return path.read_text(encoding="utf-8")


def parse_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Run the whole pipeline on a sample file, passing its name as an upload would."""
    return parse(read(path), path.name)


def only_problem(source: str, filename: str | None = None) -> Problem:
    """The single problem a broken input has; nothing half-parsed comes back with it."""
    data, problems = parse(source, filename)
    assert data is None
    assert len(problems) == 1, problems
    return problems[0]


# --- good inputs ---------------------------------------------------------------------

HONDURAS = {
    "ua_number": "UA 123.20",
    "follows_up": None,
    "ai_index": None,
    "country": "Honduras",
    "region": "Americas",
    "title": "Indigenous Human Rights Activists Missing",
    "issue_date": date(2020, 7, 24),
    "deadline": date(2020, 9, 4),
    "status": "action",
    "people": [
        {"name": "Alberth Snider Centeno Tomas", "pronouns": "he/him"},
        {"name": "Suami Aparicio Mejía García", "pronouns": "he/him"},
        {"name": "Gerardo Mizael Rochez Cálix", "pronouns": "he/him"},
        {"name": "Milton Joel Martínez Álvarez", "pronouns": "he/him"},
        {"name": "Junior Rafael Juárez Mejía", "pronouns": ""},
    ],
    "summary": "Unknown individuals wearing police-type clothing took four Garifuna activists and a fifth person "
               "from their homes on 18 July 2020. They have been missing since then.\n\n"
               "The Secretary of Security ordered a search operation, but their whereabouts remain unknown.",
    "background": "Alberth Snider Centeno Tomas is President of the Board of Triunfo de la Cruz on behalf of the "
                  "Black Fraternal Organization of Honduras (OFRANEH). We demand is not a label here, because prose "
                  "keeps its words. We demand that the authorities act now.",
    "asks": [
        "Determine the whereabouts of the five men and return them safely to their families.",
        "Ensure an independent, effective and impartial investigation into their disappearance.",
        "Bring those responsible to justice in fair trials.",
    ],
    "model_letter": "Estimado Señor Secretario:\n\n"
                    "I am writing to ask you to find Alberth Snider Centeno Tomas, Suami Aparicio Mejía García,\n"
                    "Gerardo Mizael Rochez Cálix, Milton Joel Martínez Álvarez and Junior Rafael Juárez Mejía.\n\n"
                    "Yours sincerely,\nName\nDate: (today's date)",
    "targets": [
        {"name": "Secretary of Security", "title": "Secretaría de Seguridad",
         "salutation": "Estimado Señor Secretario:",
         "address": ["Secretaría de Seguridad", "Tegucigalpa", "Honduras"],
         "email": "security@example.org", "language": "es", "contacts": [], "verify": False},
        {"name": "Attorney General", "title": "Ministerio Público", "salutation": "Estimado Señor Fiscal General:",
         "address": ["Ministerio Público", "Colonia Lomas del Guijarro", "Tegucigalpa", "Honduras"],
         "email": None, "language": "es", "contacts": [], "verify": False},
    ],
    "copies_to": [
        {"name": "Embassy of Honduras", "title": None, "salutation": None,
         "address": ["Embassy of Honduras", "Washington, DC", "USA"],
         "email": "embassy@example.org", "language": None, "contacts": [], "verify": False},
    ],
    "copies_to_note": None,
    "themes": ["Indigenous peoples' rights", "human rights defenders", "enforced disappearance"],
    "student_summaries": {},
    "rating": None,
    "timeline": [{"date": date(2020, 7, 30), "kind": "update",
                  "text": "The search operation continues. Families are still waiting for news."}],
    "thanks": [],
}


def test_full_text_paste_with_two_targets_normalises_completely() -> None:
    # The sample mixes "Title:", "country Honduras" (no colon), "Summary" alone, lower-case
    # target labels, a label alone with its value on the next line, bullets of three kinds,
    # a "Fax:" line (ignored) and a model letter whose "Name"/"Date:" lines are not labels.
    data, problems = parse_file(IMPORTS / "honduras-ua-123-20.txt")
    assert problems == []
    assert data == HONDURAS
    assert list(data) == list(HONDURAS)  # the field order of docs/case-format.md


def test_text_reader_records_the_line_of_every_field() -> None:
    parsed = parse_text(read(IMPORTS / "honduras-ua-123-20.txt"))
    assert parsed.problems == []
    assert parsed.lines["ua_number"] == 2
    assert parsed.lines["country"] == 5
    assert parsed.lines["people.2"] == 14
    assert parsed.lines["asks.1"] == 33
    assert parsed.lines["targets.1"] == 46
    assert parsed.lines["targets.1.salutation"] == 54
    assert parsed.lines["copies_to.0.email"] == 62
    assert parsed.lines["timeline.0.kind"] == 76


KELLY = {
    "ua_number": "UA 59.20",
    "follows_up": None,
    "ai_index": None,
    "country": "USA",
    "region": "Americas",
    "title": "Kelly Gonzalez Aguilar is free",
    "issue_date": date(2020, 7, 30),
    "deadline": None,
    "status": "victory",
    "people": [{"name": "Kelly Gonzalez Aguilar", "pronouns": "she/her"}],
    "summary": "Kelly Gonzalez Aguilar, a 24-year-old transgender woman, fled Honduras when she was 12 years old "
               "because of violence against her. US immigration authorities detained her while her asylum "
               "request was in process.",
    "background": None,
    "asks": ["Release Kelly Gonzalez Aguilar from immigration detention."],
    "model_letter": "Dear Director,\n\nI am writing about Kelly Gonzalez Aguilar.",
    "targets": [{"name": "Director, Immigration and Customs Enforcement",
                 "title": "US Immigration and Customs Enforcement", "salutation": "Dear Director,",
                 "address": ["500 12th St SW", "Washington, DC 20536", "USA"], "email": None,
                 "language": "en", "contacts": [], "verify": True}],
    "copies_to": [],
    "copies_to_note": None,
    "themes": ["transgender rights", "asylum", "COVID-19"],
    "student_summaries": {"middle": "Kelly fled danger and asked the USA for safety. She was locked up while she "
                                    "waited. Now she is free."},
    "rating": {"expected_band": "middle", "expected_notes": ["detention"],
               "decision": {"band": "middle", "reason": "Detention is described without violence.",
                            "by": "Starter library editors"}},
    "timeline": [{"date": date(2020, 7, 30), "kind": "victory",
                  "text": "Immigration authorities released Kelly from detention."}],
    "thanks": [],
}


def test_yaml_case_file_normalises() -> None:
    # "UA59.20", "americas", "Victory" and "EN" come back in their normal spellings.
    data, problems = parse_file(IMPORTS / "kelly-ua-59-20.yaml")
    assert problems == []
    assert data == KELLY


def test_yaml_and_json_of_the_same_case_normalise_identically() -> None:
    from_yaml = parse_file(IMPORTS / "kelly-ua-59-20.yaml")
    from_json = parse_file(IMPORTS / "kelly-ua-59-20.json")
    assert from_json == from_yaml == (KELLY, [])


def test_json_is_detected_without_a_file_name() -> None:
    assert parse(read(IMPORTS / "kelly-ua-59-20.json")) == (KELLY, [])


def test_text_and_yaml_of_the_same_case_normalise_identically() -> None:
    from_text = parse_file(IMPORTS / "palestine-ua-122-20.txt")
    from_yaml = parse_file(IMPORTS / "palestine-ua-122-20.yaml")
    assert from_text[1] == []
    assert from_text == from_yaml
    assert from_text[0] is not None
    assert from_text[0]["people"] == [{"name": "Anti-corruption activists in Ramallah", "pronouns": "group"}]
    assert from_text[0]["targets"][0]["language"] == "ar"  # "Arabic" in the paste


def test_structured_readers_record_lines_of_nested_keys() -> None:
    yaml_lines = parse_structured(read(IMPORTS / "kelly-ua-59-20.yaml"), "yaml").lines
    assert yaml_lines["ua_number"] == 3
    assert yaml_lines["targets.0"] == 25
    assert yaml_lines["targets.0.address.1"] == 30
    assert yaml_lines["rating.decision.reason"] == 47
    json_lines = parse_structured(read(IMPORTS / "kelly-ua-59-20.json"), "json").lines
    assert json_lines["ua_number"] == 2
    assert json_lines["targets.0"] == 22
    assert json_lines["targets.0.salutation"] == 25
    assert json_lines["timeline.0.kind"] == 59


def test_export_comes_back_as_the_same_case() -> None:
    # The export route writes yaml.safe_dump of the case; a date object shared by two
    # fields becomes a YAML anchor and alias, which the reader must accept.
    case = dict(KELLY, timeline=[dict(KELLY["timeline"][0], date=KELLY["issue_date"])])  # type: ignore[index]
    text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)
    assert "&id001" in text
    assert parse(text, "ua-59-20.yaml") == (case, [])


def test_seed_style_headline_gives_title_country_number_and_status() -> None:
    data, problems = parse_file(IMPORTS / "seed-style-victory.txt")
    assert problems == []
    assert data is not None
    assert (data["title"], data["country"], data["ua_number"], data["status"], data["issue_date"]) == (
        "Kelly Gonzalez Aguilar is Free", "USA", "UA 59.20", "victory", date(2020, 7, 30))
    assert data["summary"].startswith("Kelly Gonzalez Aguilar, a 24-year-old transgender woman")
    assert data["people"] == [{"name": "Kelly Gonzalez Aguilar", "pronouns": "she/her"}]
    assert data["timeline"][0]["date"] == date(2020, 7, 30)


def test_capital_labels_alone_or_without_colon_and_an_unlabelled_target_block() -> None:
    source = "\n".join([
        "URGENT ACTION",  # no Status label: the heading says this is an action
        "UA 89.20",
        "TITLE",
        "",
        "Teacher and Protest Organizer Detained",
        "COUNTRY Iraq",
        "REGION middle east & north africa",
        "ISSUED 16/05/2020",
        "NAMES: Badal Barwari (he/him) and Another Teacher",
        "SUMMARY",
        "Armed police arrested a teacher in Duhok without a warrant.",
        "WE DEMAND",
        "* Release him",
        "PLEASE WRITE TO",
        "Minister of Interior",
        "Ministry of Interior",
        "Erbil",
        "Dear Minister,",
        "minister@example.org",
    ])
    data, problems = parse(source)
    assert problems == []
    assert data is not None
    assert (data["title"], data["country"], data["region"], data["issue_date"], data["status"]) == (
        "Teacher and Protest Organizer Detained", "Iraq", "Middle East and North Africa", date(2020, 5, 16), "action")
    assert data["people"] == [{"name": "Badal Barwari", "pronouns": "he/him"},
                              {"name": "Another Teacher", "pronouns": ""}]
    assert data["asks"] == ["Release him"]
    assert data["targets"] == [{"name": "Minister of Interior", "title": None, "salutation": "Dear Minister,",
                                "address": ["Ministry of Interior", "Erbil"], "email": "minister@example.org",
                                "language": None, "contacts": [], "verify": False}]


@pytest.mark.parametrize(("field", "label"), [(f, label) for f, labels in TEXT_LABELS.items() for label in labels])
def test_every_label_synonym_reaches_its_field(field: str, label: str) -> None:
    values = {"ua_number": "UA 1.20", "follows_up": "UA 2.19", "issue_date": "1 May 2020",
              "deadline": "1 June 2020", "status": "update", "timeline": "2020-05-02 update: News."}
    parsed = parse_text(f"{label}: {values.get(field, 'Something')}\n")
    assert parsed.problems == []
    assert field in parsed.data
    assert parsed.lines[field] == 1


@pytest.mark.parametrize("text", ["24 July 2020", "July 24, 2020", "24/07/2020", "2020-07-24", "24th July, 2020",
                                  "Jul 24 2020", "24.07.2020"])
def test_human_dates_are_read(text: str) -> None:
    assert parse_date(text) == date(2020, 7, 24)


@pytest.mark.parametrize(("given", "normal"), [("UA 59.20", "UA 59.20"), ("UA59.20", "UA 59.20"),
                                               ("ua 116.20", "UA 116.20"), ("229/10", "229/10"),
                                               ("UA 59-20", None), ("59.20", None), ("UA 59.2020", None),
                                               ("24/07/2020", None), ("", None)])
def test_ua_numbers(given: str, normal: str | None) -> None:
    assert normalise_ua_number(given) == normal


@pytest.mark.parametrize(("given", "code"), [("Spanish", "es"), ("english", "en"), ("Farsi", "fa"), ("Uzbek", "uz"),
                                             ("zh-Hant", "zh-hant"), ("pt_BR", "pt-br"), ("he", "he"),
                                             ("Klingon", None), ("sp", None), ("", None)])
def test_language_names_and_tags(given: str, code: str | None) -> None:
    assert language_code(given) == code


@pytest.mark.parametrize(("source", "filename", "fmt"), [
    ("Title: A\nCountry: B\n", None, "text"),
    ("title: A\nua_number: UA 1.20\n", None, "yaml"),
    ("ua_number: [broken\n", None, "yaml"),  # broken YAML is still reported as YAML
    ('{"title": "A"}', None, "json"),
    ("Title: A", "case.YML", "yaml"),
    ("{}", "case.txt", "text"),  # the extension wins when there is one
])
def test_detect_format(source: str, filename: str | None, fmt: str) -> None:
    assert detect_format(source, filename) == fmt


def test_validate_fills_the_empty_defaults_of_optional_fields() -> None:
    data, problems = validate({"ua_number": "229/10", "country": " Uzbekistan ", "title": "Journalist released",
                               "issue_date": date(2010, 5, 1), "status": "closed",
                               "people": ["Bobomurod Abdullayev"], "summary": "Released."})
    assert problems == []
    assert data == {"ua_number": "229/10", "follows_up": None, "ai_index": None, "country": "Uzbekistan", "region": None,
                    "title": "Journalist released", "issue_date": date(2010, 5, 1), "deadline": None,
                    "status": "closed", "people": [{"name": "Bobomurod Abdullayev", "pronouns": ""}],
                    "summary": "Released.", "background": None, "asks": [], "model_letter": None, "targets": [],
                    "copies_to": [], "copies_to_note": None, "themes": [], "student_summaries": {}, "rating": None, "timeline": [],
                    "thanks": []}


# --- broken inputs: each names the problem and its line, and returns no case ----------

@pytest.mark.parametrize(("name", "line", "field", "message"), [
    ("unreadable.yaml", 16, None,
     "This YAML can't be read: this line is indented differently from the lines above it "
     "(YAML says: expected <block end>, but found '<block mapping start>')."),
    ("syntax-error.json", 5, None, "This JSON can't be read: Expecting ',' delimiter (column 3)."),
    ("missing-title.txt", 2, "title", "The title is empty."),
    ("action-without-targets.txt", 7, "targets",
     "An action case needs at least one target: an official to write to."),
    ("target-without-salutation.txt", 13, "targets.0.salutation",
     "The salutation of target 1 (Attorney General) is missing."),
    ("impossible-date.txt", 5, "issue_date", "The issue date '31 June 2020' is not a real calendar date."),
    ("deadline-before-issue.yaml", 6, "deadline",
     "The deadline (1 July 2020) is before the issue date (23 July 2020)."),
    ("bad-ua-number.txt", 1, "ua_number",
     "'UA-122-2020' is not a UA number: write it like UA 59.20 (or the older form 229/10)."),
    ("unknown-label.txt", 8, None,
     "Unknown label 'Gender m/f'. Use a label such as Title, Country, Summary or Targets, or remove the line."),
    ("unknown-field.yaml", 8, "headline", "Unknown field 'headline'. Did you mean 'title'?"),
    ("asks-not-a-list.yaml", 12, "asks", "The asks should be a list (one ask per item), not text."),
    ("status-contradicts-timeline.yaml", 7, "status",
     "The status is 'action', but the last timeline entry is a victory, so the status should be 'victory'."),
    ("unknown-region.txt", 4, "region",
     "'Latin America' is not a region. Use one of: Africa, Americas, Asia and the Pacific, Europe and Central Asia, "
     "Middle East and North Africa."),
    ("bad-language.txt", 17, "targets.0.language",
     "'Klingon' is not a language name or a language tag (such as Spanish or es)."),
    ("bad-language.json", 27, "targets.0.language",
     "'Klingon' is not a language name or a language tag (such as Spanish or es)."),
])
def test_broken_sample(name: str, line: int, field: str | None, message: str) -> None:
    assert only_problem(read(BROKEN / name), name) == Problem(line, field, message)


def test_missing_title_in_yaml_is_not_tied_to_a_line() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace(
        "title: Anti-Corruption Activists Must be Released\n", "")
    assert only_problem(source, "case.yaml") == Problem(None, "title", "The title is missing.")


def test_impossible_unquoted_yaml_date_is_reported_not_crashed_on() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace("issue_date: 2020-07-23", "issue_date: 2020-02-30")
    assert only_problem(source, "case.yaml") == Problem(
        5, "issue_date", "The issue date '2020-02-30' is not a real calendar date.")


def test_paste_over_the_size_limit_is_one_problem() -> None:
    # A valid start, so the only reason given must be the size.
    source = read(IMPORTS / "palestine-ua-122-20.txt") + "Background:\n" + "x" * MAX_SOURCE_BYTES
    assert only_problem(source) == Problem(
        None, None, "The text is too long to import: 101 kB, and the limit is 100 kB. Remove what is not part of "
                    "the Urgent Action, or split it.")


def test_size_limit_counts_bytes_not_characters() -> None:
    problem = only_problem("é" * (MAX_SOURCE_BYTES // 2 + 1))
    assert "the limit is 100 kB" in problem.message


@pytest.mark.parametrize("source", ["", "  \n\n\t ", "\ufeff\n"])
def test_empty_input(source: str) -> None:
    assert only_problem(source) == Problem(None, None, "There is nothing to import: the text is empty.")


def test_json_duplicate_key_is_reported_with_its_line() -> None:
    source = read(IMPORTS / "kelly-ua-59-20.json").replace(
        '  "follows_up": null,', '  "follows_up": null,\n  "country": "Honduras",')
    assert only_problem(source) == Problem(
        5, "country", "The field 'country' appears twice (lines 4 and 5); keep one.")


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["ua_number: UA 1.20", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    problem = only_problem("\n".join(lines), "bomb.yaml")
    assert problem.message == "This YAML repeats parts of itself (anchors and aliases) too many times to read."


def test_yaml_python_tags_are_not_constructed() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace(
        "country: Palestine", "country: !!python/object/apply:os.system [echo]")
    assert only_problem(source, "case.yaml") == Problem(
        2, "country", "The YAML tag tag:yaml.org,2002:python/object/apply:os.system is not supported here; "
                      "write a plain list.")


def test_stray_line_in_the_header() -> None:
    source = "Just some words\n" + read(IMPORTS / "palestine-ua-122-20.txt")
    assert only_problem(source) == Problem(
        1, None, "This line is not under any label: 'Just some words'. Put a label such as 'Summary:' above it, "
                 "or remove it.")


def test_repeated_label() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.txt").replace("Country: Palestine",
                                                               "Country: Palestine\nCountry: Israel")
    assert only_problem(source) == Problem(4, "country", "'Country' appears twice (lines 3 and 4); keep one.")


def test_timeline_line_without_a_kind() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.txt").replace(
        "Status: action", "Status: update") + "Timeline\n2020-08-05 the court hearing was postponed\n"
    assert only_problem(source) == Problem(
        19, None, "A timeline line should look like '2020-07-30 victory: what happened' "
                  "(the kind is update, victory or closed).")


def test_timeline_before_the_issue_date() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.txt") + "Timeline\n1 July 2020 update: Arrests began.\n"
    assert only_problem(source) == Problem(
        19, "timeline.0.date", "Timeline entry 1 (1 July 2020) is before the issue date (23 July 2020).")


def test_target_with_one_address_line_and_no_email() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.txt").replace("Ramallah\n", "")
    assert only_problem(source) == Problem(
        13, "targets.0", "Target 1 (Attorney General) needs at least two address lines or an email address.")


def test_update_case_needs_asks() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace("status: action", "status: update").replace(
        "asks:\n  - Drop all charges and release the activists.\n", "")
    assert only_problem(source, "case.yaml") == Problem(
        7, "asks", "An update case needs at least one ask: what the letters ask the authorities to do.")


def test_wrong_type_of_a_nested_field() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace("    language: ar", "    verify: maybe")
    assert only_problem(source, "case.yaml") == Problem(
        20, "targets.0.verify",
        "The 'verify' setting of target 1 (Attorney General) should be true or false, not text.")


def test_unknown_nested_field() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.yaml").replace("    language: ar", "    phone: '+970 2 000 0000'")
    assert only_problem(source, "case.yaml") == Problem(
        20, "targets.0.phone", "Unknown field 'phone' in target 1 (Attorney General).")


def test_several_problems_are_all_reported_in_line_order() -> None:
    source = read(IMPORTS / "palestine-ua-122-20.txt").replace("Region: Middle East and North Africa", "Region: Mars")
    source = source.replace("Date: 23 July 2020", "Date: 2020-13-01").replace("Summary: On", "Summary:\n\nOn")
    data, problems = parse(source)
    assert data is None
    assert [(p.line, p.field) for p in problems] == [(4, "region"), (5, "issue_date")]
    assert problems[1].message == "The issue date '2020-13-01' is not a real calendar date."


_PIECES = st.sampled_from(["Title:", "TARGETS", "Name: X", "Salutation:", "Address: A", "- ask", "2020-07-30 ",
                           "victory: ", "UA 1.20", "(she/her)", "Status: action", "ua_number: ", "  - ", "{", "[",
                           "\"", ":", "&a ", "*a", "\n", "\t", "31 June 2020", "é", "•", "Dear Minister,"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40), st.sampled_from([None, "a.yaml", "a.json"]))
def test_any_input_gives_a_case_or_problems_never_an_exception(pieces: list[str], filename: str | None) -> None:
    data, problems = parse("".join(pieces), filename)
    assert (data is None) == bool(problems)
    assert all(p.line is None or p.line >= 1 for p in problems)
