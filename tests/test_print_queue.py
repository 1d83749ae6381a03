"""The school print queue and print batches: what waits, making a batch, the batch as a
snapshot, reopened letters, marking printed and mailed, and what the class page shows."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classroom.auth import services as accounts
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters import states
from classroom.printing import batches, exports, services
from classroom.printing.models import PrintBatch
from classroom.review import services as review

from .factories import (
    FISCAL,
    MINISTER,
    PASSWORD,
    PROSECUTOR,
    add_class,
    add_student,
    approve,
    approved,
    assign,
    fresh,
    make_case,
    make_world,
    write,
    written,
)
from .printed import FakeRenderer, page_texts, pdf_reader, text_of


def drawings(pdf: bytes) -> list[bytes]:
    """Every page's decoded drawing instructions (same letter PDF ⇒ same bytes)."""
    return [page.get_contents().get_data() for page in pdf_reader(pdf).pages]


@pytest.fixture
def school(app: Flask):
    """Two classes of one school (two teachers), a class of another school, letters in every state."""
    world = make_world()
    colleague = accounts.create_teacher("Teacher Theo", "theo@example.org", PASSWORD, world.school)
    db.session.commit()
    seven = add_class(world, "7B")
    eight = add_class(world, "8C", teacher=colleague)
    case = make_case(targets=(MINISTER, PROSECUTOR))
    peru = make_case(ua_number="UA 2.26", country="Peru", targets=(FISCAL,), title="Defender threatened")
    a7, a7peru, a8 = assign(seven, case), assign(seven, peru), assign(eight, case)
    maya, omar = add_student(world, seven, "Maya Kowalski"), add_student(world, seven, "Omar Haddad")
    lena = add_student(world, eight, "Lena Fischer")
    made = {
        "maya_minister": approved(a7, maya, "Maya to the minister.", world.teacher),
        "omar_minister": approved(a7, omar, "Omar to the minister.", world.teacher),
        "maya_fiscal": approved(a7peru, maya, "Maya al fiscal.", world.teacher),
        "lena_prosecutor": approved(a8, lena, "Lena to the prosecutor.", colleague, target=1),
        "omar_draft": write(a7, omar, "Omar's draft.", target=1),
        "lena_submitted": written(a8, lena, "Lena waiting.", target=0),
    }
    elsewhere = make_world(name="Faraway School")
    far_class = add_class(elsewhere, "9F")
    far = approved(assign(far_class, case), add_student(elsewhere, far_class, "Far Student"), "Far away.",
                   elsewhere.teacher)
    return world, colleague, {"7B": seven, "8C": eight}, {"a7": a7, "a7peru": a7peru, "a8": a8}, made, far


def make_batch(client: FlaskClient, **data: object) -> PrintBatch:
    """Post the batch form; return the batch it made."""
    response = client.post("/printing/batches", data={"label": "December", **data})
    assert response.status_code == 302, response.get_data(as_text=True)
    batch_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    batch = db.session.get(PrintBatch, batch_id)
    assert batch is not None
    return batch


def test_the_queue_holds_the_schools_approved_unprinted_letters_by_class_and_assignment(school, client: FlaskClient, login) -> None:
    world, _, _, _, made, _ = school
    waiting = batches.queue(world.school)
    assert {letter.id for letter in waiting} == {made[k].id for k in ("maya_minister", "omar_minister", "maya_fiscal",
                                                                       "lena_prosecutor")}
    login(world.coordinator)
    page = text_of(client.get("/printing/queue"))
    assert "4 approved letters are waiting to be printed." in page
    assert "7B Student journalist detained 2" in page
    assert "7B Defender threatened 1" in page
    assert "8C Student journalist detained 1" in page
    assert "9F" not in page and "Far" not in page
    # No student is named on the queue.
    assert not any(name in page for name in ("Maya", "Omar", "Lena"))


