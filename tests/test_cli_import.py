"""``flask cases import PATH [--json] [--yes]``: the import page's preview and save from a terminal."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from classroom.cases import services
from classroom.cases.models import Case
from classroom.extensions import db

from . import ua_pdfs
from .factories import case_data
from .test_case_import_http import GOOD_YAML, PASTE, row_counts
from .test_case_import_edges import FOLLOW_UP


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_preview_prints_the_case_and_saves_nothing(runner: Any, tmp_path: Path) -> None:
    before = row_counts()
    result = runner.invoke(args=["cases", "import", write(tmp_path, "ua.txt", PASTE)])
    assert result.exit_code == 0, result.output
    assert "ua_number: UA 122.20" in result.stdout
    assert "- Drop all charges and release the activists." in result.stdout
    assert "Nothing was saved (a preview). Run again with --yes to save it." in result.stderr
    assert row_counts() == before


def test_json_has_the_case_problems_and_unused_lines(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["cases", "import", "--json", write(tmp_path, "ua.yaml", GOOD_YAML)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["problems"] == [] and answer["unused"] == [] and answer["attach_to"] is None
    assert answer["case"]["ua_number"] == "UA 122.20"
    assert answer["case"]["issue_date"] == "2020-07-23"
    assert answer["case"]["targets"][0]["address"] == ["Office of the Attorney General", "Ramallah"]
    assert [w["field"] for w in answer["warnings"]] == ["deadline"]  # 3 September 2020 is long past


def test_problems_block_with_their_lines_and_a_non_zero_exit(runner: Any, tmp_path: Path) -> None:
    broken = PASTE.replace("Date: 23 July 2020", "Date: 31 June 2020")
    before = row_counts()
    result = runner.invoke(args=["cases", "import", "--json", "--yes", write(tmp_path, "ua.txt", broken)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "case": None, "warnings": [], "unused": [], "family": "labelled", "attach_to": None,
        "problems": [{"line": 5, "field": "issue_date", "message": "The issue date '31 June 2020' is not a real calendar date."}]}
    text = runner.invoke(args=["cases", "import", write(tmp_path, "ua.txt", broken)])
    assert "Problem, line 5 (issue_date): The issue date '31 June 2020' is not a real calendar date." in text.stdout
    assert "Nothing was saved" in text.stderr
    assert row_counts() == before


def test_yes_saves_a_public_case_once(runner: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "ua.txt", PASTE)
    result = runner.invoke(args=["cases", "import", "--yes", path])
    assert result.exit_code == 0, result.output
    assert "UA 122.20 “Anti-Corruption Activists Must be Released” was added to the library." in result.stdout
    case = db.session.query(Case).one()
    assert case.owner_id is None and case.published
    again = runner.invoke(args=["cases", "import", "--yes", write(tmp_path, "same.txt", PASTE.replace("UA 122.20", "122/20"))])
    assert again.exit_code == 1
    assert "Problem, line 1 (ua_number): 122/20 is already in the library: UA 122.20" in again.stdout
    assert db.session.query(Case).count() == 1


def test_yes_with_draft_saves_a_draft(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["cases", "import", "--yes", "--draft", write(tmp_path, "ua.txt", PASTE)])
    assert result.exit_code == 0 and "as a draft" in result.stdout
    assert not db.session.query(Case).one().published


def test_a_follow_up_is_attached_to_the_case_it_follows(runner: Any, tmp_path: Path) -> None:
    original = services.create_case(case_data(ua_number="UA 122.20", issue_date=date(2020, 7, 23)), created_by=None)
    db.session.commit()
    path = write(tmp_path, "fi.txt", FOLLOW_UP)
    preview = runner.invoke(args=["cases", "import", "--json", path])
    assert json.loads(preview.stdout)["attach_to"] == "UA 122.20"
    result = runner.invoke(args=["cases", "import", "--yes", path])
    assert result.exit_code == 0, result.output
    assert "added to the timeline of UA 122.20" in result.stdout
    db.session.refresh(original)
    assert [e.kind for e in original.events] == ["update"] and db.session.query(Case).count() == 1


def test_stdin_and_pdf_are_read(runner: Any, tmp_path: Path) -> None:
    from_stdin = runner.invoke(args=["cases", "import", "--json", "-"], input=PASTE)
    assert json.loads(from_stdin.stdout)["case"]["ua_number"] == "UA 122.20"
    pdf = runner.invoke(args=["cases", "import", "--json", write(tmp_path, "valdoria.pdf", ua_pdfs.labelled_two_columns())])
    assert pdf.exit_code == 0, pdf.output
    assert json.loads(pdf.stdout)["case"]["asks"] == ["Reveal where Teodor Vasquil is held."]


@pytest.mark.parametrize("name, content, message", [
    ("broken.pdf", b"%PDF-1.4\nnothing else", "broken.pdf: The PDF could not be read: it is damaged"),
    ("latin1.txt", "Título: Café".encode("latin-1"), "the file isn't UTF-8 text (byte 2 is not)"),
])
def test_an_unreadable_file_gets_a_message_and_exit_1(runner: Any, tmp_path: Path, name: str, content: bytes,
                                                      message: str) -> None:
    result = runner.invoke(args=["cases", "import", write(tmp_path, name, content)])
    assert result.exit_code == 1
    assert message in result.output


def test_a_missing_file_is_named(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["cases", "import", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.txt'}: can't be opened (No such file or directory)." in result.output


def test_json_shows_the_unused_lines_and_checks_of_a_real_layout(runner: Any, tmp_path: Path, client: Any,
                                                                 curator: Any) -> None:
    # document-1-classic is a 2013–2019 case sheet: its page-two repeats and the empty diplomatic
    # address grid are in no field, and the country came from an address (a thing to check).
    path = Path(__file__).parent / "data" / "ua" / "document-1-classic.txt"
    result = runner.invoke(args=["cases", "import", "--json", str(path)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["problems"] == [] and answer["family"] == "document_2013"
    assert answer["case"]["ua_number"] == "104/14"
    assert answer["unused"] == [
        {"line": 39, "text": "Name Address 1 Address 2 Address 3 Fax Fax number Email Email address Salutation Salutation"},
        {"line": 43, "text": "URGENT ACTION"}, {"line": 45, "text": "TEACHER HELD FOR UNION WORK"}]
    # in line order: 12 June 2014 has passed (line 13), the country was taken from an address (line 18, the reader)
    assert [(w["line"], w["field"]) for w in answer["warnings"]] == [(13, "deadline"), (18, "country")]
    assert "Not used, line 43: URGENT ACTION" in runner.invoke(args=["cases", "import", str(path)]).stdout
    page = client.post("/cases/import", data={"source": path.read_text(encoding="utf-8")}).get_data(as_text=True)
    assert "3 lines not used" in page and "<strong>Line 39:</strong> Name Address 1" in page
