"""Children's data: exporting a class, archiving it, and deleting its students' data on
request or after the retention period, leaving only anonymous counts."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import JSON, String, func, select

from classroom.assignments.models import Assignment
from classroom.auth.models import User
from classroom.cases.services import create_case
from classroom.classes import matrix, privacy
from classroom.classes import services as classes
from classroom.classes.models import Classroom, Enrolment
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters import states
from classroom.letters.models import Letter, LetterTally
from classroom.printing.models import PdfCache, PrintBatch, PrintBatchItem
from classroom.review import services as review

from .clock import Clock
from .factories import case_data


def _letter(assignment: Assignment, student: User, teacher: User, upto: str, kind: str = "solidarity",
            target_id: int | None = None) -> Letter:
    """A letter taken through the real steps up to ``upto``, with a revision, a comment and events."""
    letter = letters.start(assignment, student, kind, target_id, use_scaffold=True)
    letters.save(letter, f"Dear friend,\n\nI am {student.name} and I think of you.\n\nFrom {student.first_name}",
                 letter.version)
    if upto != "draft":
        letters.submit(letter, student)
        review.open_for_review(letter)
        review.add_comment(letter, teacher, f"Lovely words, {student.first_name}!")
    if upto in ("approved", "printed", "mailed"):
        review.decide(letter, teacher, "approve", dict.fromkeys(review.RUBRIC, True), note="Approved.")
    if upto in ("printed", "mailed"):
        states.apply(letter, "mark_printed", "coordinator", teacher.id)
    if upto == "mailed":
        states.apply(letter, "mark_mailed", "coordinator", teacher.id)
    db.session.commit()
    return letter


@pytest.fixture
def world(app, make_class, make_student, make_teacher):
    """7B with two cases assigned; Maya (only in 7B) and Leo (also in the debate club) wrote letters."""
    classroom = make_class(name="7B Humanities")
    teacher = classroom.teacher_links[0].teacher
    club = make_class(teacher=teacher, name="Debate club")
    maya = make_student(classroom, name="Maya Kowalski", username="maya.k")
    leo = make_student(classroom, name="Leo Park", username="leo.p")
    classes.enrol(club, leo)
    first = create_case(case_data(), created_by=None)
    second = create_case(case_data(ua_number="UA 2.26", title="Defender threatened"), created_by=None)
    a1 = Assignment(class_id=classroom.id, case_id=first.id, letter_kinds=["solidarity", "appeal"],
                    target_ids=[first.letter_targets[0].id], lesson_slugs=[], created_by_id=teacher.id)
    a2 = Assignment(class_id=classroom.id, case_id=second.id, letter_kinds=["solidarity"], target_ids=[],
                    lesson_slugs=[], created_by_id=teacher.id)
    in_club = Assignment(class_id=club.id, case_id=first.id, letter_kinds=["solidarity"], target_ids=[],
                         lesson_slugs=[], created_by_id=teacher.id)
    db.session.add_all([a1, a2, in_club])
    db.session.commit()
    made = {
        "maya_printed": _letter(a1, maya, teacher, "printed"),
        "maya_appeal": _letter(a1, maya, teacher, "submitted", kind="appeal", target_id=first.letter_targets[0].id),
        "maya_draft": _letter(a2, maya, teacher, "draft"),
        "leo_approved": _letter(a1, leo, teacher, "approved"),
        "leo_mailed": _letter(a2, leo, teacher, "mailed"),
        "leo_club": _letter(in_club, leo, teacher, "approved"),
    }
    batch = PrintBatch(school_id=classroom.school_id, created_by_id=teacher.id, label="December post")
    batch.items.append(PrintBatchItem(position=1, letter_id=made["maya_printed"].id,
                                      pdf_key=made["maya_printed"].pdf_key, target_label="Ana Example",
                                      country="Examplestan"))
    db.session.add(batch)
    db.session.commit()
    return {"class": classroom, "club": club, "teacher": teacher, "maya": maya, "leo": leo, "cases": (first, second),
            "letters": made, "batch": batch}


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, read straight from the database."""
    with db.engine.connect() as connection:
        return {table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
                for table in db.metadata.sorted_tables}