def test_a_teacher_who_is_not_a_coordinator_has_no_queue(school, client: FlaskClient, login) -> None:
    world, *_ = school
    login(world.teacher)
    assert client.get("/printing/queue").status_code == 403


def test_a_batch_of_everything_empties_the_queue(school, client: FlaskClient, login) -> None:
    world, _, _, _, made, _ = school
    login(world.coordinator)
    batch = make_batch(client, duplex="y")
    expected = exports.sort_for_print([made[k] for k in ("maya_minister", "omar_minister", "maya_fiscal",
                                                         "lena_prosecutor")])
    assert [item.letter_id for item in batch.items] == [letter.id for letter in expected]
    assert batch.label == "December" and batch.duplex and batch.created_by_id == world.coordinator.id
    assert batches.queue(world.school) == []
    page = text_of(client.get("/printing/queue"))
    assert "Nothing is waiting" in page and "December" in page
    page = text_of(client.get(f"/printing/batches/{batch.id}"))
    assert "4 letters · double-sided" in page
    assert re.search(r"Fiscal General de la Nación, Fiscalía General · Peru .*Minister of the Interior, Ministry of "
                     r"the Interior · Examplestan .*Minister of the Interior.*Prosecutor General", page)


def test_a_batch_of_chosen_classes_or_assignments(school, client: FlaskClient, login) -> None:
    world, _, classes, assignments, made, _ = school
    login(world.coordinator)
    only_8c = make_batch(client, class_ids=[str(classes["8C"].id)])
    assert [item.letter_id for item in only_8c.items] == [made["lena_prosecutor"].id]
    only_peru = make_batch(client, assignment_ids=[str(assignments["a7peru"].id)])
    assert [item.letter_id for item in only_peru.items] == [made["maya_fiscal"].id]
    assert {letter.id for letter in batches.queue(world.school)} == {made["maya_minister"].id, made["omar_minister"].id}


def test_an_empty_queue_makes_no_batch(app: Flask, client: FlaskClient, login) -> None:
    world = make_world()
    login(world.coordinator)
    response = client.post("/printing/batches", data={"label": "Nothing"}, follow_redirects=True)
    assert "There are no approved letters to put in a batch." in text_of(response)
    assert db.session.query(PrintBatch).count() == 0


def test_a_batch_is_a_snapshot(school, client: FlaskClient, login) -> None:
    world, colleague, _, assignments, made, _ = school
    login(world.coordinator)
    batch = make_batch(client)
    first = client.get(f"/printing/batches/{batch.id}/letters.pdf")
    assert first.status_code == 200 and first.headers["Content-Disposition"].startswith("attachment;")
    before = page_texts(first.data)
    assert len(before) == 5 and "Maya to the minister." in "".join(before)

    # After the batch was made: a letter in it is reopened, edited and approved again; a new letter is approved.
    letter = fresh(made["maya_minister"].id)
    review.reopen(letter, world.teacher, "Please add why you care.")
    letters.save(letter, "Maya to the minister, edited.", letter.version)
    letters.submit(letter, letter.student)
    approve(letter, world.teacher)
    approved(assignments["a8"], world.students["Lena Fischer"], "Lena's card.", colleague, kind="solidarity")
    db.session.commit()

    again = client.get(f"/printing/batches/{batch.id}/letters.pdf")
    assert drawings(again.data)[1:] == drawings(first.data)[1:]
    assert page_texts(again.data) == before
    assert "edited" not in "".join(page_texts(again.data))
    assert len(fresh_batch(batch.id).items) == 4
    # The edited letter and the new one wait for the next batch.
    waiting = {letter.id for letter in batches.queue(world.school)}
    assert made["maya_minister"].id in waiting and len(waiting) == 2


def fresh_batch(batch_id: int) -> PrintBatch:
    """The batch as the database has it now."""
    batch = db.session.get(PrintBatch, batch_id, populate_existing=True)
    assert batch is not None
    return batch


