"""Age bands: the one ordering every age rule uses."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext


def N_(message: str) -> str:  # gettext's name for it: the extractor knows it
    """Mark a message for the catalogs without translating it here: ``label`` translates it when shown."""
    return message


@dataclass(frozen=True)
class Band:
    """One age band of the design."""

    key: str
    label: str  # in English; ``label()`` gives it in the page's language
    grades: str
    ages: str
    max_reading_grade: float  # readability above this is flagged for the band


BANDS: tuple[Band, ...] = (
    Band("elementary", N_("Elementary"), "grades 3–5", "ages 8–11", 5.0),
    Band("middle", N_("Middle school"), "grades 6–8", "ages 11–14", 8.0),
    Band("high", N_("High school"), "grades 9–12", "ages 14–18", 12.0),
    Band("adult", N_("University and adult"), "university / adult education", "18+", 16.0),
)
BAND_KEYS: tuple[str, ...] = tuple(b.key for b in BANDS)
BY_KEY: dict[str, Band] = {b.key: b for b in BANDS}


def rank(band: str) -> int:
    """Position of a band in the order elementary < middle < high < adult."""
    return BAND_KEYS.index(band)


def at_or_above(band: str, minimum: str) -> bool:
    """True when ``band`` is the ``minimum`` band or an older one."""
    return rank(band) >= rank(minimum)


def label(band: str) -> str:
    """Human label of a band key, in the page's language."""
    return gettext(BY_KEY[band].label) if band in BY_KEY else band


def choices() -> dict[str, str]:
    """key -> label for select fields."""
    return {b.key: f"{b.label} ({b.ages})" for b in BANDS}
