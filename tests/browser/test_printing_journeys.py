"""Printing in a real browser: a teacher approves letters and downloads the class PDF; the
print coordinator makes a batch, downloads it, marks it printed and mailed; the class page
shows it."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from classroom.extensions import db
from classroom.letters.models import Letter
from classroom.printing.models import PrintBatch

from ..factories import (
    MINISTER,
    PROSECUTOR,
    add_class,
    add_student,
    assign,
    make_case,
    make_world,
    written,
)
from ..printed import in_order
from .conftest import A11y, new_page, sign_in

SHOTS = os.environ.get("CLASSROOM_SCREENSHOTS")  # a folder: save screenshots of the pages for a human look


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot when CLASSROOM_SCREENSHOTS names a folder."""
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """Riverside School: Tess teaches 7B, Cora coordinates printing; three letters wait for review."""
    school = make_world()
    classroom = add_class(school, "7B")
    maya, omar = add_student(school, classroom, "Maya Kowalski"), add_student(school, classroom, "Omar Haddad")
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    sent = [written(assignment, maya, "Maya asks the minister to free Ana Example."),
            written(assignment, omar, "Omar asks the minister to free Ana Example."),
            written(assignment, maya, "Maya asks the prosecutor to drop the charges.", target=1)]
    return SimpleNamespace(school=school, classroom=classroom, sent=[letter.id for letter in sent])


def download(page: Page, link_name: str) -> bytes:
    """Click a download link and return the file's bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    return Path(path).read_bytes()


def texts(pdf: bytes) -> list[str]:
    """Text of every page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_teacher_approves_and_prints_coordinator_batches_and_posts(page: Page, a11y: A11y, browser: Browser,
                                                                     live_server: str, world: SimpleNamespace) -> None:
    teacher, coordinator = world.school.teacher, world.school.coordinator
    sign_in(page, a11y, teacher.login_name, "Hello, Teacher Tess")

    # Review: approve the three letters, one after the other.
    page.goto(f"/classes/{world.classroom.id}")
    a11y.check(page)
    page.get_by_role("link", name="Review 3 waiting").click()
    expect(page.get_by_role("heading", name="Letters to review: 7B")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Maya Kowalski").first.click()
    for _ in world.sent:
        expect(page.get_by_role("button", name="Approve")).to_be_visible()
        a11y.check(page)
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Approved: the letter is locked and ready to print.")).to_be_visible()
    a11y.check(page)
    db.session.rollback()
    assert {db.session.get(Letter, i, populate_existing=True).state for i in world.sent} == {"approved"}

    # The class PDF: a cover sheet, then the letters sorted by recipient.
    page.goto(f"/classes/{world.classroom.id}")
    expect(page.locator(".counts")).to_contain_text("Approved: 3")
    a11y.check(page)
    page.get_by_role("link", name="Print approved letters").click()
    expect(page.get_by_role("status")).to_contain_text("3 approved letters are ready")
    a11y.check(page)
    shot(page, "export")
    pages = texts(download(page, "Download letters (PDF)"))
    assert len(pages) == 4 and "3 letters to post" in pages[0] and "International post" in pages[0]
    assert [("prosecutor" if "Prosecutor General" in p else "minister") for p in pages[1:]] == \
        ["minister", "minister", "prosecutor"]
    assert in_order(pages[1], ["Riverside School", "Minister of the Interior", "Dear Minister,",
                               "asks the minister to free Ana Example.", "Yours sincerely,", "Student, Riverside School"])
    assert not any("DRAFT" in p for p in pages)
    assert len(texts(download(page, "Download for double-sided printing"))) == 8

    # The coordinator batches the queue, downloads it, marks it printed, then mailed.
    desk = new_page(browser, live_server, a11y)
    sign_in(desk, a11y, coordinator.login_name, "Hello, Coordinator Cora")
    desk.get_by_role("link", name="Print queue").first.click()
    expect(desk.get_by_role("heading", name="Print queue: Riverside School")).to_be_visible()
    expect(desk.get_by_text("3 approved letters are waiting to be printed.")).to_be_visible()
    a11y.check(desk)
    shot(desk, "queue")
    desk.get_by_label("Name of the batch").fill("December post")
    desk.get_by_role("button", name="Make batch").click()
    expect(desk.get_by_role("heading", name="December post")).to_be_visible()
    expect(desk.get_by_text("Batch “December post” made with 3 letters.")).to_be_visible()
    a11y.check(desk)
    shot(desk, "batch")
    batch_pages = texts(download(desk, "Download the batch (PDF)"))
    assert len(batch_pages) == 4 and batch_pages[1:] == pages[1:]
    assert len(texts(download(desk, "Address labels"))) == 1

    desk.get_by_label("Date").fill("2026-12-01")
    desk.get_by_role("button", name="Mark printed").click()
    expect(desk.get_by_text("Batch marked printed: 3 letters updated.")).to_be_visible()
    expect(desk.locator(".meta .badge")).to_have_text("Printed 1 December 2026")
    a11y.check(desk)
    desk.get_by_label("Date").fill("2026-12-02")
    desk.get_by_role("button", name="Mark mailed").click()
    expect(desk.get_by_text("Batch marked mailed: 3 letters updated.")).to_be_visible()
    expect(desk.locator(".meta .badge")).to_have_text(["Printed 1 December 2026", "Mailed 2 December 2026"])
    a11y.check(desk)
    shot(desk, "batch-mailed")
    desk.get_by_role("link", name="← Print queue").click()
    expect(desk.get_by_text("Nothing is waiting.")).to_be_visible()
    expect(desk.get_by_role("row", name=re.compile("December post"))).to_contain_text("2 December 2026")
    a11y.check(desk)
    desk.context.close()

    db.session.rollback()
    batch = db.session.query(PrintBatch).one()
    assert batch.printed_at is not None and batch.mailed_at is not None

    # The class page counts them as mailed.
    page.goto(f"/classes/{world.classroom.id}")
    expect(page.locator(".counts")).to_contain_text("Mailed: 3")
    expect(page.locator("table.matrix .badge.state-mailed")).to_have_count(3)
    a11y.check(page)
    shot(page, "class")


def test_class_page_shows_printed_before_mailed(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                               world: SimpleNamespace) -> None:
    from classroom.printing import batches
    from classroom.review import services as review

    for letter_id in world.sent:
        review.decide(db.session.get(Letter, letter_id), world.school.teacher, "approve", {})
    batch = batches.create(world.school.school, world.school.coordinator,
                           [db.session.get(Letter, i) for i in world.sent[:2]], "First two", duplex=True)
    batches.mark_printed(batch, world.school.coordinator)
    db.session.commit()
    sign_in(page, a11y, world.school.teacher.login_name, "Hello, Teacher Tess")
    page.goto(f"/classes/{world.classroom.id}")
    expect(page.locator(".counts")).to_contain_text("Approved: 1")
    expect(page.locator(".counts")).to_contain_text("Printed: 2")
    expect(page.locator("table.matrix .badge.state-printed")).to_have_count(2)
    a11y.check(page)

    desk = new_page(browser, live_server, a11y)
    sign_in(desk, a11y, world.school.coordinator.login_name, "Hello, Coordinator Cora")
    desk.goto(f"/printing/batches/{batch.id}")
    expect(desk.locator(".meta")).to_contain_text("2 letters · double-sided")
    expect(desk.get_by_role("button", name="Mark mailed")).to_be_visible()
    a11y.check(desk)
    pages = texts(download(desk, "Download the batch (PDF)"))
    assert len(pages) == 6 and [bool(p.strip()) for p in pages] == [True, False, True, False, True, False]
    desk.context.close()