def test_a_reopened_letter_is_flagged_in_its_batch(school, client: FlaskClient, login) -> None:
    world, _, _, _, made, _ = school
    login(world.coordinator)
    batch = make_batch(client)
    review.reopen(fresh(made["omar_minister"].id), world.teacher, "A detail to fix.")
    db.session.commit()
    item = next(item for item in fresh_batch(batch.id).items if item.letter_id == made["omar_minister"].id)
    assert item.reopened_at is not None
    page = text_of(client.get(f"/printing/batches/{batch.id}"))
    assert "1 letter was reopened by a teacher after this batch was made. Don't post it" in page
    assert page.count("reopened") >= 2 and "Minister of the Interior, Ministry of the Interior · Examplestan reopened" in page


def test_marking_a_batch_printed_then_mailed_moves_its_letters(school, client: FlaskClient, login) -> None:
    world, _, classes, _, made, _ = school
    login(world.coordinator)
    batch = make_batch(client, class_ids=[str(classes["7B"].id)])
    ids = [item.letter_id for item in batch.items]
    response = client.post(f"/printing/batches/{batch.id}/mailed", data={"date": "2026-12-02"}, follow_redirects=True)
    assert "Mark the batch printed first." in text_of(response)
    response = client.post(f"/printing/batches/{batch.id}/printed", data={"date": "2026-12-01"}, follow_redirects=True)
    page = text_of(response)
    assert "Batch marked printed: 3 letters updated." in page and "Printed 1 December 2026" in page
    assert {fresh(i).state for i in ids} == {"printed"}
    assert {fresh(i).printed_at.date() for i in ids} == {date(2026, 12, 1)}
    assert fresh_batch(batch.id).printed_at == datetime(2026, 12, 1)
    response = client.post(f"/printing/batches/{batch.id}/printed", data={}, follow_redirects=True)
    assert "This batch is already marked printed." in text_of(response)
    response = client.post(f"/printing/batches/{batch.id}/mailed", data={"date": "2026-12-02"}, follow_redirects=True)
    assert "Printed 1 December 2026 Mailed 2 December 2026" in text_of(response)  # both steps stay on record
    assert {fresh(i).state for i in ids} == {"mailed"}
    assert {fresh(i).mailed_at.date() for i in ids} == {date(2026, 12, 2)}
    assert fresh(made["lena_prosecutor"].id).state == "approved"  # not in this batch
    queue_page = text_of(client.get("/printing/queue"))
    assert "1 December 2026" in queue_page and "2 December 2026" in queue_page

    client.post("/auth/signout")
    login(world.teacher)
    page = text_of(client.get(f"/classes/{classes['7B'].id}"))
    assert "Mailed: 3" in page and "Draft: 1" in page
    assert page.count("Mailed") >= 4  # the counts and a badge in each mailed letter's cell


def test_the_class_page_shows_printed_letters(school, client: FlaskClient, login) -> None:
    world, _, classes, _, _, _ = school
    login(world.coordinator)
    batch = make_batch(client, class_ids=[str(classes["7B"].id)])
    client.post(f"/printing/batches/{batch.id}/printed", data={"date": ""})
    assert fresh_batch(batch.id).printed_at is not None
    client.post("/auth/signout")
    login(world.teacher)
    page = client.get(f"/classes/{classes['7B'].id}").get_data(as_text=True)
    assert '<span class="badge state-printed">Printed: 3</span>' in page
    assert page.count('<span class="badge state-printed">Printed</span>') == 3  # one in each letter's cell


