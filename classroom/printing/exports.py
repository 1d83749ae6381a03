"""Joining approved letters into one printable PDF: sorted by target, with a cover sheet,
optional blank backs for double-sided printing, and address labels in the same order."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..cases.models import Case
from ..classes.models import Classroom
from ..dates import Local
from ..extensions import db
from ..letters.models import APPROVED_STATES, PAPER_KINDS, POSTAL_STATES, Letter
from .documents import Address, CoverSheet, LabelSheet
from .models import PdfCache
from .render import join_pdfs, page_language, render_cover, render_labels
from .services import cache_key, document, in_letter_language, recipient_block

# Everything a letter's PDF and its sort order need, loaded in a fixed number of queries.
LOAD = (selectinload(Letter.student), selectinload(Letter.target),
        selectinload(Letter.assignment).selectinload(Assignment.case).selectinload(Case.targets),
        selectinload(Letter.assignment).selectinload(Assignment.classroom).selectinload(Classroom.school))


# A card's recipient, as sorted and kept in a batch's snapshot: the people, then this code
# (the same in every language); ``shown_recipient`` says it in the reader's.
SOLIDARITY_SUFFIX = " (solidarity)"


def recipient_label(letter: Letter) -> str:
    """Who the letter goes to, for sorting and counting."""
    if letter.target is not None:
        return letter.target.label
    return f"{letter.assignment.case.people_names}{SOLIDARITY_SUFFIX}"


def shown_recipient(label: str) -> str:
    """A ``recipient_label`` as a person reads it: "Ana Pérez (solidarity)" in their language."""
    if label.endswith(SOLIDARITY_SUFFIX):
        return _("%(people)s (solidarity)", people=label[:-len(SOLIDARITY_SUFFIX)])
    return label


def destination(letter: Letter) -> str:
    """The country the letter is posted to."""
    return letter.assignment.case.country


def sort_for_print(letters: Sequence[Letter]) -> list[Letter]:
    """Grouped by recipient (then country, case and student) so envelopes go out in runs."""
    return sorted(letters, key=lambda l: (recipient_label(l).lower(), destination(l), l.assignment.case.ua_number,
                                          l.student.name.lower(), l.id))


def approved_only(letters: Sequence[Letter]) -> list[Letter]:
    """Letters to post: approved (or later) appeals and cards, never drafts, posts or scripts."""
    return [letter for letter in letters if letter.state in POSTAL_STATES and letter.kind in PAPER_KINDS]


def approved_sheets(letters: Sequence[Letter]) -> list[Letter]:
    """Approved social media posts and phone scripts."""
    return [letter for letter in letters if letter.state in APPROVED_STATES and letter.kind not in PAPER_KINDS]


@dataclass
class Prepared:
    """How many of the letters already have their PDF rendered, and each letter's cache key."""

    total: int
    ready: int
    keys: dict[int, str] = field(default_factory=dict)

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
    return Prepared(len(letters), len(letters) - len(missing) + rendered, keys)


def pdfs_by_key(keys: Sequence[str]) -> dict[str, bytes]:
    """Cached PDFs for these keys, in one query."""
    rows = db.session.execute(select(PdfCache.key, PdfCache.pdf).where(PdfCache.key.in_(list(set(keys)))))
    return {key: pdf for key, pdf in rows}


