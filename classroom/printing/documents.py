"""What gets printed, as plain immutable values: no database, no Flask.

Services build these from models; ``render.py`` turns them into PDF bytes. Keeping them
frozen and validated here means a half-built or malformed document fails at the point
where it is made, not deep inside WeasyPrint.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..letters.kinds import PAPER_KINDS
from ..letters.languages import direction as language_direction
from ..paper import DEFAULT_PAGE_SIZE, check_page_size

Direction = Literal["rtl", "ltr"]


# A conservative BCP 47 shape (language, then alphanumeric subtags). The tag ends up in
# the HTML ``lang`` attribute, so anything outside this shape is refused, never escaped.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,6}")

def N_(message: str) -> str:
    """Marks a message for the catalogs without translating it (render.py translates it when printing)."""
    return message


INTERNATIONAL_POSTAGE_NOTE = N_("International post needs international postage stamps")

# Lines (name + title + address) that fit inside a DL/C5 or US #10 envelope window at
# the letter's address size. Longer blocks still print, but spill out of the window.
WINDOW_MAX_LINES = 6


def is_language_tag(language: str) -> bool:
    """Whether ``language`` is a well-formed BCP 47 tag we are willing to put in HTML."""
    return isinstance(language, str) and len(language) <= 35 and bool(
        _LANGUAGE_TAG.fullmatch(language)
    )


def check_language(language: str) -> str:
    """Return ``language`` unchanged, or raise ``ValueError`` if it is not a clean tag."""
    if not is_language_tag(language):
        raise ValueError(f"not a BCP 47 language tag: {language!r}")
    return language


def text_direction(language: str) -> Direction:
    """'rtl' for right-to-left languages (Arabic, Hebrew, Persian, Urdu, …), else 'ltr' (CLDR decides)."""
    return language_direction(language)


def _lines(values: Iterable[str] | str) -> tuple[str, ...]:
    """Freeze address lines, dropping blank ones (they would print as gaps).

    A single string is split on newlines rather than iterated character by character,
    because a multi-line address from a textarea is the likeliest mistake.
    """
    if isinstance(values, str):
        values = values.splitlines()
    return tuple(str(v).strip() for v in values if str(v).strip())


def _freeze(obj: object, name: str, value: object) -> None:
    """Set a field on a frozen dataclass during ``__post_init__`` normalisation."""
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Address:
    """A postal address, one printed line per item, in the order they are posted."""

    lines: tuple[str, ...]
    language: str = ""

    def __post_init__(self) -> None:
        """Accept any iterable of strings (a list from a form, a DB row) but store a tuple.

        ``language`` is optional; when given (the target's language) labels use it so
        that CJK addresses get their regional glyphs.
        """
        _freeze(self, "lines", _lines(self.lines))
        if self.language:
            check_language(self.language)


@dataclass(frozen=True)
class LetterDocument:
    """One letter (appeal) or card (solidarity message) exactly as it will be printed."""

    kind: str  # one of letters.kinds.PAPER_KINDS
    school_name: str
    school_address: tuple[str, ...]
    date_text: str
    recipient_name: str
    recipient_title: str
    recipient_address: tuple[str, ...]
    salutation: str
    body: str
    closing: str
    signature: str
    signature_note: str
    language: str = "en"
    page_size: str = DEFAULT_PAGE_SIZE
    draft: bool = False
    people: tuple[str, ...] = ()
    case_reference: str = ""
    # A card's heading in its language, {names} standing for the people ("{names}さんへ").
    card_to: str = "To {names}"
    # The PDF's title in the letter's language, and a draft's watermark in its reader's.
    title: str = ""
    watermark: str = ""
    watermark_language: str = "en"

    def __post_init__(self) -> None:
        """Validate the enumerations and freeze the line lists."""
        if self.kind not in PAPER_KINDS:
            raise ValueError(f"kind must be one of {', '.join(PAPER_KINDS)}, not {self.kind!r}")
        check_language(self.language)
        check_language(self.watermark_language)
        check_page_size(self.page_size)
        _freeze(self, "school_address", _lines(self.school_address))
        _freeze(self, "recipient_address", _lines(self.recipient_address))
        _freeze(self, "people", _lines(self.people))

    @property
    def direction(self) -> Direction:
        """Writing direction that follows the letter's language."""
        return text_direction(self.language)

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """Everything that shows through the envelope window, in print order."""
        return _lines((self.recipient_name, self.recipient_title, *self.recipient_address))

    @property
    def fits_window(self) -> bool:
        """Whether the recipient block fits the envelope window (see WINDOW_MAX_LINES)."""
        return len(self.recipient_lines) <= WINDOW_MAX_LINES


@dataclass(frozen=True)
class CoverSheet:
    """The first page of a batch export: what is in the envelope pile, and what to check."""

    school_name: str
    batch_label: str
    date_text: str
    per_target: tuple[tuple[str, int], ...]
    per_country: tuple[tuple[str, int], ...]
    total: int
    warnings: tuple[str, ...] = ()
    note: str = INTERNATIONAL_POSTAGE_NOTE
    page_size: str = DEFAULT_PAGE_SIZE
    language: str = "en"

    def __post_init__(self) -> None:
        """Validate the enumerations and freeze the count lists."""
        check_language(self.language)
        check_page_size(self.page_size)
        _freeze(self, "per_target", tuple((str(k), int(v)) for k, v in self.per_target))
        _freeze(self, "per_country", tuple((str(k), int(v)) for k, v in self.per_country))
        _freeze(self, "warnings", tuple(str(w) for w in self.warnings))


@dataclass(frozen=True)
class LabelSheet:
    """Address labels for a batch, one per address, in posting order."""

    page_size: str
    addresses: tuple[Address, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        """Accept Address objects or plain line sequences; store Address objects."""
        check_page_size(self.page_size)
        _freeze(self, "addresses", tuple(
            a if isinstance(a, Address) else Address(tuple(a)) for a in self.addresses
        ))
