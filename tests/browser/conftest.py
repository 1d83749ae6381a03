"""Real-browser fixtures: the app on a loopback port, Debian's Chromium through
Playwright, an axe-core check of every page a test visits, a check for browser errors on
every page of every browser context a test opens, and the one ``sign_in``."""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import (Browser, BrowserContext, ConsoleMessage, Page, Request, Response, expect,
                                 sync_playwright)
from werkzeug.serving import make_server

from classroom.auth.models import User

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from ..clock import machine_clock_env
from ..factories import PASSWORD

CHROMIUM = os.environ.get("CLASSROOM_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
BLOCKING = {"serious", "critical"}
PAGE_HANDLES = ("document", "fetch", "xhr")  # requests whose failure the page itself shows or handles

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config() -> dict[str, object]:
    """Browser tests run with CSRF on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test's app on 127.0.0.1 on a free port; yields the base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def _closing(app: Flask) -> WSGIApplication:
    """The app, with every response closed even when the browser drops the connection halfway.

    Werkzeug's development server leaves the response (e.g. an open static file) to the garbage
    collector when writing to a closed connection fails, and pytest then reports the unclosed
    file against whichever test is running. This generator's ``finally`` runs when the server
    drops it, and closes the response at once.
    """
    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterator[bytes]:
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
    return serve


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the run. Missing Chromium is a failure, never a skip."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}. Install it: sudo apt-get install chromium", pytrace=False)
    # Chromium keeps the real clock under faketime; it trusts the server's Date header for
    # cookie expiry anyway.
    env = machine_clock_env()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True, env=env)  # type: ignore[arg-type]
        yield browser
        browser.close()


class A11y:
    """Runs axe-core on pages and remembers which visited pages were checked."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.visited: set[str] = set()
        self.checked: set[str] = set()

    @staticmethod
    def key(url: str) -> str:
        parts = urlsplit(url)
        return parts.path

    def check(self, page: Page) -> None:
        """Fail on any serious or critical accessibility violation on the current page."""
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v.get("impact") in BLOCKING
        ]
        assert not problems, f"Accessibility problems on {page.url}:\n" + "\n".join(problems)
        self.checked.add(self.key(page.url))


@pytest.fixture
def a11y() -> A11y:
    """The accessibility checker of one test."""
    return A11y()


class PageErrors:
    """Browser errors on every page of every context a test opens: uncaught script errors,
    console errors, and scripts, stylesheets or images that failed to load.

    A form page answered with 4xx (a form with mistakes) is fine, and so is a failed fetch the
    page handles; Chromium logs both as "Failed to load resource", so failed loads are judged
    by what was requested instead. A test that provokes errors on purpose lists them (regular
    expressions) with ``@pytest.mark.page_errors(...)``; it need not see them all.
    """

    def __init__(self, expected: Sequence[str] = ()) -> None:
        self.expected = [re.compile(pattern) for pattern in expected]
        self.seen: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        """Collect the errors of every page of ``context``, those opened later included."""
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page: Page) -> None:
        page.on("pageerror", lambda error: self._add(page, f"uncaught {error}"))
        page.on("console", lambda message: self._console(page, message))
        page.on("response", lambda response: self._response(page, response))
        page.on("requestfailed", lambda request: self._failed(page, request))

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self._add(page, message.text)

    def _response(self, page: Page, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type not in PAGE_HANDLES:
            self._add(page, f"{response.status} {response.url}")

    def _failed(self, page: Page, request: Request) -> None:
        # ERR_ABORTED: the browser dropped the request itself, the page having moved on.
        if request.resource_type not in PAGE_HANDLES and request.failure != "net::ERR_ABORTED":
            self._add(page, f"{request.failure} {request.url}")

    def _add(self, page: Page, message: str) -> None:
        if not any(pattern.search(message) for pattern in self.expected):
            self.seen.append(f"{message} (on {page.url})")


@pytest.fixture(autouse=True)
def page_errors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[PageErrors]:
    """Watch every context the test makes with ``browser.new_context`` (the ``page`` fixture,
    ``new_page``, a test's own); at the end close those still open and fail on any error seen."""
    expected = [pattern for mark in request.node.iter_markers("page_errors") for pattern in mark.args]
    errors = PageErrors(expected)
    if "browser" not in request.fixturenames:
        yield errors
        return
    browser: Browser = request.getfixturevalue("browser")
    opened: list[BrowserContext] = []
    make_context = browser.new_context

    def new_context(*args, **kwargs) -> BrowserContext:
        context = make_context(*args, **kwargs)
        errors.watch(context)
        opened.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield errors
    for context in opened:
        if context in browser.contexts:
            context.close()
    assert not errors.seen, "Browser errors:\n" + "\n".join(errors.seen)


@pytest.fixture
def page(browser: Browser, live_server: str, a11y: A11y, page_errors: PageErrors) -> Iterator[Page]:
    """A fresh browser context on the live server; every page it visits must pass ``a11y.check``."""
    page = new_page(browser, live_server, a11y)
    yield page
    page.context.close()
    unchecked = a11y.visited - a11y.checked
    assert not unchecked, f"Pages visited without an accessibility check: {sorted(unchecked)}"


def new_page(browser: Browser, live_server: str, a11y: A11y) -> Page:
    """An independent browser (another person or device) on the same server; its main frame's
    pages count as visited for ``a11y``, and ``page_errors`` watches all its pages."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15_000)
    page = context.new_page()

    def navigated(frame) -> None:
        if frame == page.main_frame and frame.url.startswith(live_server):
            a11y.visited.add(A11y.key(frame.url))

    page.on("framenavigated", navigated)
    return page


def sign_in(page: Page, a11y: A11y, who: str | User, heading: str | re.Pattern[str] | None = None, *,
            password: str = PASSWORD) -> None:
    """Sign in on the sign-in page as a person would (``who``: a login name or the user), and
    see ``heading`` when given; both pages pass the accessibility check."""
    page.goto("/auth/signin")
    a11y.check(page)
    page.get_by_label("Email or username").fill(who if isinstance(who, str) else who.login_name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    if heading is not None:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    a11y.check(page)
