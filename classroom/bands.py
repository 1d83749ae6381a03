"""Age bands: the one ordering every age rule uses."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString, gettext as _, lazy_gettext as _l


@dataclass(frozen=True)
class Band:
    """One age band of the design."""

    key: str
    label: LazyString  # translated when shown: every page shows bands in its own language
    grades: LazyString
    ages: LazyString
    max_reading_grade: float  # readability above this is flagged for the band


BANDS: tuple[Band, ...] = (
    Band("elementary", _l("Elementary"), _l("grades 3–5"), _l("ages 8–11"), 5.0),
    Band("middle", _l("Middle school"), _l("grades 6–8"), _l("ages 11–14"), 8.0),
    Band("high", _l("High school"), _l("grades 9–12"), _l("ages 14–18"), 12.0),
    Band("adult", _l("University and adult"), _l("university / adult education"), _l("18+"), 16.0),
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
    return str(BY_KEY[band].label) if band in BY_KEY else band


def choices() -> dict[str, str]:
    """key -> label for select fields, in the page's language: give forms the function itself
    (``choices=bands.choices``) so that it is called with each form, not once at import."""
    return {b.key: _("%(band)s (%(ages)s)", band=b.label, ages=b.ages) for b in BANDS}
