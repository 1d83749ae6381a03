"""Issue 12 #3, #10, #11 and #15 walked as a child and a teacher would: the save status in view at
the end of a long letter, helper sentences that read naturally, the teacher's rubric and the
asks ticks kept, and the assignment and lesson pages without empty headings or twin landmarks."""
from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from classroom.auth.models import User
from classroom.classes.models import Classroom
from classroom.extensions import db
from classroom.review import services as review

from ..factories import MINISTER, assign, make_case
from .conftest import A11y, new_page, sign_in
from .test_letters_journeys import in_db, letter_box, start_appeal, status, world  # noqa: F401 (world is a fixture)

LONG_LETTER = "\n\n".join(f"Paragraph {n}: please release Ana Example. She is a student journalist and she did "
                          "nothing wrong. Her family misses her every day." for n in range(1, 15))
# The rules that find an empty table heading and landmarks of the same name (axe-core); the
# shared check fails only on serious ones, these are moderate and minor.
HEADINGS_AND_LANDMARKS = ["empty-table-header", "landmark-unique", "landmark-no-duplicate-banner",
                          "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main", "landmark-one-main",
                          "empty-heading", "page-has-heading-one"]


def _in_view(page: Page, selector: str) -> bool:
    """The element is inside the window and nothing covers its middle."""
    return page.evaluate("""(selector) => {
        const element = document.querySelector(selector);
        const box = element.getBoundingClientRect();
        if (box.height === 0 || box.top < 0 || box.bottom > window.innerHeight || box.left < 0
            || box.right > window.innerWidth) return false;
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return element === hit || element.contains(hit);
    }""", selector)


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["chromebook", "phone"])
def test_the_save_status_stays_in_view_while_typing_at_the_end_of_a_long_letter(
        browser: Browser, live_server: str, a11y: A11y, world: SimpleNamespace, size: tuple[int, int]) -> None:
    # Its own browser: the failed requests of a lost connection show as console errors on purpose.
    page = new_page(browser, live_server, a11y)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sign_in(page, a11y, "maya.k")
    letter_id = start_appeal(page, a11y, world)
    letter_box(page).fill(LONG_LETTER)
    expect(status(page)).to_have_text(re.compile(r"Saved at \d"))
    # The child scrolls until the text box is well in view, clicks into its first line and goes to
    # the end of the letter: the browser scrolls just enough to show where they type.
    letter_box(page).evaluate("(box) => window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY"
                              " - window.innerHeight * 0.4)")
    box = letter_box(page).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 30, box["y"] + 20)
    expect(letter_box(page)).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Thank you.")
    expect(status(page)).to_have_text(re.compile(r"Saved at \d"))
    assert _in_view(page, "#save-status"), "the save status is on screen while typing at the end"
    # ...and it does not cover what is typed: the end of the text box (where the caret is) shows above it.
    edges = page.evaluate("""() => ({box: document.getElementById('body').getBoundingClientRect().bottom,
                                     bar: document.getElementById('editor-status').getBoundingClientRect().top})""")
    assert edges["box"] <= edges["bar"] + 2, edges

    page.context.set_offline(True)
    page.keyboard.type(" I hope she is free soon.")
    expect(status(page)).to_contain_text("Offline")
    assert _in_view(page, "#save-status"), "“Offline” is on screen, not below the window"
    assert page.evaluate("window.scrollY") > 0, "the page was scrolled to the end of the letter"
    a11y.check(page)
    page.context.set_offline(False)
    expect(status(page)).to_have_text(re.compile(r"Saved at \d"))
    assert in_db(letter_id).body.endswith("Thank you. I hope she is free soon.")
    page.context.close()


GROUP = [{"name": "Anti-corruption activists arrested at a peaceful protest in Ramallah", "pronouns": "group"}]
ARABIC_OFFICIAL = {**MINISTER, "name": "Palestinian authorities in the West Bank", "title": "Authorities in the West Bank",
                   "salutation": "حضرة السيد/السيدة المحترم/ة،", "language": "ar", "email": None}


@pytest.fixture
def group_world(app: Flask, make_teacher: Callable[..., User], make_class: Callable[..., Classroom],
                make_student: Callable[..., User]) -> SimpleNamespace:
    """Maya's class writes about a group the case describes, to an official who reads Arabic."""
    classroom = make_class(make_teacher("Ms Rivera", email="rivera@example.org"), name="7B")
    make_student(classroom, name="Maya Kowalski", username="maya.k")
    case = make_case(people=GROUP, title="Anti-corruption activists must be released", targets=[ARABIC_OFFICIAL],
                     asks=["Immediately drop all charges against the activists"])
    return SimpleNamespace(case=case, assignment=assign(classroom, case))


