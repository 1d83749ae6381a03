"""Every page the journeys visit works from a 320 px phone to a 1366 px Chromebook without the
page scrolling sideways; wide tables scroll inside their own labelled region (issue 12, item 6)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import Browser

from classroom.extensions import db
from classroom.printing import batches

from ..factories import (
    MINISTER,
    PASSWORD,
    PROSECUTOR,
    add_class,
    add_student,
    approved,
    assign,
    make_case,
    make_world,
    write,
    written,
)
from .conftest import A11y, new_page, sign_in

WIDTHS = (320, 390, 768, 1366)

# The elements wider than the window, outside any element that scrolls by itself: what a reader would have to
# scroll the page sideways to see.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p !== document.body
          && p !== document.documentElement) return true; } return false; };
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
      const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 1 && !scrolls(el); })
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
      + ' right=' + Math.round(el.getBoundingClientRect().right));
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, wide};
}"""


@pytest.fixture
def world(app: Flask) -> SimpleNamespace:
    """Riverside School with a class, two students, letters in every state, a print batch and a curator."""
    from classroom.auth import services as accounts

    school = make_world()
    classroom = add_class(school, "7B Humanities and Citizenship")
    maya, omar = add_student(school, classroom, "Maya Kowalski-Wiśniewska"), add_student(school, classroom, "Omar Haddad")
    assignment = assign(classroom, make_case(targets=(MINISTER, PROSECUTOR)))
    assignment.lesson_slugs = ["writing-an-appeal"]
    submitted = written(assignment, maya, "Maya asks the minister to free Ana Example.")
    draft = write(assignment, omar, "Omar is still writing.")
    done = approved(assignment, omar, "Omar asks the prosecutor to drop the charges.", school.teacher, target=1)
    approved(assignment, maya, "Maya asks the prosecutor to drop the charges.", school.teacher, target=1)  # waits in the queue
    batch = batches.create(school.school, school.coordinator, [done], "Week 49", duplex=False)
    curator = accounts.create_teacher("Dr Lin Chen", "curator@example.org", PASSWORD, school.school, curator=True)
    db.session.commit()
    return SimpleNamespace(school=school, classroom=classroom, assignment=assignment, submitted=submitted,
                           draft=draft, done=done, batch=batch, maya=maya, curator=curator)


def _pages(world: SimpleNamespace) -> dict[str, list[str]]:
    """Who sees which pages (the pages the journeys visit)."""
    c, a, case = world.classroom.id, world.assignment.id, world.assignment.case_id
    teacher = ["/", "/cases/", f"/cases/?class_id={c}", f"/cases/{case}?class_id={c}",
               f"/assignments/new?case_id={case}&class_id={c}", f"/assignments/{a}",
               f"/assignments/{a}/lessons/writing-an-appeal", f"/classes/{c}", f"/classes/{c}/edit",
               f"/classes/{c}/code", f"/classes/{c}/roster", "/classes/new", f"/review/classes/{c}?state=all",
               f"/review/letters/{world.submitted.id}", "/schools/mine", "/lessons/", "/lessons/writing-an-appeal",
               "/network/alerts", "/auth/password", f"/printing/class/{c}/export"]
    coordinator = ["/printing/queue", f"/printing/batches/{world.batch.id}"]
    curator = ["/cases/import", "/network/mail-conditions"]
    student = ["/", f"/assignments/{a}", f"/letters/{world.submitted.id}",
               f"/letters/{world.submitted.id}/revisions"]
    return {"": ["/auth/signin", "/auth/signup", "/auth/forgot", "/join/"],
            world.school.teacher.email: teacher, world.school.coordinator.email: coordinator,
            world.curator.email: curator, world.maya.username: student}


def test_no_page_scrolls_sideways_from_320_to_1366_px(browser: Browser, live_server: str, a11y: A11y,
                                                      world: SimpleNamespace) -> None:
    problems = []
    for login, paths in _pages(world).items():
        page = new_page(browser, live_server, a11y)
        if login:
            sign_in(page, a11y, login)
        for path in paths:
            page.set_viewport_size({"width": 1366, "height": 768})
            response = page.goto(path)
            assert response is not None and response.status < 400, f"{path}: {response and response.status}"
            a11y.check(page)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                if width == 320:
                    a11y.check(page)  # a table that scrolls in its own region must be focusable and labelled
                found = page.evaluate(OVERFLOW)
                if found["scrollWidth"] > found["innerWidth"]:
                    problems.append(f"{path} at {width}px: page is {found['scrollWidth']}px wide; {found['wide']}")
        page.context.close()
    assert not problems, "\n".join(problems)
