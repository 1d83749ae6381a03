"""The editor opens without a connection (issue 12, item 4): a service worker keeps the editor
page of the signed-in student only, a reload offline shows the letter with the text kept in the
browser marked as not saved, and it is sent when the connection is back; signing out forgets it."""
from __future__ import annotations

from types import SimpleNamespace

from playwright.sync_api import Browser, Page, expect

from .conftest import A11y, new_page
from .test_letters_journeys import SAVED, in_db, letter_box, sign_in, start_appeal, status, world  # noqa: F401

CACHED = "async (path) => !!(await caches.open('w4r-editor').then(c => c.match(path)))"


def _kept_for_offline(page: Page, path: str) -> None:
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.wait_for_function(f"({CACHED})({path!r})", polling=200)


def test_a_reload_without_connection_opens_the_letter_and_sends_it_later(browser: Browser, live_server: str, a11y: A11y,
                                                                        world: SimpleNamespace) -> None:
    # Its own browser, as it goes offline; the failed saves are the editor's to show, not browser errors.
    page = new_page(browser, live_server, a11y)
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    path = f"/letters/{letter_id}"
    letter_box(page).fill("Please release Ana Example.")
    expect(status(page)).to_have_text(SAVED)
    _kept_for_offline(page, path)

    page.context.set_offline(True)
    letter_box(page).press("End")
    letter_box(page).press_sequentially(" She is only a student.")
    expect(status(page)).to_contain_text("Offline")
    page.reload()
    expect(letter_box(page)).to_have_value("Please release Ana Example. She is only a student.")
    expect(page.locator("#offline-banner")).to_contain_text("it is not saved yet")
    expect(status(page)).to_contain_text("not saved yet")
    a11y.check(page)
    # (Not asserted: that the server still has the older text here. Chromium's offline emulation
    # sometimes lets the first save of a page opened from the service worker through, though the
    # page is told it failed; the retry then is the same text, which the server takes as saved.)

    page.context.set_offline(False)
    expect(status(page)).to_have_text(SAVED)
    expect(page.locator("#offline-banner")).to_have_count(0)
    assert in_db(letter_id).body == "Please release Ana Example. She is only a student."

    # Signing out forgets the copies: the next child on this Chromebook finds nothing offline.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    a11y.check(page)
    page.wait_for_function("async () => !(await caches.has('w4r-editor'))", polling=200)
    page.context.close()


def test_the_worker_keeps_only_the_editor_of_the_signed_in_student(browser: Browser, live_server: str, a11y: A11y,
                                                                  world: SimpleNamespace) -> None:
    page = new_page(browser, live_server, a11y)
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    _kept_for_offline(page, f"/letters/{letter_id}")
    registration = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert registration == f"{live_server}/letters/"
    # Other pages are not kept, even when visited under the worker.
    page.goto(f"/letters/{letter_id}/revisions")
    a11y.check(page)
    keys = page.evaluate("caches.open('w4r-editor').then(c => c.keys()).then(ks => ks.map(k => new URL(k.url).pathname))")
    assert f"/letters/{letter_id}" in keys and not any("revisions" in key or key == "/" for key in keys)
    page.context.close()