def test_a_reopened_letter_is_not_marked_printed_with_its_old_batch(school, client: FlaskClient, login) -> None:
    world, _, _, _, made, _ = school
    login(world.coordinator)
    old = make_batch(client)
    letter = fresh(made["omar_minister"].id)
    review.reopen(letter, world.teacher, "A detail to fix.")
    letters.save(letter, "Omar to the minister, fixed.", letter.version)
    letters.submit(letter, letter.student)
    approve(letter, world.teacher)
    new = make_batch(client, label="Second")
    assert [item.letter_id for item in new.items] == [letter.id]
    response = client.post(f"/printing/batches/{old.id}/printed", data={}, follow_redirects=True)
    assert "3 letters updated" in text_of(response)
    # Printing the old batch printed the old text: the approved new text still waits for its batch.
    assert fresh(letter.id).state == "approved"
    client.post(f"/printing/batches/{new.id}/printed", data={})
    assert fresh(letter.id).state == "printed"


def test_batch_labels_match_the_batch(school, client: FlaskClient, login) -> None:
    world, *_ = school
    login(world.coordinator)
    batch = make_batch(client)
    labels = page_texts(client.get(f"/printing/batches/{batch.id}/labels.pdf").data)
    assert len(labels) == 1
    names = [line.strip() for line in labels[0].splitlines()
             if line.strip() in ("Minister of the Interior", "Prosecutor General", "Fiscal General de la Nación")]
    assert names == [item.target_label.split(",")[0] for item in batch.items]


def test_another_schools_coordinator_cannot_open_a_batch(school, client: FlaskClient, login) -> None:
    world, *_ = school
    login(world.coordinator)
    batch = make_batch(client)
    client.post("/auth/signout")
    other = make_world(name="Another School")
    login(other.coordinator)
    for url in (f"/printing/batches/{batch.id}", f"/printing/batches/{batch.id}/letters.pdf"):
        assert client.get(url).status_code == 404


def test_batches_snapshot_large_queues_without_rendering_again(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeRenderer()
    monkeypatch.setattr(services, "render_letter", fake)
    world = make_world()
    classroom = add_class(world)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    for n in range(12):
        student = add_student(world, classroom, f"Student Number{n}")
        approved(assignment, student, "One.", world.teacher)
        approved(assignment, student, "Two.", world.teacher, target=1)
    assert fake.calls == 24
    batch = batches.create(world.school, world.coordinator, batches.queue(world.school), "All", duplex=False)
    db.session.commit()
    assert fake.calls == 24 and len(batch.items) == 24
    assert [item.target_label.split(",")[0] for item in batch.items] == \
        ["Minister of the Interior"] * 12 + ["Prosecutor General"] * 12
    pdf = batches.batch_pdf(batch)
    assert len(pdf_reader(pdf).pages) == 25 and fake.calls == 24


def test_a_letter_in_a_mailed_batch_stays_as_it_was(school, client: FlaskClient, login) -> None:
    world, _, classes, _, made, _ = school
    login(world.coordinator)
    batch = make_batch(client, class_ids=[str(classes["8C"].id)])
    client.post(f"/printing/batches/{batch.id}/printed", data={})
    client.post(f"/printing/batches/{batch.id}/mailed", data={})
    letter = fresh(made["lena_prosecutor"].id)
    assert letter.state == "mailed"
    with pytest.raises(states.TransitionError, match="Only an approved letter that hasn't been printed"):
        review.reopen(letter, world.teacher, "Too late for this.")


def test_the_batch_cover_counts_the_snapshot(school, client: FlaskClient, login) -> None:
    world, _, classes, _, made, _ = school
    login(world.coordinator)
    batch = make_batch(client, class_ids=[str(classes["7B"].id)])
    target = made["maya_minister"].target
    target.name = "Minister of Home Affairs"  # a curator corrects the case after the batch was made
    db.session.commit()
    cover = page_texts(client.get(f"/printing/batches/{batch.id}/letters.pdf").data)[0]
    lines = [line.strip() for line in cover.splitlines()]
    assert "Minister of the Interior, Ministry of the Interior 2" in lines
    assert "Fiscal General de la Nación, Fiscalía General 1" in lines
    assert "Examplestan 2" in lines and "Peru 1" in lines and "Home Affairs" not in cover
