"""Building the printed page: print templates in, PDF bytes out through WeasyPrint.

The rest of printing is split so each part reads alone: ``fetch.py`` (the only files the
renderer may load), ``fonts.py`` (font configuration and coverage), ``direction.py`` (which
way text runs) and ``join.py`` (joining many PDFs into one export).

Safety model, in three layers:

1. User text only ever reaches the HTML as escaped text: the Jinja environment below
   autoescapes everything, templates never use ``|safe``, the letter body is split into
   paragraphs and lines in Python and each piece is escaped. Attributes only carry values
   computed here from whitelists (``lang``, ``dir``, class names).
2. Stylesheets are ours, parsed once from ``static/print``; no user text goes into CSS.
3. Even so, WeasyPrint is given a URL fetcher that serves only files inside ``static/``
   through the private ``classroom-static:`` scheme and refuses everything else (see
   ``fetch.py``). Fonts come from fontconfig.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML

from ..config import PACKAGE_DIR
from ..letters.languages import fill_heading
from ..paper import PAPERS, check_page_size
from .direction import auto_direction
from .documents import (
    CoverSheet,
    LabelSheet,
    LetterDocument,
    check_language,
    text_direction,
)
from .fetch import BASE_URL, FETCHER, STATIC_DIR, FetchRefused, StaticFetcher
from .fonts import _font_config, compact_cid_fonts
from .join import join_pdfs, page_count

# Re-exported for callers that know the renderer as the one entry point.
__all__ = ["BASE_URL", "FETCHER", "STATIC_DIR", "FetchRefused", "StaticFetcher", "auto_direction",
           "join_pdfs", "page_count"]

TEMPLATES_DIR = PACKAGE_DIR / "templates"
# C0/C1 control characters other than tab and newline: they have no printed form and
# some (NUL, form feed) upset the HTML parser or pango.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
# Up to this many characters (wide ones count two) a solidarity card's message starts lower
# on the card, as if centred; card.css explains why it is not centred by the renderer.
# With the extra space a card still holds about 1,190; without it, about 1,490.
CARD_SHORT_MESSAGE = 800


def clean_text(text: str) -> str:
    """Normalise newlines and drop control characters that have no printed form."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(body: str) -> list[list[str]]:
    """Split a letter body into paragraphs (blank-line separated) of lines.

    The template escapes each line and joins lines with <br>, so a student's own line
    breaks survive without any of their text being treated as markup.
    """
    blocks = _BLANK_LINE.split(clean_text(body).strip())
    return [[line.strip() for line in block.split("\n")] for block in blocks if block.strip()]


@cache
def environment() -> Environment:
    """The Jinja environment for print templates; autoescape on for every template.

    Built without Flask so that CLI jobs and tests can render; templates are parsed once
    (auto_reload off) because a batch renders the same template hundreds of times.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["bidi"] = auto_direction
    # Messages come from the catalogs of the language in force when rendering: the page's, or
    # one forced with flask_babel.force_locale (classroom/i18n.py); English without an app.
    env.install_gettext_callables(gettext, ngettext, newstyle=True,  # type: ignore[attr-defined]
                                  pgettext=pgettext)
    return env


def gettext(message: str) -> str:
    """A message in the language in force (``_`` in print templates)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A message with a count, in the language in force."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message of a context ("student": addressed to a child), in the language in force."""
    return _translations().pgettext(context, message)


def _translations() -> Any:
    """The catalog in force (Flask-Babel's), or none outside an app (a plain script)."""
    from babel.support import NullTranslations
    from flask import has_app_context
    from flask_babel import get_translations

    return get_translations() if has_app_context() else NullTranslations()


def page_language() -> str:
    """The language a PDF made for the person asking is in: their page language (the one
    forced outside a request), as a tag for the printed page's ``lang``."""
    from .. import i18n

    if i18n.is_pseudo():
        return i18n.PSEUDO
    return i18n.page_locale().replace("_", "-")