def test_helper_sentences_read_naturally_and_the_greeting_follows_the_letters_language(
        page: Page, a11y: A11y, group_world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k")
    page.get_by_role("link", name=group_world.case.title).first.click()
    a11y.check(page)
    page.get_by_label(re.compile("^A message of hope to")).check()
    page.get_by_label("Start with helper sentences I can change").check()
    page.get_by_role("button", name="Start writing").click()
    expect(letter_box(page)).to_have_value(re.compile("^Hello to all of you!\n\nMy name is Maya"))
    a11y.check(page)
    expect(page.locator(".scaffold")).not_to_contain_text("Hello Anti-corruption")

    page.get_by_role("link", name=f"← {group_world.case.title}").click()
    a11y.check(page)
    page.get_by_label(re.compile("^A letter to Palestinian authorities")).check()
    page.get_by_label("Start with helper sentences I can change").check()
    page.get_by_role("button", name="Start writing").click()
    expect(letter_box(page)).to_have_value(re.compile(
        "^I am writing to you about the anti-corruption activists arrested at a peaceful protest in Ramallah\\."))
    # An English letter: the English greeting, and nothing to explain.
    expect(page.locator("#salutation")).to_have_text("Dear Sir or Madam,")
    expect(page.locator("#official-reads")).to_have_text("This official reads Arabic.")
    expect(page.locator("#wording-note")).to_have_count(0)
    a11y.check(page)
    # Written in Arabic, the greeting is the case's Arabic one, and the page says why.
    page.get_by_label("The language I write in").select_option("ar")
    page.get_by_role("button", name="Use this language").click()
    expect(page.locator("#salutation")).to_have_text(ARABIC_OFFICIAL["salutation"])  # type: ignore[arg-type]
    expect(page.locator("#wording-note")).to_have_text(
        "Your letter is in Arabic, so the greeting and closing are in Arabic too.")
    expect(page.locator("#closing")).to_contain_text("مع خالص الاحترام")
    a11y.check(page)


def test_the_student_sees_the_teachers_rubric_and_keeps_the_ticks_of_what_to_ask_for(
        page: Page, a11y: A11y, world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k")
    letter_id = start_appeal(page, a11y, world)
    page.get_by_role("checkbox", name="Release Ana Example immediately").check()
    letter_box(page).fill("Please release Ana Example.")
    expect(status(page)).to_have_text(re.compile(r"Saved at \d"))
    page.reload()
    expect(page.get_by_role("checkbox", name="Release Ana Example immediately")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Let her see her family")).not_to_be_checked()
    a11y.check(page)

    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_text("Your letter is with your teacher now.")).to_be_visible()
    a11y.check(page)
    review.decide(in_db(letter_id), world.teacher, "request_changes", {"factual": True, "names_person": True},
                  "Say why you care about her.")
    db.session.commit()

    page.reload()
    rubric = page.get_by_role("region", name="Your teacher's checklist")
    expect(rubric).to_contain_text("Factual: yes")
    expect(rubric).to_contain_text("Names the person: yes")
    expect(rubric).to_contain_text("Polite and respectful: not yet")
    expect(page.get_by_role("checkbox", name="Release Ana Example immediately")).to_be_checked()
    a11y.check(page)

    # Signing out forgets the ticks: the next child on this Chromebook starts with none.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    a11y.check(page)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('w4r-asks-'))") == []
    sign_in(page, a11y, "maya.k")
    page.goto(f"/letters/{letter_id}")
    expect(page.get_by_role("checkbox", name="Release Ana Example immediately")).not_to_be_checked()
    a11y.check(page)


def _check_headings_and_landmarks(page: Page, a11y: A11y) -> None:
    """The shared check, and the rules for empty headings and twin landmarks at any impact."""
    a11y.check(page)
    results = a11y.axe.run(page, options={"runOnly": {"type": "rule", "values": HEADINGS_AND_LANDMARKS}})
    problems = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in results.response["violations"]]
    assert not problems, f"On {page.url}:\n" + "\n".join(problems)


def test_the_assignment_and_lesson_pages_have_no_empty_headings_or_twin_landmarks(
        page: Page, a11y: A11y, browser: Browser, live_server: str, world: SimpleNamespace) -> None:
    world.assignment.lesson_slugs = ["writing-an-appeal"]
    db.session.commit()
    sign_in(page, a11y, "maya.k")
    page.get_by_role("link", name=world.case.title).first.click()
    expect(page.get_by_role("heading", name="Your letters")).to_be_visible()
    expect(page.locator("#no-letters")).to_have_text(
        "You haven't started a letter for this case yet. Choose what to write below.")
    _check_headings_and_landmarks(page, a11y)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        sizes = {(round(b["width"], 1), round(b["height"], 1))
                 for b in (radio.bounding_box() for radio in page.get_by_role("radio").all()) if b}
        assert len(page.get_by_role("radio").all()) >= 2 and len(sizes) == 1, f"radio buttons at {width} px: {sizes}"

    page.get_by_role("link", name="Writing an effective appeal letter").click()
    expect(page.get_by_role("heading", name="Writing an effective appeal letter", level=1)).to_be_visible()
    _check_headings_and_landmarks(page, a11y)

    teacher = new_page(browser, live_server, a11y)
    sign_in(teacher, a11y, "rivera@example.org")
    teacher.goto("/lessons/writing-an-appeal")
    expect(teacher.get_by_role("columnheader", name="Sentence", exact=True)).to_be_visible()
    _check_headings_and_landmarks(teacher, a11y)
    teacher.context.close()