def _traces(student_id: int, words: tuple[str, ...], letter_ids: set[int]) -> list[str]:
    """Where anything of a student is still stored: ids in user columns, their name in any text."""
    found = []
    rows = _rows()
    for table in db.metadata.sorted_tables:
        user_columns = [c.name for c in table.columns
                        if any(fk.column.table.name == "users" and fk.column.name == "id" for fk in c.foreign_keys)]
        if table.name == "users":
            user_columns.append("id")
        text_columns = [c.name for c in table.columns if isinstance(c.type, String | JSON)]
        letter_columns = [c.name for c in table.columns if c.name == "letter_id"]
        for row in rows[table.name]:
            for column in user_columns:
                if row[column] == student_id:
                    found.append(f"{table.name}.{column} = {student_id}")
            for column in letter_columns:
                if row[column] in letter_ids:
                    found.append(f"{table.name}.{column} = {row[column]}")
            for column in text_columns:
                value = row[column]
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for word in words:
                    if word.lower() in (text or "").lower():
                        found.append(f"{table.name}.{column} contains {word!r}")
    return found


# --- export ---------------------------------------------------------------------------------------

def test_export_is_a_zip_of_students_letter_states_and_approved_letters(client: FlaskClient, world, login) -> None:
    classroom = world["class"]
    login(world["teacher"])
    response = client.get(f"/classes/{classroom.id}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'filename="7b-humanities.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    students = list(csv.reader(io.StringIO(archive.read("students.csv").decode())))
    assert students[0] == ["Name", "Username", "Status", "Joined"]
    assert [row[:3] for row in students[1:]] == [["Leo Park", "leo.p", "active"], ["Maya Kowalski", "maya.k", "active"]]
    assert archive.read("letters.csv").decode() == matrix.to_csv(matrix.build(db.session.get(Classroom, classroom.id)))
    assert archive.read("letters.csv").decode() == client.get(f"/classes/{classroom.id}/matrix.csv").get_data(as_text=True)
    pdfs = sorted(n for n in names if n.startswith("letters/"))
    made = world["letters"]
    expected = {made["maya_printed"].id, made["leo_approved"].id, made["leo_mailed"].id}  # not drafts, not the club's
    assert sorted(int(n.rsplit("-", 1)[1].removesuffix(".pdf")) for n in pdfs) == sorted(expected)
    for name in pdfs:
        pdf = PdfReader(io.BytesIO(archive.read(name)))
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert "DRAFT" not in text.upper().split()
    assert any(n.startswith("letters/maya-kowalski-ua-1-26-") for n in pdfs)


# --- deleting on request ------------------------------------------------------------------------

def test_purge_needs_an_archived_class_and_the_typed_name(client: FlaskClient, world, login) -> None:
    classroom = world["class"]
    login(world["teacher"])
    refused = client.post(f"/classes/{classroom.id}/purge", data={"confirm_name": "7B Humanities"})
    assert refused.status_code == 302
    assert db.session.get(User, world["maya"].id) is not None
    client.post(f"/classes/{classroom.id}/archive")
    page = client.get(f"/classes/{classroom.id}").get_data(as_text=True)
    assert "Delete the students" in page and "Type the class name to confirm" in page
    wrong = client.post(f"/classes/{classroom.id}/purge", data={"confirm_name": "7B"})
    assert wrong.status_code == 400
    assert "Type the class name exactly as shown to confirm." in wrong.get_data(as_text=True)
    assert db.session.get(User, world["maya"].id) is not None
    assert db.session.get(Classroom, classroom.id).purged_at is None


def test_purge_on_request_leaves_nothing_of_the_students(client: FlaskClient, world, login) -> None:
    classroom, maya, leo = world["class"], world["maya"], world["leo"]
    maya_id, leo_id, class_id = maya.id, leo.id, classroom.id
    first_id, second_id = (case.id for case in world["cases"])
    maya_letters = {letter.id for key, letter in world["letters"].items() if key.startswith("maya")}
    leo_here = {world["letters"]["leo_approved"].id, world["letters"]["leo_mailed"].id}
    leo_club = world["letters"]["leo_club"].id
    assert db.session.scalar(select(func.count()).select_from(PdfCache).where(PdfCache.letter_id.in_(maya_letters)))
    assert _traces(maya_id, ("Maya Kowalski", "maya.k", "Kowalski"), maya_letters)  # the check sees real data

    login(world["teacher"])
    client.post(f"/classes/{class_id}/archive")
    response = client.post(f"/classes/{class_id}/purge", data={"confirm_name": " 7B Humanities "})
    assert response.status_code == 302
    db.session.expunge_all()

    assert _traces(maya_id, ("Maya Kowalski", "maya.k", "Kowalski"), maya_letters) == []
    assert db.session.get(User, maya_id) is None
    # Leo is in another class: his account and that class's letter stay; this class's letters go.
    assert db.session.get(User, leo_id) is not None
    assert all(db.session.get(Letter, letter_id) is None for letter_id in leo_here)
    assert not db.session.scalars(select(PdfCache.key).where(PdfCache.letter_id.in_(leo_here))).all()
    assert db.session.get(Letter, leo_club) is not None
    assert db.session.get(Enrolment, (class_id, leo_id)) is None
    assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.class_id == class_id)) == 0
    # Anonymous counts remain, per case and class: letters that reached approval, printing, posting.
    tallies = {(t.case_id, t.class_id): (t.approved, t.printed, t.mailed)
               for t in db.session.scalars(select(LetterTally))}
    assert tallies == {(first_id, class_id): (2, 1, 0), (second_id, class_id): (1, 1, 1)}
    assert db.session.scalar(select(func.count()).select_from(LetterTally)) == 2  # one row per case and class
    # The class stays, archived and marked purged; it can't be restored.
    purged = db.session.get(Classroom, class_id)
    assert purged.purged_at is not None and purged.name == "7B Humanities"
    page = client.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "were deleted on" in page and "Maya Kowalski" not in page
    client.post(f"/classes/{class_id}/restore")
    assert db.session.get(Classroom, class_id).is_archived
    # The print batch survives as a record, without the deleted letter.
    assert db.session.scalar(select(func.count()).select_from(PrintBatch)) == 1
    assert db.session.scalar(select(func.count()).select_from(PrintBatchItem)) == 0


