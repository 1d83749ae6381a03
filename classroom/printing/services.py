"""From letters to PDFs: the document a letter prints as, the render cache, reopened letters.

A letter is rendered once, when it is approved, and kept in ``pdf_cache`` under a hash
of everything that shapes the PDF. Any change (text, target, school details, signature
rule, templates or stylesheets) gives a new key, so a stale PDF is never served. Draft
previews go in the same cache, one per letter: a version is rendered once however often
it is previewed, and a new version's preview replaces the last.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import cache
from itertools import accumulate

from sqlalchemy import delete, select

from ..cases.models import Target
from ..clock import utcnow
from ..config import PACKAGE_DIR
from ..dates import for_school
from ..extensions import db
from ..letters import languages
from ..letters.kinds import KIND_NAMES, PAPER_KINDS, SOCIAL_LIMIT
from ..letters.models import APPROVED_STATES, Letter
from ..letters.safety.pagefit import printed_width
from ..letters.services import MAX_BODY, MAX_LINES, sign_as, too_long
from .documents import LetterDocument, is_language_tag
from .models import PdfCache, PrintBatch, PrintBatchItem
from .render import page_count, render_letter

@cache
def layout_version() -> str:
    """A hash of the letter templates and print stylesheets (part of every cache key)."""
    digest = hashlib.sha256()
    for folder, pattern in ((PACKAGE_DIR / "templates" / "printing", "*.html"), (PACKAGE_DIR / "static" / "print", "*.css")):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def closing_for(language: str) -> str:
    """The closing line of an appeal in the letter's language (English when unknown)."""
    return languages.wording(language).closing


def letter_language(letter: Letter) -> str:
    """The language the letter prints in: the student's choice, if it is a clean tag."""
    return letter.language if letter.language and is_language_tag(letter.language) else languages.FALLBACK


def date_locale(language: str, school_locale: str) -> str:
    """The locale a date is written in: the school's when the letter is in its language (en-GB
    rather than en-US), else the letter's language."""
    return school_locale if languages.primary(school_locale) == languages.primary(language) else language


def letter_wording(letter: Letter) -> tuple[str, str]:
    """(salutation, closing) exactly as the letter prints them; the editor shows the same."""
    language = letter_language(letter)
    target = letter.target
    if letter.kind != "appeal" or target is None:  # printed as a card, as ``document`` does
        people = [str(p["name"]) for p in letter.assignment.case.people]
        return languages.card_heading(language, people), languages.wording(language).card_closing
    salutation = languages.salutation(language, target.language, target.salutation)
    return salutation, closing_for(language)


def recipient_block(target: Target) -> tuple[str, tuple[str, ...]]:
    """The official's title and postal lines, leaving out lines that only repeat the name or title.

    Case data often starts the address with the office's name; printed twice, it pushes the
    block out of the envelope window and looks careless.
    """
    title = target.title if target.title != target.name else ""
    said = {target.name.strip().casefold(), title.strip().casefold()} - {""}
    return title, tuple(line for line in target.address_lines if line.strip().casefold() not in said)


def document(letter: Letter, draft: bool | None = None) -> LetterDocument:
    """What the letter prints as. The sender is always the school, never the student's home."""
    assignment = letter.assignment
    case, classroom = assignment.case, assignment.classroom
    school = classroom.school
    is_draft = letter.state not in APPROVED_STATES if draft is None else draft  # approved prints as final
    # The school's day, not the server's: approved at 23:30 UTC in Los Angeles is still that afternoon there.
    when = letter.approved_at if letter.approved_at and not is_draft else utcnow()
    target = letter.target
    language = letter_language(letter)
    local = for_school(school, locale=date_locale(language, school.locale))
    salutation, closing = letter_wording(letter)  # a card's "salutation" is its heading
    common = dict(
        school_name=school.name, school_address=tuple(school.sender_lines),
        date_text=local.date_text(when), language=language, closing=closing,
        body=letter.body, signature=sign_as(letter), signature_note=f"Student, {school.name}",
        page_size=school.page_size, draft=is_draft, case_reference=case.ua_number,
        people=tuple(p["name"] for p in case.people))
    if letter.kind == "appeal" and target is not None:
        title, address = recipient_block(target)
        return LetterDocument(
            kind="appeal", recipient_name=target.name, recipient_title=title,
            recipient_address=address, salutation=salutation, **common)  # type: ignore[arg-type]
    # A card has no salutation: its heading ("To Ana and Luis") is made from people and language.
    return LetterDocument(
        kind="solidarity", recipient_name=case.people_names, recipient_title="", recipient_address=(),
        salutation="", card_to=languages.wording(language).card_to, **common)  # type: ignore[arg-type]


