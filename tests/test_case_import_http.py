"""The import page (/cases/import) as teachers and curators use it: preview, problems with
their lines, nothing saved until accepted, private and public imports, and export -> import.

The parser and validator are unit-tested in test_case_import_parsing.py; these tests check
what reaches the page and the database.
"""
from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from classroom.auth.models import User
from classroom.cases import services
from classroom.cases.models import Case
from classroom.cases.case_format import MAX_SOURCE_BYTES
from classroom.cases.starter import load_library
from classroom.extensions import db

from .factories import case_data

LIBRARY_TABLES = ("cases", "case_targets", "case_events", "case_themes", "case_thanks", "band_decisions")

# A pasted Urgent Action in its labelled-section form; each broken import below changes one thing.
PASTE = """\
UA number: UA 122.20
Title: Anti-Corruption Activists Must be Released
Country: Palestine
Region: Middle East and North Africa
Date: 23 July 2020
Deadline: 3 September 2020
Status: action
People at risk: Anti-corruption activists in Ramallah (group)
Summary: On 19 July 2020 Palestinian forces arrested 19 anti-corruption activists during a peaceful protest in Ramallah.
Recommended action
- Drop all charges and release the activists.
TARGETS
Name: Attorney General
Address: Office of the Attorney General
Ramallah
Salutation: Dear Attorney General,
Preferred language: Arabic
"""

GOOD_YAML = """\
ua_number: UA 122.20
country: Palestine
region: Middle East and North Africa
title: Anti-Corruption Activists Must be Released
issue_date: 2020-07-23
deadline: 2020-09-03
status: action
people:
  - name: Anti-corruption activists in Ramallah
    pronouns: group
summary: On 19 July 2020 Palestinian forces arrested 19 anti-corruption activists.
asks:
  - Drop all charges and release the activists.
targets:
  - name: Attorney General
    salutation: Dear Attorney General,
    address:
      - Office of the Attorney General
      - Ramallah
    language: ar
"""


def row_counts() -> dict[str, int]:
    """Rows in every table the library writes to."""
    return {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in LIBRARY_TABLES}


def problems_on(page: str) -> list[str]:
    """The problems the import page lists, as plain text ("Line 5: ...")."""
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.DOTALL)
    if summary is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.DOTALL)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


def paste(client: FlaskClient, source: str, accept: bool = False) -> Any:
    """Post pasted text to the import page (preview, or accept when ``accept``)."""
    data = {"source": source}
    if accept:
        data["accept"] = "1"
    return client.post("/cases/import", data=data)