def test_removing_a_student_deletes_everything_of_them(client: FlaskClient, world, login) -> None:
    maya, classroom = world["maya"], world["class"]
    maya_id, first_id = maya.id, world["cases"][0].id
    maya_letters = {letter.id for key, letter in world["letters"].items() if key.startswith("maya")}
    login(world["teacher"])
    client.post(f"/classes/{classroom.id}/students/{maya_id}/remove")
    db.session.expunge_all()
    assert _traces(maya_id, ("Maya Kowalski", "maya.k", "Kowalski"), maya_letters) == []
    tally = db.session.scalar(select(LetterTally).where(LetterTally.case_id == first_id))
    assert (tally.approved, tally.printed, tally.mailed) == (1, 1, 0)


# --- retention: the daily command -----------------------------------------------------------------

def test_retention_days_defaults_to_a_year_and_reads_the_environment(app, make_app, monkeypatch) -> None:
    assert app.config["RETENTION_DAYS"] == 365
    monkeypatch.setenv("CLASSROOM_RETENTION_DAYS", "30")
    assert make_app(SQLALCHEMY_DATABASE_URI="sqlite://").config["RETENTION_DAYS"] == 30


def test_an_archived_class_is_deleted_on_the_retention_period_after_archiving(app, world, clock: Clock) -> None:
    classroom = world["class"]
    assert privacy.deletes_on(classroom) is None  # in use: never deleted
    classroom.archived_at = clock.set("2027-07-20 03:30")
    assert privacy.deletes_on(classroom) == classroom.archived_at + timedelta(days=365)
    app.config["RETENTION_DAYS"] = 30
    assert privacy.retention() == timedelta(days=30)
    assert privacy.deletes_on(classroom) == classroom.archived_at + timedelta(days=30)