class JoinParts(Sequence[bytes]):
    """A cover, then the cached PDFs of ``keys`` in order, read from the database a slice at a time.

    A 1,000-letter export is about 40 MB of letter PDFs: holding them all beside the joined
    file would nearly double the export's memory, so only one slice is loaded at once.
    """

    SLICE = 50

    def __init__(self, cover: bytes, keys: Sequence[str]) -> None:
        """The parts to join: ``cover`` first, then one cached PDF per key."""
        self.cover = cover
        self.keys = list(keys)

    def __len__(self) -> int:
        """Cover plus letters."""
        return 1 + len(self.keys)

    def __getitem__(self, index: int) -> bytes:  # type: ignore[override]
        """One part (the join only iterates; this keeps the Sequence contract)."""
        if not isinstance(index, int):
            raise TypeError("JoinParts takes integer indexes")
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.cover if index == 0 else pdfs_by_key([self.keys[index - 1]])[self.keys[index - 1]]

    def __iter__(self) -> Iterator[bytes]:
        """The cover, then the letters, one query per slice."""
        yield self.cover
        for start in range(0, len(self.keys), self.SLICE):
            chunk = self.keys[start:start + self.SLICE]
            found = pdfs_by_key(chunk)
            for key in chunk:
                yield found[key]


def cover_sheet(letters: Sequence[Letter], school_name: str, label: str, local: Local, page_size: str,
                warnings: Sequence[str] = ()) -> CoverSheet:
    """Counts per recipient and per destination country."""
    return cover_for([(recipient_label(letter), destination(letter)) for letter in letters], school_name, label,
                     local, page_size, warnings)


def cover_for(envelopes: Sequence[tuple[str, str]], school_name: str, label: str, local: Local, page_size: str,
              warnings: Sequence[str] = ()) -> CoverSheet:
    """The cover sheet of these (recipient, country) envelopes (a batch counts its snapshot this way),
    dated today where the school is (``local``: its zone and its letters' date style)."""
    per_target = Counter(shown_recipient(recipient) for recipient, _country in envelopes)
    per_country = Counter(country for _recipient, country in envelopes)
    return CoverSheet(school_name=school_name, batch_label=label, date_text=local.date_text(local.today()),
                      per_target=tuple(sorted(per_target.items())), per_country=tuple(sorted(per_country.items())),
                      total=len(envelopes), warnings=tuple(warnings), page_size=page_size,
                      language=page_language())


def join(keys: Sequence[str], cover: CoverSheet, duplex: bool) -> bytes:
    """Cover sheet, then the cached letter PDFs of ``keys`` in order (blank backs when ``duplex``)."""
    return join_pdfs(JoinParts(render_cover(cover), keys), duplex_blank=duplex)


def export_pdf(letters: Sequence[Letter], school_name: str, label: str, local: Local, page_size: str,
               duplex: bool, warnings: Sequence[str] = ()) -> bytes:
    """One PDF of the approved letters, sorted by recipient, from the render cache."""
    chosen = sort_for_print(approved_only(letters))
    keys = prepare(chosen).keys  # renders only what is missing; the keys are worked out once
    cover = cover_sheet(chosen, school_name, label, local, page_size, warnings)
    return join([keys[letter.id] for letter in chosen], cover, duplex)


def label_addresses(letters: Sequence[Letter]) -> list[Address]:
    """One envelope address per letter, in print order (solidarity cards go to the case's first target).

    A card for a case that names no official still gets a label (the people and the country),
    so the label sheet never falls out of step with the pile of letters.
    """
    addresses = []
    for letter in letters:
        case = letter.assignment.case
        target = letter.target or (case.letter_targets[0] if case.letter_targets else None)
        if target is None:
            addresses.append(Address((case.people_names, case.country)))
            continue
        title, address = recipient_block(target)
        if letter.kind == "solidarity":
            # A card travels care of the official, who is asked to pass it on to the people it names;
            # the label says so in the official's language where a catalog has it (the label's lang).
            with in_letter_language(target.language or ""):
                care_of = (_("For %(people)s", people=case.people_names), _("c/o %(name)s", name=target.name))
            addresses.append(Address((*care_of, *address), target.language))
        else:
            addresses.append(Address((target.name, title, *address), target.language))
    return addresses


def labels_pdf(letters: Sequence[Letter], page_size: str) -> bytes:
    """The address-label sheet for these letters, in the same order as the export."""
    chosen = sort_for_print(approved_only(letters))
    return render_labels(LabelSheet(page_size=page_size, addresses=tuple(label_addresses(chosen))))
