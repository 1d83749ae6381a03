"""Every page, as every kind of person sees it, in the pseudo-language: text that did not come
through the catalogs fails (issue 13).

The pseudo-language (classroom/i18n.py) wraps each translated message in ⟦…⟧ and writes dates
in Greek. What is left of a page once the marked messages are taken out must be the world's own
data (names, titles, codes: what people typed), content marked with its own ``lang`` (a case, a
letter, a lesson in English), or text that is no language (numbers, punctuation). Anything else
with Latin letters is English that a Spanish reader would meet untranslated.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html
import pytest
from flask import Flask
from sqlalchemy import String, Text

from classroom.extensions import db
from classroom.i18n import PSEUDO

from ..factories import PASSWORD
from .table import Case, all_rules
from .world import World

# The people whose pages differ: one of each kind the table names.
VIEWERS = ("anon", "student", "teacher", "coordinator", "curator", "foreign_teacher")
PAGES = [(endpoint, case, role) for endpoint, cases in all_rules().items() for case in cases
         if case.method == "GET" and endpoint != "static" for role in VIEWERS if role in case.allowed]
# Attributes a person reads or hears (screen readers), and the messages scripts show (data-say-*).
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription",
                   "data-label", "data-busy", "data-confirm")
# Words that are the same in every language: units, formats and names of standards.
ANY_LANGUAGE = {"UTC", "PDF", "CSV", "QR", "UA", "URL", "HTML", "YAML", "JSON", "OneRoster", "Excel",
                "xlsx", "csv", "zip"}
MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
LATIN = re.compile(r"[A-Za-z]{2,}")

# Pages whose templates are not translated yet: each is expected to fail (strict), so a page that
# starts passing must leave this list. Empty when issue 13 is done.
PENDING: set[str] = set()


def _page_id(page: tuple[str, Case, str]) -> str:
    endpoint, case, role = page
    return f"{endpoint}:{case.path}:{role}"


def world_values() -> list[str]:
    """Every text the world's rows hold (one line at a time), longest first."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in db.session.execute(db.select(*columns)):
            for value in row:
                if isinstance(value, str):
                    found.update(line.strip() for line in value.splitlines() if len(line.strip()) > 1)
    return sorted(found, key=len, reverse=True)


def _outside_messages(text: str, depth: int) -> tuple[str, int]:
    """``text`` with what lies inside ⟦…⟧ blanked, starting ``depth`` messages deep; and the depth after it."""
    kept = []
    for char in text:
        if char == "⟦":
            depth += 1
        elif char == "⟧":
            depth = max(0, depth - 1)
        kept.append(char if depth == 0 and char != "⟧" else " ")
    return "".join(kept), depth


def _blank_messages(tree: lxml.html.HtmlElement) -> None:
    """Blank every message's text, in document order: a message with markup inside ("Read %(link)s
    first.") spans several text nodes (its words before, between and after the link)."""
    depth = 0
    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start" and element.text:
            element.text, depth = _outside_messages(element.text, depth)
        elif event == "end" and element.tail:
            element.tail, depth = _outside_messages(element.tail, depth)


def readable_texts(html: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every text node and read attribute outside content in its own language."""
    tree = lxml.html.fromstring(html)
    _blank_messages(tree)
    page_language = tree.get("lang")
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
            continue
        own = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        if own and own[0] != page_language:
            continue
        if element.get("translate") == "no" or element.xpath("ancestor::*[@translate='no']"):
            continue
        names = [*READ_ATTRIBUTES, *(a for a in element.attrib if a.startswith("data-say-"))]
        if element.tag == "input" and element.get("type") in ("submit", "button", "reset"):
            names.append("value")
        for name in names:
            if element.get(name):
                yield f"<{element.tag} {name}>", element.get(name)
        if element.text and element.text.strip():
            yield f"<{element.tag}>", element.text
        parent = element.getparent()
        if element.tail and element.tail.strip() and parent is not None and not (
                parent.get("lang") and parent.get("lang") != page_language):
            yield f"after <{element.tag}>", element.tail


def untranslated(html: str, data: list[str]) -> list[str]:
    """The texts of a page that are English outside the catalogs."""
    problems = []
    for where, text in readable_texts(html):
        left = text
        while MARKED.search(left):
            left = MARKED.sub(" ", left)
        for value in data:
            if value in left:
                left = left.replace(value, " ")
        words = [w for w in LATIN.findall(left) if w not in ANY_LANGUAGE]
        if words:
            problems.append(f"{where} {text.strip()[:120]!r}")
    return problems


def _client(app: Flask, world: World, role: str):
    client = app.test_client()
    if role == "anon":
        client.set_cookie("language", PSEUDO)
    else:
        response = client.post("/auth/signin", data={"login": world.logins[role], "password": PASSWORD})
        assert response.status_code == 302, f"{role} could not sign in"
        client.post("/language", data={"language": PSEUDO, "next": "/"})
    return client


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="not translated yet"))
                                  if _page_id(p) in PENDING else p for p in PAGES], ids=_page_id)
def test_every_page_comes_through_the_catalogs(world_app: tuple[Flask, World], page: tuple[str, Case, str]) -> None:
    app, world = world_app
    app.config["PSEUDO_LANGUAGE"] = True
    _endpoint, case, role = page
    client = _client(app, world, role)
    response = client.get(world.url(case.path))
    if response.status_code in (301, 302, 303) or response.mimetype != "text/html":
        return  # a redirect, a PDF, a file: not a page (PDFs have their own test)
    html = response.get_data(as_text=True)
    assert 'lang="qps"' in html, "the pseudo-language was not chosen"
    problems = untranslated(html, world_values())
    assert not problems, f"{role} on {case.path}: text outside the catalogs:\n  " + "\n  ".join(problems)
