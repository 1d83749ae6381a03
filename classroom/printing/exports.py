"""Joining approved letters into one printable PDF: sorted by target, with a cover sheet,
optional blank backs for double-sided printing, and address labels in the same order."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..cases.models import Case
from ..classes.models import Classroom
from ..clock import today
from ..extensions import db
from ..letters.models import Letter
from .documents import Address, CoverSheet, LabelSheet
from .models import PdfCache
from .render import join_pdfs, render_cover, render_labels
from .services import PRINTED_STATES, cache_key, date_text, document

# Everything a letter's PDF and its sort order need, loaded in a fixed number of queries.
LOAD = (selectinload(Letter.student), selectinload(Letter.target),
        selectinload(Letter.assignment).selectinload(Assignment.case).selectinload(Case.targets),
        selectinload(Letter.assignment).selectinload(Assignment.classroom).selectinload(Classroom.school))


def recipient_label(letter: Letter) -> str:
    """Who the letter goes to, for sorting and counting."""
    if letter.target is not None:
        return letter.target.label
    return f"{letter.assignment.case.people_names} (solidarity)"


def destination(letter: Letter) -> str:
    """The country the letter is posted to."""
    return letter.assignment.case.country


def sort_for_print(letters: Sequence[Letter]) -> list[Letter]:
    """Grouped by recipient (then country, case and student) so envelopes go out in runs."""
    return sorted(letters, key=lambda l: (recipient_label(l).lower(), destination(l), l.assignment.case.ua_number,
                                          l.student.name.lower(), l.id))


def approved_only(letters: Sequence[Letter]) -> list[Letter]:
    """Letters to post: approved (or later) appeals and cards, never drafts, posts or scripts."""
    return [letter for letter in letters if letter.state in PRINTED_STATES and letter.kind in ("appeal", "solidarity")]


def approved_sheets(letters: Sequence[Letter]) -> list[Letter]:
    """Approved social media posts and phone scripts."""
    return [letter for letter in letters if letter.state in PRINTED_STATES and letter.kind in ("social", "phone")]


@dataclass
class Prepared:
    """How many of the letters already have their PDF rendered."""

    total: int
    ready: int

    @property
    def done(self) -> bool:
        """True when every letter can be joined without rendering."""
        return self.ready >= self.total


def keys_for(letters: Sequence[Letter]) -> dict[int, str]:
    """Current cache key of each letter (what its PDF looks like now)."""
    return {letter.id: cache_key(letter, document(letter, draft=False)) for letter in letters}


def prepare(letters: Sequence[Letter], budget: int | None = None) -> Prepared:
    """Render missing PDFs (at most ``budget`` in this call) so the export only joins files."""
    from .services import cached_pdf

    keys = keys_for(letters)
    present = set(db.session.scalars(select(PdfCache.key).where(PdfCache.key.in_(list(keys.values())))))
    missing = [letter for letter in letters if keys[letter.id] not in present]
    for letter in missing[:budget] if budget is not None else missing:
        cached_pdf(letter)
    db.session.flush()
    rendered = len(missing) if budget is None else min(budget, len(missing))
    return Prepared(len(letters), len(letters) - len(missing) + rendered)


def pdfs_by_key(keys: Sequence[str]) -> dict[str, bytes]:
    """Cached PDFs for these keys, in one query."""
    rows = db.session.execute(select(PdfCache.key, PdfCache.pdf).where(PdfCache.key.in_(list(set(keys)))))
    return {key: pdf for key, pdf in rows}


def cover_sheet(letters: Sequence[Letter], school_name: str, label: str, locale: str, page_size: str,
                warnings: Sequence[str] = ()) -> CoverSheet:
    """Counts per recipient and per destination country."""
    per_target = Counter(recipient_label(letter) for letter in letters)
    per_country = Counter(destination(letter) for letter in letters)
    return CoverSheet(school_name=school_name, batch_label=label, date_text=date_text(today(), locale),
                      per_target=tuple(sorted(per_target.items())), per_country=tuple(sorted(per_country.items())),
                      total=len(letters), warnings=tuple(warnings), page_size=page_size)  # type: ignore[arg-type]


def join(letters: Sequence[Letter], keys: Sequence[str], cover: CoverSheet, duplex: bool) -> bytes:
    """Cover sheet, then the cached letter PDFs in order (blank backs when ``duplex``)."""
    cached = pdfs_by_key(keys)
    parts = [render_cover(cover)] + [cached[key] for key in keys]
    return join_pdfs(parts, duplex_blank=duplex)


def export_pdf(letters: Sequence[Letter], school_name: str, label: str, locale: str, page_size: str,
               duplex: bool, warnings: Sequence[str] = ()) -> bytes:
    """One PDF of the approved letters, sorted by recipient, from the render cache."""
    chosen = sort_for_print(approved_only(letters))
    prepare(chosen)
    keys = keys_for(chosen)
    cover = cover_sheet(chosen, school_name, label, locale, page_size, warnings)
    return join(chosen, [keys[letter.id] for letter in chosen], cover, duplex)


def label_addresses(letters: Sequence[Letter]) -> list[Address]:
    """One envelope address per letter, in print order (solidarity cards go to the case's first target or the case's country)."""
    addresses = []
    for letter in letters:
        target = letter.target or (letter.assignment.case.letter_targets[0] if letter.assignment.case.letter_targets else None)
        if target is None:
            continue
        lines = [target.name] + ([target.title] if target.title and target.title != target.name else []) + target.address_lines
        addresses.append(Address(tuple(lines), target.language))
    return addresses


def labels_pdf(letters: Sequence[Letter], page_size: str) -> bytes:
    """The address-label sheet for these letters, in the same order as the export."""
    chosen = sort_for_print(approved_only(letters))
    return render_labels(LabelSheet(page_size=page_size, addresses=tuple(label_addresses(chosen))))  # type: ignore[arg-type]