def cache_key(letter: Letter, doc: LetterDocument) -> str:
    """Hash of everything that shapes the PDF."""
    shape = {"letter": letter.id, "doc": {k: getattr(doc, k) for k in doc.__dataclass_fields__},
             "rule": letter.assignment.classroom.signature_rule, "layout": layout_version()}
    return hashlib.sha256(json.dumps(shape, sort_keys=True, default=str).encode()).hexdigest()


def cached_pdf(letter: Letter) -> tuple[str, bytes]:
    """The approved letter's PDF from the cache, rendered now if missing or out of date."""
    doc = document(letter, draft=False)
    key = cache_key(letter, doc)
    pdf = db.session.scalar(select(PdfCache.pdf).where(PdfCache.key == key))
    if pdf is None:
        pdf = render_letter(doc)
        db.session.add(PdfCache(key=key, letter_id=letter.id, pdf=pdf, pages=page_count(pdf)))
        db.session.flush()
    letter.pdf_key = key
    return key, pdf


def render_on_approval(letter: Letter) -> None:
    """Render an approved letter once, so exports only join cached files (posts and scripts print as sheets)."""
    if letter.kind not in SHEET_KINDS:
        cached_pdf(letter)


SHEET_KINDS = {k: name for k, name in KIND_NAMES.items() if k not in PAPER_KINDS}


def sheet_pdf(letters: list[Letter], heading: str, draft: bool = False) -> bytes:
    """Posts and phone scripts as a printable sheet (never posted or called by the platform)."""
    from .render import paragraphs, render_template_pdf

    if not letters:
        raise ValueError("no posts or scripts")
    school = letters[0].assignment.classroom.school
    items = [{"kind": l.kind, "kind_label": SHEET_KINDS[l.kind], "case": l.assignment.case.title,
              "signature": sign_as(l), "length": len(l.body),
              "paragraphs": [" ".join(lines) for lines in paragraphs(l.body)]} for l in letters]
    return render_template_pdf("printing/sheet.html", {"items": items, "heading": heading, "school_name": school.name,
                                                       "draft": draft, "social_limit": SOCIAL_LIMIT},
                               page_size=school.page_size, stylesheets=("print/sheet.css",))


def letter_pdf(letter: Letter) -> bytes:
    """The letter's PDF: the cached print version once approved, else a watermarked draft."""
    if letter.kind in SHEET_KINDS:
        return sheet_pdf([letter], SHEET_KINDS[letter.kind], draft=letter.state not in APPROVED_STATES)  # final once approved
    if letter.state in APPROVED_STATES:
        return cached_pdf(letter)[1]
    return draft_pdf(letter)


PREVIEW_CUT = "[The preview stops here: this letter is too long.]"


def preview_body(body: str) -> str:
    """The body a draft preview shows: all of it, unless it is over the save limits.

    Only a letter saved before the limits were lowered can be; its preview stops at the
    limits, so that no preview renders more than the longest letter a student can save.
    """
    if not too_long(body):
        return body
    text = "\n".join(body.split("\n")[:MAX_LINES - 1])
    room = MAX_BODY - printed_width(PREVIEW_CUT) - 1
    if printed_width(text) > room:
        widths = accumulate(printed_width(char) for char in text)
        text = text[:next(n for n, width in enumerate(widths) if width > room)]
    return text.rstrip() + "\n" + PREVIEW_CUT


def draft_pdf(letter: Letter) -> bytes:
    """The watermarked draft preview, rendered once per version (from the cache after that).

    The letter's previous preview is dropped when a new one is stored, so drafts keep one
    cached preview each. Approved renders (``letter.pdf_key``) and those a print batch
    pinned are never dropped here.
    """
    doc = document(letter, draft=True)
    doc = replace(doc, body=preview_body(doc.body))
    key = cache_key(letter, doc)
    pdf = db.session.scalar(select(PdfCache.pdf).where(PdfCache.key == key))
    if pdf is None:
        pdf = render_letter(doc)
        pinned = select(PrintBatchItem.pdf_key).where(PrintBatchItem.letter_id == letter.id)
        db.session.execute(delete(PdfCache).where(
            PdfCache.letter_id == letter.id, PdfCache.key != (letter.pdf_key or ""),
            PdfCache.key.not_in(pinned)).execution_options(synchronize_session=False))
        db.session.add(PdfCache(key=key, letter_id=letter.id, pdf=pdf, pages=page_count(pdf)))
        db.session.flush()
    return pdf


def flag_reopened(letter: Letter) -> None:
    """A letter reopened after being batched is flagged in its (not yet posted) batches."""
    items = db.session.scalars(
        select(PrintBatchItem).join(PrintBatch).where(PrintBatchItem.letter_id == letter.id,
                                                      PrintBatch.mailed_at.is_(None)))
    for item in items:
        item.reopened_at = utcnow()
