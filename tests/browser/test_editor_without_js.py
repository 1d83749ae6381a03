"""The editor without JavaScript: every way out of it keeps what was typed (issue 12)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import A11y
from .test_letters_journeys import in_db, letter_box, sign_in, start_appeal, world  # noqa: F401 (world is a fixture)

# The accessibility copy of a page seen without JavaScript blocks the page's own scripts (PlainA11y).
pytestmark = pytest.mark.page_errors(r"^net::ERR_FAILED http://127\.0\.0\.1:\d+/static/js/")


class PlainA11y(A11y):
    """axe-core needs scripts to run: a page seen without JavaScript is checked as a copy of the
    same HTML, at the same address and with the same stylesheets, in a browser that runs scripts
    (the page's own scripts blocked, so the copy is what the student saw)."""

    def __init__(self, browser: Browser, live_server: str) -> None:
        super().__init__()
        self.plain: set[Page] = set()
        self.copy = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768})
        self.copy.route("**/static/js/**", lambda route: route.abort())

    def check(self, page: Page) -> None:
        """Check ``page``, through a copy when it runs without JavaScript."""
        if page not in self.plain:
            super().check(page)
            return
        page.wait_for_load_state("load")
        html, url = page.content(), page.url
        copy = self.copy.new_page()
        copy.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
                   if route.request.resource_type == "document" else route.fallback())
        copy.goto(url)
        super().check(copy)
        copy.close()
        self.checked.add(self.key(url))


@pytest.fixture
def a11y(browser: Browser, live_server: str) -> Iterator[PlainA11y]:
    """This module's checker (see ``PlainA11y``)."""
    checker = PlainA11y(browser, live_server)
    yield checker
    checker.copy.close()


@pytest.fixture
def plain_page(browser: Browser, live_server: str, a11y: PlainA11y) -> Iterator[Page]:
    """A browser with JavaScript turned off; every page it visits must pass ``a11y.check``."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768},
                                  java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    a11y.plain.add(page)
    page.on("framenavigated", lambda frame: a11y.visited.add(A11y.key(frame.url))
            if frame == page.main_frame and frame.url.startswith(live_server) else None)
    yield page
    context.close()
    unchecked = a11y.visited - a11y.checked
    assert not unchecked, f"Pages visited without an accessibility check: {sorted(unchecked)}"


def test_sending_without_javascript_sends_the_text_on_screen(plain_page: Page, a11y: A11y,
                                                            world: SimpleNamespace) -> None:
    page = plain_page
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world, helper_sentences=True)
    letter_box(page).fill("I am Maya. Please release Ana Example.")
    page.get_by_role("button", name="Save").click()
    a11y.check(page)
    # A new sentence, not saved, then straight to the teacher.
    letter_box(page).fill("I am Maya. Please release Ana Example. She did nothing wrong.")
    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_text("Your letter is with your teacher now.")).to_be_visible()
    a11y.check(page)
    letter = in_db(letter_id)
    assert letter.state == "submitted"
    assert letter.body == "I am Maya. Please release Ana Example. She did nothing wrong."


def test_preview_without_javascript_keeps_the_text(plain_page: Page, a11y: A11y,
                                                   world: SimpleNamespace) -> None:
    page = plain_page
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    letter_box(page).fill("Please release Ana Example.")
    # The PDF itself is not this test's business (and has no accessibility tree): answered empty.
    page.route("**/preview.pdf", lambda route: route.fulfill(status=204))
    with page.expect_request("**/preview.pdf"):
        page.get_by_role("button", name="See how it will look (draft)").click()
    assert in_db(letter_id).body == "Please release Ana Example."
    page.wait_for_url("**/preview.pdf")
    a11y.visited.discard(f"/printing/letters/{letter_id}/preview.pdf")  # the PDF, not a page


def test_sending_an_out_of_date_text_shows_the_conflict(plain_page: Page, a11y: A11y,
                                                        world: SimpleNamespace) -> None:
    page = plain_page
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    from classroom.extensions import db
    from classroom.letters import services
    letter = in_db(letter_id)
    assert services.save(letter, "Written in another tab.", letter.version).saved
    db.session.commit()
    letter_box(page).fill("Written here.")
    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_role("heading", name="This letter was changed somewhere else")).to_be_visible()
    a11y.check(page)
    expect(page.locator("#conflict")).to_contain_text("Written here.")
    assert in_db(letter_id).state == "draft"
    assert in_db(letter_id).body == "Written in another tab."
    assert re.search("letters/\\d+/submit$", page.url)


def test_helper_buttons_show_only_when_they_work(plain_page: Page, page: Page, a11y: A11y,
                                                 world: SimpleNamespace) -> None:
    # Without JavaScript "Add to my letter" would do nothing: the buttons are not there.
    sign_in(plain_page, a11y, "maya.k", "Hello, Maya!")
    start_appeal(plain_page, a11y, world)
    expect(plain_page.get_by_role("button", name="Add to my letter")).to_have_count(0)
    # With it, they add the sentence.
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    page.goto(plain_page.url)
    a11y.check(page)
    page.get_by_role("button", name="Add to my letter").first.click()
    expect(letter_box(page)).to_have_value(re.compile("^I am writing to you about Ana Example"))
