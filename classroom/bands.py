"""Age bands: the one ordering every age rule uses."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    """One age band of the design."""

    key: str
    label: str
    grades: str
    ages: str
    max_reading_grade: float  # readability above this is flagged for the band


BANDS: tuple[Band, ...] = (
    Band("elementary", "Elementary", "grades 3–5", "ages 8–11", 5.0),
    Band("middle", "Middle school", "grades 6–8", "ages 11–14", 8.0),
    Band("high", "High school", "grades 9–12", "ages 14–18", 12.0),
    Band("adult", "University and adult", "university / adult education", "18+", 16.0),
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
    """Human label of a band key."""
    return BY_KEY[band].label if band in BY_KEY else band


def choices() -> dict[str, str]:
    """key -> label for select fields."""
    return {b.key: f"{b.label} ({b.ages})" for b in BANDS}