def test_purge_expired_command_deletes_only_classes_past_retention(app, runner, world, make_class,
                                                                   make_student, clock: Clock) -> None:
    expired, maya_id = world["class"], world["maya"].id
    maya_letters = {letter.id for key, letter in world["letters"].items() if key.startswith("maya")}
    recent = make_class(teacher=world["teacher"], name="Last year's 6A")
    recent_student_id = make_student(recent, name="Sam Lee", username="sam.lee").id
    active = make_class(teacher=world["teacher"], name="This year's 8C")
    active_student_id = make_student(active, name="Ada Ngozi", username="ada.n").id
    now = clock.set("2027-07-20 03:30")  # the nightly cron run
    expired.archived_at = now - timedelta(days=366)
    recent.archived_at = now - timedelta(days=100)
    expired_id, recent_id = expired.id, recent.id
    db.session.commit()

    result = runner.invoke(args=["classes", "purge-expired"])
    assert result.exit_code == 0, result.output
    # Maya's account went; Leo is also in the debate club: his account stays, his 7B letters went.
    assert ("“7B Humanities” (archived 2026-07-19): deleted 1 student account and 5 letters; "
            "1 student also in another class kept their account.") in result.output
    assert "Purged 1 classes archived more than 365 days ago." in result.output
    assert "6A" not in result.output
    db.session.expunge_all()
    assert _traces(maya_id, ("Maya Kowalski", "maya.k"), maya_letters) == []
    assert db.session.get(Classroom, expired_id).purged_at is not None
    assert db.session.get(User, recent_student_id) is not None and db.session.get(User, active_student_id) is not None

    again = runner.invoke(args=["classes", "purge-expired"])
    assert "Purged 0 classes" in again.output

    app.config["RETENTION_DAYS"] = 30
    shorter = runner.invoke(args=["classes", "purge-expired"])
    assert "“Last year's 6A”" in shorter.output and "Purged 1 classes archived more than 30 days ago." in shorter.output
    db.session.expunge_all()
    assert db.session.get(User, recent_student_id) is None
    assert db.session.get(Classroom, recent_id).purged_at is not None
    assert db.session.get(User, active_student_id) is not None  # never archived, never purged


PHRASE = "purple giraffes whisper at midnight"


def test_after_the_purge_a_childs_words_are_not_left_on_disk(app, runner, world, make_teacher, login, client,
                                                             database_url, clock: Clock) -> None:
    maya, assignment = world["maya"], world["letters"]["maya_draft"].assignment
    letter = letters.start(assignment, maya, "solidarity", None, use_scaffold=False)
    for n in range(3):  # several revisions, each a copy of the words
        letters.save(letter, f"Dear Ana,\n\nMy secret: {PHRASE}. ({n})", letter.version)
    db.session.commit()
    world["class"].archived_at = clock.set("2027-07-20 03:30") - timedelta(days=366)
    batch_id, school = world["batch"].id, world["class"].school
    db.session.commit()

    files = []
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        files = [path, f"{path}-wal"]

        def on_disk() -> bool:
            """Her words or her name (as the database stores text: UTF-8) anywhere in the main file or the log."""
            found = [f for f in files if Path(f).exists()
                     and any(trace.encode() in Path(f).read_bytes() for trace in (PHRASE, "Maya Kowalski", "maya.k"))]
            return bool(found)
        assert on_disk()  # the check sees the words where they are

    result = runner.invoke(args=["classes", "purge-expired"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 student account and 5 letters; 1 student also in another class kept their account." \
        in result.output
    if files:
        assert not on_disk()

    # The print batch that held Maya's letter says why it is now empty.
    coordinator = make_teacher("Mr Post", school=school, coordinator=True)
    login(coordinator)
    page = html.unescape(client.get(f"/printing/batches/{batch_id}").get_data(as_text=True))
    assert "0 letters" in page
    assert "1 letter was removed from this batch by the retention purge" in page


def test_the_purge_report_counts_exactly_what_went(app, runner, world, make_student, clock: Clock) -> None:
    """Eight accounts go, one stays for another class: the report says so, as counted in the database."""
    classroom = world["class"]
    first = world["cases"][0]
    assignment = db.session.scalars(select(Assignment).where(Assignment.class_id == classroom.id,
                                                             Assignment.case_id == first.id)).first()
    for n in range(7):
        student = make_student(classroom, name=f"Pupil Number{n}", username=f"pupil.{n}")
        _letter(assignment, student, world["teacher"], "approved")
    classroom.archived_at = clock.set("2027-07-20 03:30") - timedelta(days=366)
    db.session.commit()

    def counted() -> tuple[int, int]:
        return (db.session.scalar(select(func.count(User.id)).where(User.role == "student")),
                db.session.scalar(select(func.count(Letter.id))))

    students_before, letters_before = counted()
    leo_id = world["leo"].id
    result = runner.invoke(args=["classes", "purge-expired"])
    assert result.exit_code == 0, result.output
    db.session.expunge_all()
    students_after, letters_after = counted()
    said = re.search(r"deleted (\d+) student accounts? and (\d+) letters?; (\d+) students? also in another class",
                     result.output)
    assert said, result.output
    assert [int(n) for n in said.groups()] == [students_before - students_after, letters_before - letters_after, 1]
    assert students_before - students_after == 8 and db.session.get(User, leo_id) is not None


def test_purge_class_refuses_an_active_class(world) -> None:
    with pytest.raises(ValueError):
        privacy.purge_class(world["class"])
