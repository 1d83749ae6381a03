"""A school far from UTC sees one time everywhere (issue 12, item 12): the editor's status line
says the server's saved time in the school's zone, also after a reload, and the review queue
says the same time, in the same format."""
from __future__ import annotations

import re
from types import SimpleNamespace

from playwright.sync_api import Browser, Page, expect

from classroom.dates import Local
from classroom.extensions import db

from ..clock import Clock
from .conftest import A11y, new_page, sign_in
from .test_letters_journeys import in_db, letter_box, start_appeal, status, world  # noqa: F401

ZONE = "Pacific/Kiritimati"  # UTC+14: the school's day is already tomorrow in the UTC evening


def test_the_editor_and_the_queue_say_the_schools_time(page: Page, a11y: A11y, browser: Browser, live_server: str,
                                                        clock: Clock, world: SimpleNamespace) -> None:
    world.teacher.school.time_zone = ZONE
    db.session.commit()
    clock.set("2026-12-04 21:38:00")  # 11:38 on 5 December at the school
    local = Local(ZONE)

    sign_in(page, a11y, "maya.k")
    letter_id = start_appeal(page, a11y, world)
    letter_box(page).fill("Please release Ana Example. She is a student and should be at school.")
    expect(status(page)).to_have_text(re.compile(r"^Saved at \d"))
    saved = in_db(letter_id).updated_at
    said = status(page).inner_text()
    assert said == f"Saved at {local.time_text(saved)}" and said.startswith("Saved at 11:")
    a11y.check(page)

    # A reload keeps saying when it was saved (the server writes it into the page).
    page.reload()
    expect(status(page)).to_have_text(said)
    a11y.check(page)

    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_text("Your letter is with your teacher now.")).to_be_visible()
    a11y.check(page)
    sent = in_db(letter_id).submitted_at
    assert sent is not None

    teacher = new_page(browser, live_server, a11y)
    sign_in(teacher, a11y, "rivera@example.org")
    teacher.get_by_role("link", name="7B: 1 waiting").click()
    expect(teacher.get_by_role("heading", name="Letters to review: 7B")).to_be_visible()
    a11y.check(teacher)
    row = teacher.locator("tr", has_text="Maya Kowalski")
    expect(row).to_contain_text(local.datetime_text(sent))
    expect(row).to_contain_text("5 December 2026")  # the school's day, not the UTC 4 December
    expect(row).not_to_contain_text("UTC")
    assert local.time_text(sent) == said.removeprefix("Saved at ")  # one time, one format
    teacher.context.close()
