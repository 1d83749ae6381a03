"""Reading back what the app made: the text of PDFs (pypdf) and of pages, and a stand-in
for WeasyPrint where a test needs many rendered letters but not their look."""
from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader


def pdf_reader(pdf: bytes) -> PdfReader:
    """A pypdf reader over PDF bytes."""
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf extracts it."""
    return [page.extract_text() for page in pdf_reader(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, page after page."""
    return "\n".join(page_texts(pdf))


def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def in_order(text: str, parts: Sequence[str]) -> bool:
    """Whether every part appears in ``text``, each after the one before (whitespace ignored)."""
    haystack, at = squash(text), 0
    for part in parts:
        found = haystack.find(squash(part), at)
        if found < 0:
            return False
        at = found + len(squash(part))
    return True


def catalog_lang(pdf: bytes) -> str | None:
    """The /Lang entry of the PDF catalog."""
    value = pdf_reader(pdf).trailer["/Root"].get("/Lang")  # type: ignore[attr-defined]
    return None if value is None else str(value)


class FakeRenderer:
    """Stands in for WeasyPrint where a test needs many approved letters but not their look.

    Returns one real letter PDF (rendered once per process) and counts the calls.
    """

    stock: bytes | None = None

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: Any) -> bytes:
        from dataclasses import replace

        from classroom.printing.render import render_letter

        self.calls += 1
        if FakeRenderer.stock is None:
            FakeRenderer.stock = render_letter(replace(doc, body="Stock letter.", draft=False))
        return FakeRenderer.stock


def text_of(response) -> str:
    """A page's text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))