@cache
def stylesheet(name: str) -> CSS:
    """A stylesheet from static/, parsed once and shared by every render."""
    url = f"{BASE_URL}{name}"
    path = FETCHER.resolve(url)
    return CSS(string=path.read_text("utf-8"), base_url=url, url_fetcher=FETCHER)


@cache
def _page_css(page_size: str) -> CSS:
    """The @page size rule; generated from the whitelist, so never user text."""
    size = PAPERS[check_page_size(page_size)].css
    return CSS(string=f"@page {{ size: {size}; }}", url_fetcher=FETCHER)


def render_template_html(template_name: str, context: Mapping[str, Any], page_size: str,
                         language: str | None = None) -> str:
    """Render a print template to an HTML string (the PDF's source, also for previews).

    ``lang``, ``dir``, ``page_size`` and ``page_class`` are added to the context from
    validated values; callers cannot override them. ``language`` is what the page is in
    (a letter's own language); by default the reader's page language (``page_language``).
    """
    check_page_size(page_size)
    language = page_language() if language is None else language
    check_language(language)
    template = environment().get_template(template_name)
    return template.render({
        "draft": False,
        **context,
        "lang": language,
        "dir": text_direction(language),
        "page_size": page_size,
        "page_class": page_size.lower(),
    })


def render_template_pdf(template_name: str, context: Mapping[str, Any], page_size: str,
                        language: str | None = None, *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render any print template (login cards, handouts, letters) to PDF bytes.

    ``stylesheets`` names files under static/ (e.g. "print/handout.css"); they are parsed
    once and cached. print/base.css (fonts per language, watermark) always comes first.
    """
    html = render_template_html(template_name, context, page_size, language)
    sheets = [_page_css(page_size), stylesheet("print/base.css")]
    sheets += [stylesheet(name) for name in stylesheets]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=FETCHER)
    # pdf_tags: a tagged PDF (paragraphs, headings, /Lang) that screen readers can follow.
    return document.write_pdf(stylesheets=sheets, font_config=_font_config(), pdf_tags=True,
                              finisher=compact_cid_fonts)


def letter_context(doc: LetterDocument) -> dict[str, Any]:
    """Template variables for a letter or card, cleaned of control characters."""
    school_address = [clean_text(line) for line in doc.school_address]
    return {
        "kind": doc.kind,
        "school_name": clean_text(doc.school_name),
        "school_address": school_address,
        "return_line": " · ".join([clean_text(doc.school_name), *school_address]),
        "date_text": clean_text(doc.date_text),
        "recipient_name": clean_text(doc.recipient_name),
        "recipient_title": clean_text(doc.recipient_title),
        "recipient_address": [clean_text(line) for line in doc.recipient_address],
        # The address block aligns as its own script reads, not as the letter does: an
        # English address in a Hebrew letter stays flush left in the window.
        "recipient_dir": auto_direction(" ".join(doc.recipient_lines), doc.direction),
        "salutation": clean_text(doc.salutation),
        "paragraphs": paragraphs(doc.body),
        "short_message": sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in doc.body)
        <= CARD_SHORT_MESSAGE,
        "closing": [line.strip() for line in clean_text(doc.closing).split("\n") if line.strip()],
        "signature": clean_text(doc.signature),
        "signature_note": clean_text(doc.signature_note),
        "people": [clean_text(name) for name in doc.people],
        # A card's heading, "To Ana and Luis" in the card's language; the pattern comes with
        # the document, so rendering reads nothing outside static/ and templates/.
        "card_heading": fill_heading(clean_text(doc.card_to), doc.language,
                                     [clean_text(name) for name in doc.people]),
        "case_reference": clean_text(doc.case_reference),
        "draft": doc.draft,
        "title": clean_text(doc.title) or clean_text(doc.recipient_name),
        "watermark": doc.watermark,
        "watermark_language": doc.watermark_language,
    }


def render_letter(doc: LetterDocument) -> bytes:
    """An appeal letter or solidarity card as PDF bytes."""
    if doc.kind == "solidarity":
        template, css = "printing/solidarity.html", "print/card.css"
    else:
        template, css = "printing/letter.html", "print/letter.css"
    return render_template_pdf(template, letter_context(doc), doc.page_size, doc.language,
                               stylesheets=(css,))


# A cover sheet is one page. Each line of it is cut to this many characters (a school's name
# can be long), and when the lists still overflow they are shortened to these many rows each,
# the rest summed up in a last row, until the page fits.
COVER_LINE_CHARS = 160
COVER_ROWS = (None, 24, 12, 6, 3)
COVER_MAX_ROWS = 36


def _cut(text: str, limit: int = COVER_LINE_CHARS) -> str:
    """One cleaned line of a cover sheet, cut with an ellipsis when longer than ``limit``."""
    text = clean_text(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _rows(items: Sequence[tuple[str, int]], limit: int | None, what: str) -> list[tuple[str, int]]:
    """The first ``limit`` (name, count) rows, and one row summing up the rest (``what``:
    "officials" or "countries")."""
    rows = [(_cut(k), v) for k, v in items]
    if limit is None or len(rows) <= limit:
        return rows
    rest = rows[limit - 1:]
    more = (ngettext("…and %(num)d more official", "…and %(num)d more officials", len(rest)) if what == "officials"
            else ngettext("…and %(num)d more country", "…and %(num)d more countries", len(rest)))
    return [*rows[:limit - 1], (more % {"num": len(rest)}, sum(v for _, v in rest))]


def cover_context(sheet: CoverSheet, limit: int | None) -> dict[str, Any]:
    """Template variables for a cover sheet, its lists shortened to ``limit`` rows each."""
    warnings = [_cut(w) for w in sheet.warnings]
    if limit is not None and len(warnings) > limit:
        more = len(warnings) - (limit - 1)
        warnings = [*warnings[:limit - 1], ngettext("…and %(num)d more: the print queue lists it.",
                                                     "…and %(num)d more: the print queue lists them all.",
                                                     more) % {"num": more}]
    return {
        "school_name": _cut(sheet.school_name),
        "batch_label": _cut(sheet.batch_label),
        "date_text": _cut(sheet.date_text),
        "per_target": _rows(sheet.per_target, limit, "officials"),
        "per_country": _rows(sheet.per_country, limit, "countries"),
        "total": sheet.total,
        "note": clean_text(gettext(sheet.note)),  # the postage note is a message of the catalogs
        "warnings": warnings,
        "draft": False,
    }


def render_cover(sheet: CoverSheet) -> bytes:
    """The cover sheet of a batch export as a one-page PDF, its lists shortened if need be."""
    # Rendering a page that will not fit costs seconds: start from the first row limit
    # that could fit (about COVER_MAX_ROWS lines in all; a warning takes two), then check
    # the page count.
    lists = ((sheet.warnings, 2), (sheet.per_target, 1), (sheet.per_country, 1))
    start = next((i for i, limit in enumerate(COVER_ROWS)
                  if sum(lines * (len(items) if limit is None else min(len(items), limit))
                         for items, lines in lists) <= COVER_MAX_ROWS), len(COVER_ROWS) - 1)
    for limit in COVER_ROWS[start:]:
        pdf = render_template_pdf("printing/cover.html", cover_context(sheet, limit), sheet.page_size,
                                  sheet.language, stylesheets=("print/cover.css",))
        if page_count(pdf) == 1:
            break
    return pdf


def render_labels(sheet: LabelSheet) -> bytes:
    """Address labels, one per address in order, as many sheets as needed."""
    per_sheet = PAPERS[check_page_size(sheet.page_size)].labels_per_sheet
    labels = [
        {"lines": [clean_text(line) for line in a.lines], "lang": a.language}
        for a in sheet.addresses
    ]
    pages = [labels[i:i + per_sheet] for i in range(0, len(labels), per_sheet)] or [[]]
    return render_template_pdf("printing/labels.html", {"pages": pages, "draft": False},
                               sheet.page_size, stylesheets=("print/labels.css",))