def upload(client: FlaskClient, content: bytes, filename: str) -> Any:
    """Upload a file to the import page."""
    return client.post("/cases/import", data={"upload": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


# --- broken imports: each has its own message, its line, and saves nothing -----------------

def _replace(old: str, new: str) -> str:
    assert old in PASTE
    return PASTE.replace(old, new)


BROKEN_PASTES = {
    "impossible date": (_replace("Date: 23 July 2020", "Date: 31 June 2020"),
                        "Line 5: The issue date '31 June 2020' is not a real calendar date."),
    "action case without targets": (PASTE.split("TARGETS")[0],
                                    "Line 7: An action case needs at least one target: an official to write to."),
    "empty title": (_replace("Title: Anti-Corruption Activists Must be Released", "Title:"),
                    "Line 2: The title is empty."),
    "malformed UA number": (_replace("UA number: UA 122.20", "UA number: UA-122-2020"),
                            "Line 1: 'UA-122-2020' is not a UA number: write it like UA 59.20 (or the older form 229/10)."),
    "unknown region": (_replace("Region: Middle East and North Africa", "Region: Atlantis"),
                       "Line 4: 'Atlantis' is not a region. Use one of: Africa, Americas, Asia and the Pacific, "
                       "Europe and Central Asia, Middle East and North Africa."),
    "unknown language": (_replace("Preferred language: Arabic", "Preferred language: Klingon"),
                         "Line 17: 'Klingon' is not a language name or a language tag (such as Spanish or es)."),
    "target without salutation": (_replace("Salutation: Dear Attorney General,\n", ""),
                                  "Line 13: The salutation of target 1 (Attorney General) is missing."),
    "deadline before issue date": (_replace("Deadline: 3 September 2020", "Deadline: 3 July 2020"),
                                   "Line 6: The deadline (3 July 2020) is before the issue date (23 July 2020)."),
    "bad email in a target": (_replace("Salutation:", "Email: not-an-email\nSalutation:"),
                              "Line 16: 'not-an-email' is not an email address."),
    "unknown label": (_replace("Status: action", "Status: action\nGender: both"),
                      "Line 8: Unknown label 'Gender'. Use a label such as Title, Country, Summary or Targets, "
                      "or remove the line."),
    "timeline before issue date": (PASTE + "Timeline\n2020-07-01 update: Too early.\n",
                                   "Line 19: Timeline entry 1 (1 July 2020) is before the issue date (23 July 2020)."),
    "status against timeline": (_replace("Status: action", "Status: closed") + "Timeline\n2020-08-01 victory: Freed.\n",
                                "Line 7: The status is 'closed', but the last timeline entry is a victory, "
                                "so the status should be 'victory'."),
    "empty paste": ("   \n\n", "There is nothing to import: the text is empty."),
}


@pytest.mark.parametrize("accept", [False, True], ids=["preview", "accept"])
@pytest.mark.parametrize("name", list(BROKEN_PASTES))
def test_broken_paste_lists_its_problem_and_saves_nothing(name: str, accept: bool, client: FlaskClient,
                                                          curator: User) -> None:
    source, message = BROKEN_PASTES[name]
    before = row_counts()
    response = paste(client, source, accept=accept)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert problems_on(page) == [message]
    assert "Nothing was saved" in page
    assert row_counts() == before


def test_duplicate_ua_number_is_refused_with_its_line(client: FlaskClient, curator: User) -> None:
    services.create_case(case_data(ua_number="UA 122.20"), created_by=curator)
    db.session.commit()
    before = row_counts()
    response = paste(client, PASTE, accept=True)
    assert response.status_code == 200
    assert problems_on(response.get_data(as_text=True)) == [
        "Line 1: UA 122.20 is already in the library: UA 122.20 “Student journalist detained”. "
        "Open it there instead of importing it again."]
    assert row_counts() == before


def test_paste_over_the_size_limit_gets_one_clear_message(client: FlaskClient, curator: User) -> None:
    padding = "Background:\n" + ("The activists were held for days without charge. " * 2500)
    source = PASTE + padding
    assert len(source.encode()) > MAX_SOURCE_BYTES
    before = row_counts()
    response = paste(client, source, accept=True)
    assert response.status_code == 200
    [message] = problems_on(response.get_data(as_text=True))
    assert message.startswith("The text is too long to import:")
    assert "the limit is 100 kB" in message
    assert row_counts() == before


BROKEN_FILES = {
    "unreadable JSON": (b'{"ua_number": "UA 1.20",\n "title": }', "case.json",
                        "Line 2: This JSON can't be read: Expecting value (column 11)."),
    "unreadable YAML": (b"ua_number: UA 1.20\ntitle: [unclosed\n", "case.yaml",
                        "Line 3: This YAML can't be read: expected ',' or ']', but got '<stream end>'."),
    "deadline before issue date": (GOOD_YAML.replace("deadline: 2020-09-03", "deadline: 2020-07-01").encode(),
                                   "case.yaml",
                                   "Line 6: The deadline (1 July 2020) is before the issue date (23 July 2020)."),
    "impossible date": (GOOD_YAML.replace("issue_date: 2020-07-23", "issue_date: 2020-02-30").encode(),
                        "case.yml", "Line 5: The issue date '2020-02-30' is not a real calendar date."),
}


@pytest.mark.parametrize("name", list(BROKEN_FILES))
def test_broken_file_lists_its_problem_and_saves_nothing(name: str, client: FlaskClient, curator: User) -> None:
    content, filename, message = BROKEN_FILES[name]
    before = row_counts()
    response = upload(client, content, filename)
    assert response.status_code == 200
    assert problems_on(response.get_data(as_text=True)) == [message]
    assert row_counts() == before


UNREADABLE_UPLOADS = {
    "file of another type": (b"GIF89a", "case.gif", "Upload a .pdf, .txt, .yaml or .json file."),
    "file not in UTF-8": ("Title: Café".encode("latin-1"), "case.txt",
                          "The file isn't UTF-8 text. Save it as UTF-8 and upload it again."),
    "file over the size limit": (b"x" * (MAX_SOURCE_BYTES + 1), "case.txt",
                                 "The file is larger than 100 kB. Split it or shorten it."),
}


@pytest.mark.parametrize("name", list(UNREADABLE_UPLOADS))
def test_unreadable_upload_is_explained_beside_the_field(name: str, client: FlaskClient, curator: User) -> None:
    content, filename, message = UNREADABLE_UPLOADS[name]
    before = row_counts()
    response = upload(client, content, filename)
    assert response.status_code == 200
    error = re.search(r'<p class="error" id="upload-error">(.*?)</p>', response.get_data(as_text=True), re.DOTALL)
    assert error is not None and html.unescape(error.group(1)) == message
    assert row_counts() == before


def test_teacher_private_duplicate_is_refused_too(client: FlaskClient, teacher: User) -> None:
    assert paste(client, PASTE, accept=True).status_code == 302
    before = row_counts()
    response = paste(client, PASTE)
    assert response.status_code == 200
    assert problems_on(response.get_data(as_text=True))[0].startswith(
        "Line 1: UA 122.20 is already in your private cases: UA 122.20 “Anti-Corruption Activists Must be Released”.")
    assert row_counts() == before


# --- preview, then accept -----------------------------------------------------------------

def test_preview_shows_the_case_and_suggested_rating_and_saves_nothing(client: FlaskClient, curator: User) -> None:
    before = row_counts()
    response = paste(client, PASTE)
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Preview: UA 122.20 Anti-Corruption Activists Must be Released" in page
    suggested = re.search(r"<dt>Suggested band</dt><dd>(.*?)</dd>", page, re.DOTALL)
    assert suggested is not None
    assert "<strong>Elementary</strong>" in suggested.group(1)
    assert "Detention: “arrested”" in suggested.group(1)
    assert "Accept and save" in page
    assert row_counts() == before


def test_accepting_a_curator_paste_publishes_it(client: FlaskClient, curator: User,
                                               make_teacher: Callable[..., User],
                                               login: Callable[..., None]) -> None:
    response = paste(client, PASTE, accept=True)
    assert response.status_code == 302
    case = db.session.scalar(select(Case).where(Case.ua_number == "UA 122.20"))
    assert case is not None and case.owner_id is None and case.created_by_id == curator.id
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    assert [t.name for t in case.letter_targets] == ["Attorney General"]
    assert case.letter_targets[0].language == "ar"
    assert case.min_band == case.suggested_band == "elementary"
    assert [n["note"] for n in case.content_notes] == ["detention"]
    assert case.content_notes[0]["phrases"] == ["arrested"]

    colleague = make_teacher("Mr Ben Okafor")
    other = client.application.test_client()
    login(colleague, who=other)
    assert other.get(f"/cases/{case.id}").status_code == 200
    assert "Anti-Corruption Activists" in other.get("/cases/?q=ramallah").get_data(as_text=True)


def test_accepting_an_uploaded_yaml_file(client: FlaskClient, curator: User) -> None:
    response = upload(client, GOOD_YAML.encode(), "ua-122-20.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Accept and save" in page
    # The preview carries the file's text and name into the accept form; nothing is kept on the server.
    accept = re.search(r'<input type="hidden" name="source" value="([^"]*)">', page, re.DOTALL)
    assert accept is not None
    response = client.post("/cases/import", data={"source": html.unescape(accept.group(1)),
                                                  "filename": "ua-122-20.yaml", "accept": "1"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_markup_in_a_paste_is_shown_as_text_and_saved_exactly(client: FlaskClient, curator: User) -> None:
    source = PASTE.replace("Title: Anti-Corruption Activists Must be Released",
                           'Title: "Release them" <script>alert(1)</script> & more')
    page = paste(client, source).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    accept = re.search(r'<input type="hidden" name="source" value="([^"]*)">', page, re.DOTALL)
    assert accept is not None and html.unescape(accept.group(1)) == source
    assert paste(client, html.unescape(accept.group(1)), accept=True).status_code == 302
    case = db.session.scalar(select(Case))
    assert case.title == '"Release them" <script>alert(1)</script> & more'


def test_teacher_import_is_private_to_that_teacher(client: FlaskClient, teacher: User,
                                                  make_teacher: Callable[..., User],
                                                  login: Callable[..., None]) -> None:
    assert "Cases you import are private" in client.get("/cases/import").get_data(as_text=True)
    response = paste(client, PASTE, accept=True)
    assert response.status_code == 302
    case = db.session.scalar(select(Case).where(Case.ua_number == "UA 122.20"))
    assert case is not None and case.owner_id == teacher.id
    assert "Anti-Corruption Activists" in client.get("/cases/?q=activists").get_data(as_text=True)

    for other_user in (make_teacher("Mr Ben Okafor"), make_teacher("Dr Lin Chen", curator=True)):
        other = client.application.test_client()
        login(other_user, who=other)
        assert other.get(f"/cases/{case.id}").status_code == 404
        assert other.get(f"/cases/{case.id}/export.yaml").status_code == 404
        listing = other.get("/cases/").get_data(as_text=True)
        assert "Anti-Corruption Activists" not in listing
        assert "Palestine" not in listing  # not even as a country to filter by
        assert "Anti-Corruption" not in other.get("/cases/?q=activists").get_data(as_text=True)


def test_a_teacher_cannot_set_the_band_of_a_private_import(client: FlaskClient, teacher: User) -> None:
    """Only curators decide bands: a decision written into a teacher's file does not lower the gate."""
    source = GOOD_YAML.replace("summary: On 19 July", "summary: Guards tortured them. On 19 July") + (
        "rating:\n  decision:\n    band: elementary\n    reason: Fine for my class, I have read it.\n    by: Me\n")
    response = upload(client, source.encode(), "mine.yaml")
    assert response.status_code == 200
    response = client.post("/cases/import", data={"source": source, "filename": "mine.yaml", "accept": "1"})
    assert response.status_code == 302
    case = db.session.scalar(select(Case).where(Case.owner_id == teacher.id))
    assert case is not None
    assert case.band_decisions == []
    assert case.min_band == case.suggested_band == "high"


# --- export -> import gives back the same case -----------------------------------------------

def test_export_then_import_gives_back_every_starter_case(client: FlaskClient, curator: User) -> None:
    load_library()
    # Curator work the export must carry too: a band decision, an update and a message of thanks.
    first = db.session.scalar(select(Case).where(Case.ua_number == "UA 122.20"))
    assert client.post(f"/cases/{first.id}/band",
                       data={"band": "high", "reason": "The arrests are described in detail."}).status_code == 302
    assert client.post(f"/cases/{first.id}/events",
                       data={"kind": "update", "date": "2020-08-10", "text": "Charges were dropped."}).status_code == 302
    assert client.post(f"/cases/{first.id}/thanks",
                       data={"quote": "Thank you all.", "who": "One of the activists"}).status_code == 302

    cases = db.session.scalars(select(Case).order_by(Case.ua_number)).all()
    assert len(cases) == 13
    exported: dict[str, tuple[str, dict[str, Any]]] = {}
    for case in cases:
        response = client.get(f"/cases/{case.id}/export.yaml")
        assert response.status_code == 200
        assert response.mimetype == "application/x-yaml"
        exported[case.ua_number] = (response.get_data(as_text=True), services.case_to_dict(case))
    # Import into an empty library: the public UA numbers are free again.
    for case in cases:
        db.session.delete(case)
    db.session.commit()
    assert row_counts()["cases"] == 0

    for ua_number, (text_, before) in exported.items():
        filename = ua_number.replace(" ", "-").replace(".", "-").replace("/", "-").lower() + ".yaml"
        response = client.post("/cases/import", data={"source": text_, "filename": filename, "accept": "1"})
        assert response.status_code == 302, (ua_number, problems_on(response.get_data(as_text=True)))
        again = db.session.scalar(select(Case).where(Case.ua_number == ua_number, Case.owner_id.is_(None)))
        assert services.case_to_dict(again) == before, ua_number
    assert row_counts()["cases"] == 13


# --- real Urgent Actions (tests/data/ua) --------------------------------------------------------

UA_CORPUS = Path(__file__).parent / "data" / "ua"


def test_a_real_layout_previews_every_recipient_block_the_warnings_and_the_unused_lines(
        client: FlaskClient, curator: User) -> None:
    before = row_counts()
    page = html.unescape(paste(client, (UA_CORPUS / "document-2-pdf-page-furniture.txt").read_text()).get_data(
        as_text=True))
    assert "Preview: 55/15 RADIO HOST THREATENED AFTER BROADCAST" in page
    assert "Read as: Case-sheet document (2013 to 2019)." in page
    card = re.search(r'data-recipient="target-1">(.*?)</div>', page, re.DOTALL)
    assert card is not None
    for part in ("Sr. Ricardo Palma Villanueva", "Minister of the Interior", "Plaza 30 de Agosto 150, San Isidro",
                 "Lima 27, Peru", "Dear Minister/Señor Ministro", "despacho@mininter-pe.example.org",
                 "<dd>es</dd>", "Twitter: @mininter_pe_demo"):
        assert part in card.group(1), part
    assert "Instruction for the school (not an address): Diplomatic representatives accredited" in page
    assert "<strong>Line 16:</strong> The country 'Peru' was taken from the last address line of target 1" in page
    unused = re.search(r'<ul class="unused-lines">(.*?)</ul>', page, re.DOTALL)
    assert unused is not None
    assert "<strong>Line 20:</strong> Page 1 of 2" in unused.group(1)
    assert "<strong>Line 37:</strong> Page 2 of 2" in unused.group(1)
    assert row_counts() == before


def test_the_curator_corrects_the_yaml_previews_again_and_saves_what_was_shown(
        client: FlaskClient, curator: User) -> None:
    page = paste(client, (UA_CORPUS / "plain-3-two-targets-twitter.txt").read_text()).get_data(as_text=True)
    editor = re.search(r'<textarea id="case-yaml" name="source"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert editor is not None
    corrected = html.unescape(editor.group(1)).replace("title: Prisoners of conscience",
                                                      "title: Students held after a sit-in")
    page = html.unescape(client.post("/cases/import", data={"source": corrected, "filename": "case.yaml"})
                         .get_data(as_text=True))
    assert "Preview: 212/11 Students held after a sit-in" in page
    assert db.session.scalar(select(func.count(Case.id))) == 0
    response = client.post("/cases/import", data={"source": corrected, "filename": "case.yaml", "accept": "1"})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert (case.title, case.ai_index, case.country) == ("Students held after a sit-in", "AFR 54/008/2011", "Sudan")
    assert case.letter_targets[0].contact_lines == ["Twitter: @nss_director_sd"]
    assert [t.name for t in case.copies_to] == ["Ambassador Hassan Yassin Omar"]


def test_a_copies_to_instruction_is_saved_as_an_instruction_and_shown_on_the_case(
        client: FlaskClient, curator: User) -> None:
    response = paste(client, (UA_CORPUS / "plain-1-classic.txt").read_text(), accept=True)
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert case.copies_to == []
    assert case.copies_to_note == "Diplomatic representatives of Mexico accredited to your country."
    assert case.letter_targets[1].email is None  # "Email: (not published)"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Diplomatic representatives of Mexico accredited to your country." in page
