"""Letters as PDFs: what an approved letter prints as, the render cache, exports of a
letter, an assignment or a class (order, cover sheet, duplex, labels), and the
progress page of a long export. The WeasyPrint layer itself is tested in
test_pdf_render.py and test_pdf_hostile.py; here the PDFs come from the app's data.
"""
from __future__ import annotations

import html
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from classroom.dates import Local
from classroom.extensions import db
from classroom.letters import services as letters
from classroom.letters.models import Letter
from classroom.printing import exports, render, routes, services
from classroom.printing.models import PdfCache

from .clock import Clock
from .factories import (
    FISCAL,
    MINISTER,
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
from .printed import FakeRenderer, catalog_lang, in_order, page_texts, pdf_reader, pdf_text, squash

BODY = "I read about Ana Example in class.\n\nPlease release her and let her see her family."
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
APPROVED_AT = datetime(2026, 11, 26, 10, 30)


def sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page, to 1/100 pt."""
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pdf_reader(pdf).pages]


def page_contents(pdf: bytes) -> list[bytes]:
    """The decoded drawing instructions of every page."""
    return [page.get_contents().get_data() for page in pdf_reader(pdf).pages]


def cache_rows() -> int:
    """How many rendered PDFs the cache holds."""
    return db.session.scalar(select(func.count()).select_from(PdfCache)) or 0


def pinned(letter: Letter) -> bytes:
    """The approved letter's PDF, dated APPROVED_AT so dates can be checked exactly."""
    letter.approved_at = APPROVED_AT
    db.session.flush()
    return services.letter_pdf(letter)


@pytest.fixture
def one_class(app: Flask):
    """A school, a class signing "first_last_initial", Maya Kowalski, and a case with two officials."""
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    case = make_case(targets=(MINISTER, PROSECUTOR), people=("Ana Example",))
    return world, classroom, student, assign(classroom, case)


# --- what an approved letter prints as --------------------------------------------------------------

def test_an_appeal_is_a_business_letter_with_its_parts_in_order(one_class) -> None:
    world, _, student, assignment = one_class
    pdf = pinned(approved(assignment, student, BODY, world.teacher))
    texts = page_texts(pdf)
    assert len(texts) == 1
    assert squash(texts[0]).count(squash("Ministry of the Interior")) == 1  # title, not repeated by the address
    assert in_order(texts[0], [
        "Riverside School", "14 Alder Lane", "Riverside RV4 7QP", "United Kingdom",  # sender: the school
        "26 November 2026",
        "Minister of the Interior", "Ministry of the Interior", "1 Government Street", "Capital City", "Examplestan",
        "Dear Minister,",
        "I read about Ana Example in class.", "Please release her and let her see her family.",
        "Yours sincerely,", "Maya K.", "Student, Riverside School",
    ])
    assert "DRAFT" not in texts[0]
    assert catalog_lang(pdf) == "en"
    assert sizes(pdf) == [A4]


def test_the_recipient_block_does_not_repeat_the_officials_name(app: Flask) -> None:
    """Case data often starts the address with the office's name (as the bundled library does)."""
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    office = {**MINISTER, "name": "US immigration authorities", "title": "Federal immigration authorities",
              "salutation": "Dear Sir or Madam,", "address": ["US immigration authorities", "Washington, DC", "USA"]}
    assignment = assign(classroom, make_case(targets=(office,)))
    letter = approved(assignment, student, "Please release Ana Example.", world.teacher)
    text = page_texts(services.letter_pdf(letter))[0]
    head = text[:text.index("Dear Sir or Madam,")]
    assert head.count("US immigration authorities") == 1
    assert in_order(head, ["US immigration authorities", "Federal immigration authorities", "Washington, DC", "USA"])
    label = exports.label_addresses([letter])[0]
    assert label.lines == ("US immigration authorities", "Federal immigration authorities", "Washington, DC", "USA")


@pytest.mark.parametrize(("rule", "signed"), [
    ("first", "Maya"), ("first_last_initial", "Maya K."), ("full", "Maya Kowalski"), ("initials", "M. K."),
])
def test_the_signature_follows_the_class_rule(app: Flask, rule: str, signed: str) -> None:
    world = make_world()
    classroom = add_class(world, rule=rule)
    student = add_student(world, classroom, "Maya Kowalski")
    assignment = assign(classroom, make_case())
    text = pdf_text(services.letter_pdf(approved(assignment, student, "Please release Ana Example.", world.teacher)))
    assert in_order(text, ["Yours sincerely,", signed, "Student, Riverside School"])
    # The student's name is nowhere but in the signature (and only as much as the rule shows).
    flat = squash(text)
    assert flat.count(squash(signed)) == 1
    assert ("Kowalski" in text) == (rule == "full")
    if rule != "initials":
        assert flat.count("Maya") == 1


def test_the_sender_is_the_school_never_the_student(app: Flask) -> None:
    world = make_world(address="Schulstraße 5\n10115 Berlin\nDeutschland", name="Gymnasium Mitte")
    classroom = add_class(world, rule="full")
    student = add_student(world, classroom, "Jonas Weber")
    assignment = assign(classroom, make_case())
    text = page_texts(services.letter_pdf(approved(assignment, student, "Please free Ana Example.", world.teacher)))[0]
    head = text[:text.index("Dear Minister,")]
    assert in_order(head, ["Gymnasium Mitte", "Schulstraße 5", "10115 Berlin", "Deutschland"])
    assert "Jonas" not in head and "Weber" not in head
    assert in_order(text, ["Dear Minister,", "Please free Ana Example.", "Jonas Weber", "Student, Gymnasium Mitte"])


@pytest.mark.parametrize(("locale", "written"), [
    ("en-GB", "26 November 2026"), ("en-US", "November 26, 2026"), ("de-DE", "26. November 2026"),
    ("fr-FR", "26 novembre 2026"),
])
def test_the_date_is_written_in_the_schools_locale(app: Flask, locale: str, written: str) -> None:
    world = make_world(locale=locale)
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    letter = approved(assign(classroom, make_case()), student, "Please release Ana Example.", world.teacher)
    assert in_order(page_texts(pinned(letter))[0], ["United Kingdom", written, "Minister of the Interior"])


@pytest.mark.parametrize(("page_size", "size"), [("Letter", LETTER), ("A4", A4)])
def test_the_page_size_follows_the_school(app: Flask, page_size: str, size: tuple[float, float]) -> None:
    world = make_world(page_size=page_size)
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    letter = approved(assign(classroom, make_case()), student, "Please release Ana Example.", world.teacher)
    assert sizes(services.letter_pdf(letter)) == [size]


def test_a_letter_in_the_officials_language_uses_the_cases_salutation(app: Flask) -> None:
    """The student chose Spanish, the official's language: the case's own greeting prints."""
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    assignment = assign(classroom, make_case(country="Peru", targets=(FISCAL,)))
    letter = write(assignment, student, "Le pido que libere a Ana Example.")
    letters.set_language(letter, "es")
    letters.submit(letter, student)
    pdf = services.letter_pdf(approve(letter, world.teacher))
    assert catalog_lang(pdf) == "es"
    assert in_order(pdf_text(pdf), ["Fiscal General de la Nación", "Lima 15001", "Perú", "Estimado Fiscal General:",
                                    "Le pido que libere a Ana Example.", "Atentamente,", "Maya K."])


def test_a_solidarity_message_is_a_card_to_the_people_at_risk(app: Flask) -> None:
    world = make_world()
    classroom = add_class(world, rule="first")
    student = add_student(world, classroom, "Maya Kowalski")
    assignment = assign(classroom, make_case(people=("Ana Example", "Ben Example")))
    letter = approved(assignment, student, "You are not alone. We think of you.", world.teacher, kind="solidarity")
    text = pdf_text(services.letter_pdf(letter))
    assert in_order(text, ["To", "Ana Example", "Ben Example", "You are not alone. We think of you.", "Maya",
                           "Student, Riverside School"])
    assert "Minister" not in text and "Dear" not in text and "Kowalski" not in text


# --- previews and downloads over HTTP -------------------------------------------------------------

def test_a_draft_preview_is_watermarked_for_student_and_teacher(one_class, client: FlaskClient, login) -> None:
    world, _, student, assignment = one_class
    letter = write(assignment, student, BODY)
    for who in (student, world.teacher):
        login(who)
        response = client.get(f"/printing/letters/{letter.id}/preview.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert "DRAFT — not approved" in pdf_text(response.data)
        assert client.get(f"/printing/letters/{letter.id}/letter.pdf").status_code == 404  # not a print file
        client.post("/auth/signout")
    assert fresh(letter.id).pdf_key is None  # a preview is never kept as the letter's print file
    assert cache_rows() == 1  # one draft preview, rendered once for both


def test_a_student_downloads_their_own_approved_letter(one_class, client: FlaskClient, login) -> None:
    world, classroom, student, assignment = one_class
    letter = approved(assignment, student, BODY, world.teacher)
    classmate = add_student(world, classroom, "Omar Haddad")
    login(student)
    response = client.get(f"/printing/letters/{letter.id}/letter.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.data)
    assert "DRAFT" not in text and in_order(text, ["Dear Minister,", "Please release her", "Maya K."])
    assert "DRAFT" not in pdf_text(client.get(f"/printing/letters/{letter.id}/preview.pdf").data)
    client.post("/auth/signout")
    login(classmate)
    assert client.get(f"/printing/letters/{letter.id}/letter.pdf").status_code == 404


# --- the render cache ------------------------------------------------------------------------------------

def test_approval_renders_once_and_downloads_come_from_the_cache(one_class, client: FlaskClient,
                                                                  monkeypatch: pytest.MonkeyPatch, login) -> None:
    world, _, student, assignment = one_class
    letter = approved(assignment, student, BODY, world.teacher)
    row = db.session.get(PdfCache, fresh(letter.id).pdf_key)
    assert row is not None and row.letter_id == letter.id and row.pages == 1 and cache_rows() == 1

    def refuse(doc):
        raise AssertionError("rendered again")
    monkeypatch.setattr(services, "render_letter", refuse)
    login(world.teacher)
    response = client.get(f"/printing/letters/{letter.id}/letter.pdf")
    assert response.status_code == 200 and response.data == row.pdf


@pytest.mark.parametrize("change", ["school_address", "school_name", "signature_rule", "target_address", "locale"])
def test_any_change_after_approval_gives_a_new_render(one_class, client: FlaskClient, change: str, login,
                                                      clock: Clock) -> None:
    clock.set(APPROVED_AT)
    world, classroom, student, assignment = one_class
    letter = approved(assignment, student, BODY, world.teacher)
    old_key = fresh(letter.id).pdf_key
    old, new = {
        "school_address": ("14 Alder Lane", "99 New Road"),
        "school_name": ("Student, Riverside School", "Student, Riverside Academy"),
        "signature_rule": ("Maya K.", "Maya Kowalski"),
        "target_address": ("1 Government Street", "7 Palace Avenue"),
        "locale": ("November 2026", "November 26, 2026"),
    }[change]
    if change == "school_address":
        world.school.address = "99 New Road\nRiverside RV4 7QP\nUnited Kingdom"
    elif change == "school_name":
        world.school.name = "Riverside Academy"
    elif change == "signature_rule":
        classroom.signature_rule = "full"
    elif change == "target_address":
        target = letter.target
        target.address = target.address.replace("1 Government Street", "7 Palace Avenue")
    else:
        world.school.locale = "en-US"
    db.session.commit()
    login(student)
    text = pdf_text(client.get(f"/printing/letters/{letter.id}/letter.pdf").data)
    assert new in text
    if change != "locale":
        assert old not in text
    assert cache_rows() == 2
    assert fresh(letter.id).pdf_key != old_key
    assert db.session.get(PdfCache, fresh(letter.id).pdf_key) is not None


def test_a_new_layout_version_gives_a_new_render(one_class, monkeypatch: pytest.MonkeyPatch) -> None:
    world, _, student, assignment = one_class
    letter = approved(assignment, student, BODY, world.teacher)
    monkeypatch.setattr(services, "layout_version", lambda: "a-new-stylesheet")
    services.letter_pdf(letter)
    assert cache_rows() == 2


def test_an_export_joins_cached_pdfs_and_renders_only_what_is_missing(one_class, monkeypatch: pytest.MonkeyPatch) -> None:
    world, classroom, student, assignment = one_class
    other = add_student(world, classroom, "Omar Haddad")
    letters = [approved(assignment, student, "First letter.", world.teacher),
               approved(assignment, student, "Second letter.", world.teacher, target=1),
               approved(assignment, other, "Third letter.", world.teacher)]
    db.session.delete(db.session.get(PdfCache, letters[2].pdf_key))
    db.session.commit()
    calls: list[str] = []
    real = services.render_letter  # type: ignore[attr-defined]

    def counting(doc):
        calls.append(doc.body)
        return real(doc)
    monkeypatch.setattr(services, "render_letter", counting)
    pdf = exports.export_pdf(letters, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=False)
    assert calls == ["Third letter."]
    assert len(page_texts(pdf)) == 4
    calls.clear()
    exports.export_pdf(letters, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=False)
    assert calls == []


def test_a_long_export_shows_its_progress_until_done(one_class, client: FlaskClient,
                                                      monkeypatch: pytest.MonkeyPatch, login) -> None:
    world, classroom, _, assignment = one_class
    fake = FakeRenderer()
    monkeypatch.setattr(services, "render_letter", fake)
    total = routes.CHUNK + 7
    for n in range((total + 1) // 2):
        student = add_student(world, classroom, f"Student Number{n}")
        for target in (0, 1)[: min(2, total - 2 * n)]:
            approved(assignment, student, f"Letter {n}-{target}.", world.teacher, target=target)
    # A new school address: every cached PDF is out of date, so all must be rendered again.
    world.school.address = "99 New Road\nRiverside"
    db.session.commit()
    fake.calls = 0
    login(world.teacher)
    page = client.get(f"/printing/class/{classroom.id}/export").get_data(as_text=True)
    assert '<meta http-equiv="refresh"' in page
    assert f"Preparing the letters: {routes.CHUNK} of {total} ready" in page
    assert f'<progress max="{total}" value="{routes.CHUNK}"' in page
    assert "Download letters (PDF)" not in page
    assert fake.calls == routes.CHUNK
    page = client.get(f"/printing/class/{classroom.id}/export").get_data(as_text=True)
    assert "http-equiv" not in page and "<progress" not in page
    assert f"{total} approved letters are ready" in html.unescape(page)
    assert f"/printing/class/{classroom.id}/letters.pdf" in page
    assert fake.calls == total
    client.get(f"/printing/class/{classroom.id}/letters.pdf")
    assert fake.calls == total  # the download only joins


# --- exports ------------------------------------------------------------------------------------------

STATES = ("draft", "submitted", "changes_requested", "approved", "printed", "mailed")


def letter_in_state(assignment, student, teacher, state: str, body: str, target: int = 0) -> Letter:
    """A letter brought to ``state`` the way people do it."""
    from classroom.letters import states
    from classroom.review import services as review

    letter = written(assignment, student, body, target=target, submit=state != "draft")
    if state == "changes_requested":
        review.decide(letter, teacher, "request_changes", {})
    elif state in ("approved", "printed", "mailed"):
        approve(letter, teacher)
        if state in ("printed", "mailed"):
            states.apply(letter, "mark_printed", "coordinator", None)
        if state == "mailed":
            states.apply(letter, "mark_mailed", "coordinator", None)
    db.session.commit()
    assert letter.state == state
    return letter


def test_a_class_export_has_approved_letters_only_sorted_by_target(app: Flask, client: FlaskClient, login) -> None:
    world = make_world()
    classroom = add_class(world)
    second = make_case(ua_number="UA 2.26", country="Peru", targets=(FISCAL,), title="Defender threatened")
    first_case = assign(classroom, make_case(targets=(PROSECUTOR, MINISTER)))
    second_case = assign(classroom, second)
    students = [add_student(world, classroom, name) for name in ("Ada Zed", "Ben Young", "Cy Xu")]
    made = {}
    for i, state in enumerate(STATES):
        made[state] = letter_in_state(first_case, students[i % 3], world.teacher, state, f"Body {state}.",
                                      target=i // 3)
    made["fiscal"] = letter_in_state(second_case, students[0], world.teacher, "approved", "Body fiscal.")
    write(second_case, students[1], "Body second draft.")
    login(world.teacher)
    response = client.get(f"/printing/class/{classroom.id}/letters.pdf")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment;")
    pages = page_texts(response.data)
    letters = pages[1:]
    # Sorted by recipient: Fiscal General, Minister, Prosecutor; within a recipient by student.
    recipients = [next(name for name in ("Fiscal General", "Minister of the Interior", "Prosecutor General")
                       if name in page) for page in letters]
    assert recipients == sorted(recipients)
    found = sorted(s for s in (*STATES, "fiscal") for page in letters if f"Body {s}." in page)
    assert found == ["approved", "fiscal", "mailed", "printed"]
    assert all("DRAFT" not in page for page in pages)


def test_an_assignment_export_holds_that_assignment_only(app: Flask, client: FlaskClient, login) -> None:
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    one = assign(classroom, make_case())
    two = assign(classroom, make_case(ua_number="UA 2.26", title="Another case"))
    approved(one, student, "For the first case.", world.teacher)
    approved(two, student, "For the second case.", world.teacher)
    login(world.teacher)
    text = pdf_text(client.get(f"/printing/assignment/{one.id}/letters.pdf").data)
    assert "For the first case." in text and "For the second case." not in text
    assert "7B: Student journalist detained" in text  # the cover names class and case


def test_the_export_order_groups_envelopes_by_recipient(app: Flask) -> None:
    world = make_world()
    classroom = add_class(world)
    students = [add_student(world, classroom, name) for name in ("Zoe Adams", "Adam Zane", "Mia Park")]
    assignment = assign(classroom, make_case(targets=(PROSECUTOR, MINISTER)))
    made = [approved(assignment, s, f"Letter of {s.first_name} to {t}.", world.teacher, target=t)
            for s in students for t in (0, 1)]
    ordered = exports.sort_for_print(made)
    assert [(letter.target.name, letter.student.name) for letter in ordered] == [
        ("Minister of the Interior", "Adam Zane"), ("Minister of the Interior", "Mia Park"),
        ("Minister of the Interior", "Zoe Adams"), ("Prosecutor General", "Adam Zane"),
        ("Prosecutor General", "Mia Park"), ("Prosecutor General", "Zoe Adams")]
    pages = page_texts(exports.export_pdf(made, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=False))[1:]
    assert [next(letter.id for letter in ordered if f"Letter of {letter.student.first_name} to "
                 f"{letter.assignment.allowed_targets.index(letter.target)}." in page) for page in pages] \
        == [letter.id for letter in ordered]


def test_the_cover_sheet_counts_per_target_and_country(app: Flask, client: FlaskClient, clock: Clock,
                                                      login) -> None:
    clock.set("2026-12-03")
    world = make_world()
    classroom = add_class(world, name="Year 8 Rights")
    students = [add_student(world, classroom, name) for name in ("Ada Zed", "Ben Young", "Cy Xu")]
    examplestan = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    peru = assign(classroom, make_case(ua_number="UA 2.26", country="Peru", targets=(FISCAL,),
                                       title="Defender threatened"))
    for student in students:
        approved(examplestan, student, "To the minister.", world.teacher)
        approved(peru, student, "Al fiscal.", world.teacher)
    approved(examplestan, students[0], "To the prosecutor.", world.teacher, target=1)
    approved(examplestan, students[1], "A card.", world.teacher, kind="solidarity")
    written(examplestan, students[2], "Not approved yet.", target=1)
    login(world.teacher)
    cover = page_texts(client.get(f"/printing/class/{classroom.id}/letters.pdf").data)[0]
    assert in_order(cover, ["Year 8 Rights", "Riverside School", "3 December 2026", "8", "letters to post"])
    lines = [line.strip() for line in cover.splitlines()]
    assert "Fiscal General de la Nación, Fiscalía General 3" in lines
    assert "Minister of the Interior, Ministry of the Interior 3" in lines
    assert "Prosecutor General, Office of the Prosecutor General 1" in lines
    assert "Ana Example (solidarity) 1" in lines
    assert "Examplestan 5" in lines and "Peru 3" in lines
    assert "International post needs international postage stamps" in cover


def test_the_cover_sheet_is_dated_in_the_schools_locale(app: Flask, clock: Clock) -> None:
    clock.set("2026-11-26")
    sheet = exports.cover_sheet([], "Riverside School", "7B", Local(locale="en-US"), "Letter")
    assert sheet.date_text == "November 26, 2026" and sheet.total == 0


def test_duplex_starts_every_letter_on_a_fresh_sheet(one_class, client: FlaskClient, login) -> None:
    world, classroom, student, assignment = one_class
    approved(assignment, student, "A short letter.", world.teacher)
    paragraph = ("This paragraph is long enough to fill a good part of the page, and it goes on to say that "
                 "the minister should release Ana Example at once.")
    long_body = "\n\n".join([paragraph] * 14)
    long_letter = approved(assignment, student, long_body, world.teacher, target=1)
    assert db.session.get(PdfCache, long_letter.pdf_key).pages == 2
    login(world.teacher)
    plain = page_texts(client.get(f"/printing/class/{classroom.id}/letters.pdf").data)
    duplex = page_texts(client.get(f"/printing/class/{classroom.id}/letters.pdf?duplex=1").data)
    assert len(plain) == 1 + 1 + 2
    # cover + blank, short letter + blank, long letter (two pages, no blank needed)
    assert len(duplex) == 6
    assert [bool(text.strip()) for text in duplex] == [True, False, True, False, True, True]
    assert "A short letter." in duplex[2]


@pytest.mark.parametrize(("page_size", "per_sheet"), [("Letter", 30), ("A4", 21)])
def test_labels_one_per_letter_in_export_order(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                                               page_size: str, per_sheet: int, login) -> None:
    monkeypatch.setattr(services, "render_letter", FakeRenderer())
    world = make_world(page_size=page_size)
    classroom = add_class(world)
    examplestan = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    peru = assign(classroom, make_case(ua_number="UA 2.26", country="Peru", targets=(FISCAL,),
                                       title="Defender threatened"))
    made = []
    for n in range(per_sheet // 3 + 1):
        student = add_student(world, classroom, f"Student Number{n}")
        made += [approved(examplestan, student, "To the minister.", world.teacher),
                 approved(examplestan, student, "To the prosecutor.", world.teacher, target=1),
                 approved(peru, student, "Al fiscal.", world.teacher)]
    assert len(made) > per_sheet
    login(world.teacher)
    response = client.get(f"/printing/class/{classroom.id}/labels.pdf")
    assert response.status_code == 200
    pages = page_texts(response.data)
    assert len(pages) == 2 and sizes(response.data)[0] == (A4 if page_size == "A4" else LETTER)
    first_lines = {"Minister of the Interior": "minister", "Prosecutor General": "prosecutor",
                   "Fiscal General de la Nación": "fiscal"}
    labels = [first_lines[line.strip()] for page in pages for line in page.splitlines() if line.strip() in first_lines]
    assert len(labels) == len(made)
    assert sum(1 for line in pages[0].splitlines() if line.strip() in first_lines) == per_sheet
    expected = ["fiscal" if letter.target.name.startswith("Fiscal") else
                "minister" if letter.target.name.startswith("Minister") else "prosecutor"
                for letter in exports.sort_for_print(made)]
    assert labels == expected


def test_a_card_for_a_case_without_officials_still_gets_its_label(app: Flask) -> None:
    world = make_world()
    classroom = add_class(world)
    student = add_student(world, classroom, "Maya Kowalski")
    victory = assign(classroom, make_case(ua_number="UA 3.26", country="Mexico", targets=(), status="victory", asks=[],
                                          people=("Women of the shelters",)), kinds=("solidarity",))
    appeal = assign(classroom, make_case())
    made = [approved(victory, student, "We are glad for you.", world.teacher, kind="solidarity"),
            approved(appeal, student, "Please release Ana Example.", world.teacher)]
    ordered = exports.sort_for_print(made)
    labels = exports.label_addresses(ordered)
    assert [label.lines[0] for label in labels] == [
        "Minister of the Interior" if letter.kind == "appeal" else "Women of the shelters" for letter in ordered]
    assert labels[[letter.kind for letter in ordered].index("solidarity")].lines == ("Women of the shelters", "Mexico")


def test_the_export_page_offers_the_downloads(one_class, client: FlaskClient, login) -> None:
    world, classroom, student, assignment = one_class
    approved(assignment, student, BODY, world.teacher)
    write(assignment, student, "Draft.", target=1)
    login(world.teacher)
    page = html.unescape(client.get(f"/printing/class/{classroom.id}/export").get_data(as_text=True))
    assert "1 approved letter is ready (1 not yet approved is left out)." in page
    assert f"/printing/class/{classroom.id}/letters.pdf?duplex=1" in page
    assert f"/printing/class/{classroom.id}/labels.pdf" in page and "21 per A4 sheet" in page
    assert "http-equiv" not in page


def test_cover_warnings_count_only_the_exported_letters(one_class, client: FlaskClient, login) -> None:
    from datetime import date

    from classroom.network.mail import set_condition

    world, classroom, student, assignment = one_class
    approved(assignment, student, BODY, world.teacher)
    write(assignment, student, "Draft.", target=1)
    set_condition("Examplestan", "suspended", "No post", date(2026, 11, 1), None)
    db.session.commit()
    login(world.teacher)
    cover = page_texts(client.get(f"/printing/class/{classroom.id}/letters.pdf").data)[0]
    assert "1 letter to Examplestan" in cover and "2 letters" not in cover


# --- property: an export contains exactly the approved letters ---------------------------------------------

def test_an_export_contains_exactly_the_approved_letters(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Render a fixed set of letters once; then, for random mixes of states, export from the cache."""
    world = make_world()
    classroom = add_class(world)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    made: list[Letter] = []
    for n, name in enumerate(("Ada Zed", "Ben Young", "Cy Xu")):
        student = add_student(world, classroom, name)
        made += [approved(assignment, student, f"Marker L{2 * n}.", world.teacher),
                 approved(assignment, student, f"Marker L{2 * n + 1}.", world.teacher, target=1)]

    def refuse(doc):
        raise AssertionError("the export rendered a letter again")
    monkeypatch.setattr(services, "render_letter", refuse)
    monkeypatch.setattr(render, "render_letter", refuse)
    # The cover is rendered once too; each example records what its cover would say.
    stock_cover = render.render_cover(exports.cover_sheet([], "Riverside School", "7B", Local(locale="en-GB"), "A4"))
    covers: list[int] = []
    monkeypatch.setattr(exports, "render_cover", lambda sheet: covers.append(sheet.total) or stock_cover)  # type: ignore[func-returns-value]

    # Each letter is known by its page's drawing (text extraction is too slow for dozens of runs).
    drawing = {page_contents(db.session.get(PdfCache, letter.pdf_key).pdf)[0]: i for i, letter in enumerate(made)}
    assert len(drawing) == len(made) and all(f"Marker L{i}." in pdf_text(db.session.get(PdfCache, letter.pdf_key).pdf)
                                             for i, letter in enumerate(made))

    @settings(max_examples=40, deadline=None, database=None)
    @given(st.lists(st.sampled_from(STATES), min_size=len(made), max_size=len(made)))
    def check(chosen: list[str]) -> None:
        for letter, state in zip(made, chosen):
            letter.state = state  # approved_at stays, so every approved letter's PDF is in the cache
        db.session.flush()
        pdf = exports.export_pdf(made, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=False)
        pages = page_contents(pdf)
        expected = {i for i, state in enumerate(chosen) if state in ("approved", "printed", "mailed")}
        assert pages[0] == page_contents(stock_cover)[0]
        assert sorted(drawing[page] for page in pages[1:]) == sorted(expected)
        assert covers.pop() == len(expected)

    check()
    db.session.rollback()


# --- the export path at school size ---------------------------------------------------------------------

def test_an_export_runs_the_same_queries_for_4_or_12_letters(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from .statements import count_statements

    monkeypatch.setattr(services, "render_letter", FakeRenderer())
    world = make_world()
    classroom = add_class(world)
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    made = []
    for n in range(6):
        student = add_student(world, classroom, f"Student Number{n}")
        made += [approved(assignment, student, "One.", world.teacher),
                 approved(assignment, student, "Two.", world.teacher, target=1)]
    counts = []
    for chosen in (made[:4], made):
        loaded = db.session.scalars(select(Letter).where(Letter.id.in_([letter.id for letter in chosen]))
                                    .options(*exports.LOAD)).all()
        with count_statements() as statements:
            pdf = exports.export_pdf(loaded, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=False)
        assert len(pdf_reader(pdf).pages) == 1 + len(chosen)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_cached_pdfs_are_read_a_slice_at_a_time(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from .statements import count_statements

    stock = FakeRenderer()(make_document())
    keys = [f"key-{n:03d}" for n in range(exports.JoinParts.SLICE * 2 + 1)]
    db.session.add_all(PdfCache(key=key, letter_id=None, pdf=stock, pages=1) for key in keys)
    db.session.commit()
    parts = exports.JoinParts(b"cover", keys)
    with count_statements() as statements:
        read = list(parts)
    assert read == [b"cover"] + [stock] * len(keys) and len(parts) == len(read)
    assert len(statements) == 3
    assert parts[0] == b"cover" and parts[-1] == stock
    with pytest.raises(IndexError):
        parts[len(parts)]


def test_a_join_that_falls_back_midway_still_has_every_page(one_class) -> None:
    """A cached PDF the fast join does not know sends the whole join to pikepdf, from the start."""
    import io

    import pikepdf

    world, _, student, assignment = one_class
    made = [approved(assignment, student, "First letter.", world.teacher),
            approved(assignment, student, "Second letter.", world.teacher, target=1)]
    ordered = exports.sort_for_print(made)
    # The second letter's cached file, rewritten by another tool (no longer WeasyPrint's layout).
    row = db.session.get(PdfCache, ordered[1].pdf_key)
    with pikepdf.open(io.BytesIO(row.pdf)) as original:
        out = io.BytesIO()
        original.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    row.pdf = out.getvalue()
    db.session.commit()
    pages = page_texts(exports.export_pdf(made, "Riverside School", "7B", Local(locale="en-GB"), "A4", duplex=True))
    assert len(pages) == 6 and "First letter." in pages[2] and "Second letter." in pages[4]


def make_document():
    """A plain approved letter document (for the stock PDF)."""
    from classroom.printing.documents import LetterDocument

    return LetterDocument(kind="appeal", school_name="Riverside School", school_address=("1 Road",),
                          date_text="26 November 2026", recipient_name="Minister", recipient_title="",
                          recipient_address=("Capital",), salutation="Dear Minister,", body="Stock.",
                          closing="Yours sincerely,", signature="Maya K.", signature_note="Student")
