"""The browser-error check itself: it sees every page of every context a test opens."""
from __future__ import annotations

from playwright.sync_api import Browser, Page

from .conftest import PageErrors


def test_errors_on_a_second_tab_and_in_a_tests_own_context_are_seen(page: Page, browser: Browser, live_server: str,
                                                                      page_errors: PageErrors) -> None:
    tab = page.context.new_page()
    tab.goto(f"{live_server}/auth/signin")
    tab.evaluate("console.error('trouble in the second tab')")
    own = browser.new_context(base_url=live_server).new_page()
    own.goto("/auth/signin")
    own.evaluate("setTimeout(() => { throw new Error('uncaught in its own context') })")
    with own.expect_response("**/static/img/missing.png"):
        own.evaluate("document.body.insertAdjacentHTML('beforeend', '<img alt=\"\" src=/static/img/missing.png>')")
    own.wait_for_timeout(200)
    seen = "\n".join(page_errors.seen)
    assert "trouble in the second tab (on " in seen
    assert "uncaught uncaught in its own context (on " in seen
    assert "/static/img/missing.png (on " in seen
    page_errors.seen.clear()  # provoked here on purpose; the context is closed by the check
