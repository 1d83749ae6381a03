"""Letters in a real browser: autosave, a lost connection, a second tab, the safety check, and a full review."""
from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from classroom.auth import services as accounts
from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.letters.models import Letter, LetterRevision

from ..factories import MINISTER, PASSWORD, PROSECUTOR, assign, make_case
from ..faults import database_away
from .conftest import A11y, new_page, sign_in

SAVED = re.compile(r"Saved at \d")


@pytest.fixture
def world(app: Flask, make_teacher: Callable[..., User], make_class: Callable[..., Classroom],
          make_student: Callable[..., User]) -> SimpleNamespace:
    """Ms Rivera's class 7B, Maya in it, and a case assigned with two officials and solidarity messages."""
    teacher = make_teacher("Ms Rivera", email="rivera@example.org")
    classroom = make_class(teacher, name="7B")
    student = make_student(classroom, name="Maya Kowalski", username="maya.k")
    case = make_case(targets=(MINISTER, PROSECUTOR))
    assignment = assign(classroom, case)
    return SimpleNamespace(teacher=teacher, classroom=classroom, student=student, case=case, assignment=assignment)


def in_db(letter_id: int) -> Letter:
    """The letter as the database has it now."""
    db.session.rollback()
    letter = db.session.get(Letter, letter_id, populate_existing=True)
    assert letter is not None
    return letter


def start_appeal(page: Page, a11y: A11y, world: SimpleNamespace, helper_sentences: bool = False) -> int:
    """From the student's home page, open the assignment and start a letter to the Minister."""
    page.get_by_role("link", name=world.case.title).first.click()
    expect(page.get_by_role("heading", name=world.case.title)).to_be_visible()
    a11y.check(page)
    page.get_by_label(re.compile("^A letter to Minister of the Interior")).check()
    helper = page.get_by_label("Start with helper sentences I can change")
    if helper_sentences:
        helper.check()
    else:
        helper.uncheck()
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_role("heading", name="Your letter to Minister of the Interior")).to_be_visible()
    a11y.check(page)
    return int(page.url.rstrip("/").split("/")[-1])


def letter_box(page: Page):
    return page.get_by_role("textbox", name="Your letter", exact=True)


def status(page: Page):
    return page.locator("#save-status")


def test_typing_saves_by_itself_and_survives_a_reload(page: Page, a11y: A11y, world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world, helper_sentences=True)
    editor = letter_box(page)
    expect(editor).to_have_value(re.compile("release Ana Example immediately"))
    expect(page.get_by_text("Dear Minister,")).to_be_visible()
    # The student clears the helper sentences and writes their own letter.
    editor.fill("")
    editor.press_sequentially("I am Maya and I want Ana Example to be free.")
    expect(page.locator("#word-count")).to_have_text("11")
    expect(status(page)).to_have_text(SAVED)
    a11y.check(page)
    assert in_db(letter_id).body == "I am Maya and I want Ana Example to be free."
    page.reload()
    expect(letter_box(page)).to_have_value("I am Maya and I want Ana Example to be free.")
    a11y.check(page)
    # The asks checklist and the tips are beside the editor.
    expect(page.get_by_role("checkbox", name="Release Ana Example immediately")).to_be_visible()
    expect(page.get_by_text("Keep it to one page.")).to_be_visible()
    # Past one page the warning shows.
    letter_box(page).fill("Please release Ana Example now. " * 100)  # about 3,200 characters: past one page, under the save limit
    expect(page.locator("#page-warning")).to_be_visible()
    expect(status(page)).to_have_text(SAVED)
    # Earlier versions can be seen and brought back.
    page.get_by_role("link", name="Earlier versions").click()
    expect(page.get_by_role("heading", name="Earlier versions of your letter")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Version 2", exact=True).click()
    a11y.check(page)
    page.get_by_role("button", name="Bring this version back").click()
    expect(page.get_by_text("Version 2 is back")).to_be_visible()
    a11y.check(page)
    expect(letter_box(page)).to_have_value("I am Maya and I want Ana Example to be free.")
    revisions = db.session.scalars(select(LetterRevision.reason).where(LetterRevision.letter_id == letter_id)
                                   .order_by(LetterRevision.version)).all()
    assert revisions == ["start", "autosave", "autosave", "restore"]


def test_work_typed_offline_reaches_the_server_after_a_reload(browser: Browser, live_server: str, a11y: A11y,
                                                              world: SimpleNamespace) -> None:
    # Its own browser, as it goes offline; the failed saves are the editor's to show, not browser errors.
    page = new_page(browser, live_server, a11y)
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    editor = letter_box(page)
    editor.fill("Please release Ana Example.")
    expect(status(page)).to_have_text(SAVED)

    # The connection drops; the student keeps typing.
    page.context.set_offline(True)
    editor.press_sequentially(" She is only a student.")
    expect(status(page)).to_contain_text("Offline")
    expect(status(page)).to_contain_text("kept on this device")
    a11y.check(page)
    # The connection comes back, but saves still don't get through (a flaky school network).
    page.route("**/letters/*/draft", lambda route: route.abort())
    page.context.set_offline(False)
    expect(status(page)).to_contain_text("Offline")
    assert in_db(letter_id).body == "Please release Ana Example."

    page.reload()
    expect(letter_box(page)).to_have_value("Please release Ana Example. She is only a student.")
    a11y.check(page)
    assert in_db(letter_id).body == "Please release Ana Example.", "nothing could be sent yet"
    # The network works again; the browser never noticed it was gone, so the editor retries by itself.
    page.unroute("**/letters/*/draft")
    expect(status(page)).to_have_text(SAVED, timeout=20_000)
    letter = in_db(letter_id)
    assert letter.body == "Please release Ana Example. She is only a student."
    assert letter.version == 3
    page.reload()
    expect(letter_box(page)).to_have_value("Please release Ana Example. She is only a student.")
    expect(status(page)).to_have_text(SAVED)  # nothing left to restore: the page says when it was saved
    a11y.check(page)

    # Offline again: this time the browser's "back online" sends the work at once.
    page.context.set_offline(True)
    letter_box(page).press("Control+End")
    letter_box(page).press_sequentially(" Thank you.")
    expect(status(page)).to_contain_text("Offline")
    page.context.set_offline(False)
    expect(status(page)).to_have_text(SAVED)
    assert in_db(letter_id).body == "Please release Ana Example. She is only a student. Thank you."
    page.context.close()


def test_work_typed_while_the_database_is_away_is_kept_and_saved_when_it_is_back(
        page: Page, a11y: A11y, app: Flask, world: SimpleNamespace) -> None:
    app.config["DATABASE_RETRY_AFTER"] = 1  # the server's 503 says when to try again; keep the test quick
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    editor = letter_box(page)
    editor.fill("Please release Ana Example.")
    expect(status(page)).to_have_text(SAVED)

    with database_away(app):
        # The server answers 503: the text stays on this device and is tried again.
        editor.press_sequentially(" She is only a student.")
        expect(status(page)).to_contain_text("kept on this device")
        kept = page.evaluate(f"JSON.parse(localStorage.getItem('w4r-letter-{letter_id}')).body")
        assert kept == "Please release Ana Example. She is only a student."
        # A reload meanwhile shows the calm 503 page, not the editor.
        page.reload()
        expect(page.get_by_role("heading", name="We can't open or save letters just now")).to_be_visible()
        a11y.check(page)
    assert in_db(letter_id).body == "Please release Ana Example."

    # Back: the editor opens again, brings back the work kept on this device and saves it.
    page.reload()
    expect(letter_box(page)).to_have_value("Please release Ana Example. She is only a student.")
    expect(status(page)).to_have_text(SAVED)
    a11y.check(page)
    assert in_db(letter_id).body == "Please release Ana Example. She is only a student."

    # Away again, but this time the student stays on the page: the retry alone saves it.
    with database_away(app):
        letter_box(page).press("Control+End")
        letter_box(page).press_sequentially(" Thank you.")
        expect(status(page)).to_contain_text("kept on this device")
    expect(status(page)).to_have_text(SAVED, timeout=10_000)
    assert in_db(letter_id).body == "Please release Ana Example. She is only a student. Thank you."


def test_a_save_after_the_session_ended_is_not_taken_for_saved(page: Page, a11y: A11y, world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    editor_url = page.url
    letter_box(page).fill("Please release Ana Example.")
    expect(status(page)).to_have_text(SAVED)
    # The teacher resets Maya's password (she forgot it on another device): her sessions end.
    accounts.set_password(world.student, PASSWORD)
    db.session.commit()

    # The autosave is answered by a redirect to the sign-in page: that is no save.
    letter_box(page).press_sequentially(" She is only a student.")
    expect(status(page)).to_contain_text("you are signed out")
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('w4r-letter-{letter_id}')).body")
    assert kept == "Please release Ana Example. She is only a student."
    assert in_db(letter_id).body == "Please release Ana Example."

    # Signed in again, the editor brings the kept text back and saves it.
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    page.goto(editor_url)
    expect(letter_box(page)).to_have_value("Please release Ana Example. She is only a student.")
    expect(status(page)).to_have_text(SAVED)
    assert in_db(letter_id).body == "Please release Ana Example. She is only a student."


def test_a_second_tab_never_overwrites_silently(page: Page, a11y: A11y, world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    url = page.url
    letter_box(page).fill("Written in the first tab.")
    expect(status(page)).to_have_text(SAVED)

    second = page.context.new_page()  # same student, same browser: another tab
    second.goto(url)
    a11y.check(second)
    # First tab edits again; the second tab still has the older version open.
    letter_box(page).fill("Written in the first tab, then changed.")
    expect(status(page)).to_have_text(SAVED)
    letter_box(second).fill("Written in the second tab.")
    box = second.locator("#live-conflict")
    expect(box).to_contain_text("This letter was changed somewhere else")
    expect(second.get_by_role("region", name="The other version (saved)")).to_have_text("Written in the first tab, then changed.")
    expect(second.get_by_role("region", name="Your version (not saved yet)")).to_have_text("Written in the second tab.")
    expect(status(second)).to_contain_text("Choose which version to keep")
    # Keyboard and screen-reader users land on the box's heading.
    expect(second.get_by_role("heading", name="This letter was changed somewhere else")).to_be_focused()
    a11y.check(second)
    assert in_db(letter_id).body == "Written in the first tab, then changed.", "no silent overwrite"
    second.get_by_role("button", name="Keep my version").click()
    expect(status(second)).to_have_text(SAVED)
    expect(box).to_have_count(0)
    assert in_db(letter_id).body == "Written in the second tab."
    bodies = db.session.scalars(select(LetterRevision.body).where(LetterRevision.letter_id == letter_id)
                                .order_by(LetterRevision.version)).all()
    assert bodies[-2:] == ["Written in the first tab, then changed.", "Written in the second tab."], "both kept"
    second.close()


def select_text(page: Page, container: str, text: str) -> None:
    """Drag the mouse over ``text`` inside ``container`` (as a teacher selects a passage)."""
    box = page.evaluate(
        """([selector, text]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const at = node.textContent.indexOf(text);
              if (at === -1) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + text.length);
              const rects = range.getClientRects();
              const first = rects[0], last = rects[rects.length - 1];
              return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
            }
            return null;
        }""", [container, text])
    assert box, f"{text!r} not found"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def test_a_letter_goes_through_review_and_is_approved(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                    world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    first_text = ("Please release Ana Example. You are wrong to keep her in prison. "
                  "Call me on 07700 900123 if you have questions.")
    letter_box(page).fill(first_text)
    # Sending waits for the last save, then the safety check shows what it found.
    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_role("heading", name="Please check your letter")).to_be_visible()
    expect(page.get_by_text("This looks like a phone number.")).to_be_visible()
    expect(page.locator("mark", has_text="07700 900123")).to_be_visible()
    a11y.check(page)
    assert in_db(letter_id).body == first_text
    page.get_by_role("button", name="Send it anyway").click()
    expect(page.get_by_text("Your letter is with your teacher now.")).to_be_visible()
    a11y.check(page)
    assert in_db(letter_id).state == "submitted"

    teacher = new_page(browser, live_server, a11y)
    sign_in(teacher, a11y, "rivera@example.org", "Hello, Ms Rivera")
    expect(teacher.get_by_text("1 letter waiting for review")).to_be_visible()
    teacher.get_by_role("link", name="7B: 1 waiting").click()
    expect(teacher.get_by_role("heading", name="Letters to review: 7B")).to_be_visible()
    a11y.check(teacher)
    teacher.get_by_role("link", name="Maya Kowalski").click()
    expect(teacher.get_by_role("heading", name=re.compile("Maya Kowalski: Appeal letter to Minister"))).to_be_visible()
    expect(teacher.get_by_role("heading", name="Safety checks (1)")).to_be_visible()
    expect(teacher.locator("#letter-body mark.flagged")).to_have_text("07700 900123")  # marked in the letter too
    a11y.check(teacher)
    # A comment on a passage selected with the mouse.
    select_text(teacher, "#letter-body", "You are wrong to keep her in prison.")
    expect(teacher.get_by_label("Passage (optional)")).to_have_value("You are wrong to keep her in prison.")
    teacher.get_by_label("Comment", exact=True).fill("Say it politely: ask instead of blaming.")
    teacher.get_by_role("button", name="Add comment").click()
    expect(teacher.get_by_text("Comment added.")).to_be_visible()
    expect(teacher.locator("#letter-body mark[data-comment]")).to_contain_text("You are wrong to keep her in prison.")
    a11y.check(teacher)
    teacher.get_by_label("Factual").check()
    teacher.get_by_label("Names the person").check()
    teacher.get_by_label("Message to the student (optional)").fill("Take out your phone number too, please.")
    teacher.get_by_role("button", name="Ask for changes").click()
    expect(teacher.get_by_text("Sent back to the student with your feedback.")).to_be_visible()
    a11y.check(teacher)
    assert in_db(letter_id).state == "changes_requested"

    # The student sees the feedback with the passage highlighted, revises and sends again.
    page.goto("/")
    expect(page.get_by_text("1 letter needs your attention")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Letter to Minister of the Interior").first.click()
    expect(page.get_by_role("heading", name="Feedback from your teacher")).to_be_visible()
    expect(page.locator(".feedback mark")).to_have_text(re.compile("^You are wrong to keep her in prison."))
    expect(page.get_by_text("Say it politely: ask instead of blaming.")).to_be_visible()
    a11y.check(page)
    revised = "Please release Ana Example. I ask you kindly to let her go home to her family."
    letter_box(page).fill(revised)
    expect(status(page)).to_have_text(SAVED)
    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_text("Your letter is with your teacher now.")).to_be_visible()
    a11y.check(page)

    # The teacher sees what changed and approves.
    teacher.goto(f"/review/letters/{letter_id}")
    expect(teacher.get_by_role("heading", name="What changed since your last review")).to_be_visible()
    expect(teacher.locator(".diff del").first).to_contain_text("You")
    expect(teacher.locator(".diff ins").first).to_contain_text("I")
    expect(teacher.locator(".diff")).to_contain_text("07700 900123")
    a11y.check(teacher)
    teacher.get_by_role("button", name="Approve").click()
    expect(teacher.get_by_text("Approved: the letter is locked and ready to print.")).to_be_visible()
    a11y.check(teacher)
    assert in_db(letter_id).state == "approved"

    # The student can no longer change it.
    page.reload()
    expect(page.get_by_text("It can't be changed any more.")).to_be_visible()
    expect(letter_box(page)).to_have_count(0)
    expect(page.get_by_role("button", name="Send to my teacher")).to_have_count(0)
    a11y.check(page)
    teacher.context.close()
