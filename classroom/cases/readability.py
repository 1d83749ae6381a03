"""Readability of the per-band student summaries, and the summary a reader is shown.

A case holds its English student summaries (``student_summaries``: band -> text) and, beside
them, summaries in other languages (``student_summaries_by_language``: language -> band -> text).
Each language is measured with a formula made for it: English with Flesch–Kincaid (a US school
grade), Spanish with Szigriszt-Pazos on the INFLESZ scale (0–100, higher is easier), whose bands
of difficulty come with the school level they suit. A language without a formula is shown
unmeasured.

textstat keeps its language as global state (``set_lang`` changes syllable counting for every
formula), so every measurement sets it under one lock and puts English back.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import textstat
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

from .. import bands
from ..i18n import SOURCE_LANGUAGE, select_language
from .models import CASE_LANGUAGE, Case

_TEXTSTAT = threading.Lock()
# INFLESZ (Barrio-Cantalejo et al., 2008): the lowest Szigriszt-Pazos score of each difficulty
# label, easiest first, and the youngest band a text of that difficulty suits.
INFLESZ: tuple[tuple[float, object, str], ...] = (
    (80.0, _l("very easy"), "elementary"),
    (65.0, _l("fairly easy"), "elementary"),
    (55.0, _l("normal"), "middle"),
    (40.0, _l("somewhat difficult"), "high"),
    (0.0, _l("very difficult"), "adult"),
)


@dataclass(frozen=True)
class SummaryGrade:
    """One band's student summary in one language, with its readability and whether it reads above the band."""

    band: str
    text: str
    grade: float  # the formula's figure: a US grade (English) or an INFLESZ score (Spanish)
    too_hard: bool
    language: str = CASE_LANGUAGE

    @property
    def score_text(self) -> str:
        """The figure with its formula and label, in the page's language."""
        if self.language == "es":
            return _("Szigriszt-Pazos (INFLESZ) %(score)s: %(label)s", score=_number(self.grade),
                     label=inflesz_label(self.grade))
        if self.language == "en":
            return _("reading grade %(grade)s", grade=_number(self.grade))
        return _("readability not measured in this language")


def _number(value: float) -> str:
    from flask_babel import format_decimal

    return format_decimal(value, format="#,##0.#")


def _measure(language: str, formula: str, text: str) -> float:
    with _TEXTSTAT:
        textstat.set_lang(language)
        try:
            return float(getattr(textstat, formula)(text))
        finally:
            textstat.set_lang(SOURCE_LANGUAGE)


def grade(text: str) -> float:
    """Flesch–Kincaid grade level (US school grade needed to read the text)."""
    return round(max(0.0, _measure("en", "flesch_kincaid_grade", text)), 1)


def spanish_score(text: str) -> float:
    """Szigriszt-Pazos perspicuity (the INFLESZ scale: 0 very hard to 100 very easy)."""
    return round(min(100.0, max(0.0, _measure("es", "szigriszt_pazos", text))), 1)


def inflesz_label(score: float) -> str:
    """The INFLESZ name of a Szigriszt-Pazos score, in the page's language."""
    return str(next(label for floor, label, _band in INFLESZ if score >= floor))


def _inflesz_band(score: float) -> str:
    return next(band for floor, _label, band in INFLESZ if score >= floor)


def summary_grades(summaries: Mapping[str, str],
                   by_language: Mapping[str, Mapping[str, str]] | None = None) -> list[SummaryGrade]:
    """Each band's summary in band order (English first, then each other language), flagged when it reads above the band."""
    report = []
    for band in bands.BANDS:
        text = summaries.get(band.key)
        if text:
            level = grade(text)
            report.append(SummaryGrade(band.key, text, level, level > band.max_reading_grade))
        for language, texts in sorted((by_language or {}).items()):
            other = texts.get(band.key)
            if not other:
                continue
            if language == "es":
                score = spanish_score(other)
                too_hard = bands.rank(_inflesz_band(score)) > bands.rank(band.key)
                report.append(SummaryGrade(band.key, other, score, too_hard, language))
            else:
                report.append(SummaryGrade(band.key, other, 0.0, False, language))
    return report


def summary_for(summaries: dict[str, str], band: str, fallback: str) -> str:
    """The summary written for ``band``, else the nearest one below it, else ``fallback``."""
    for key in reversed(bands.BAND_KEYS[: bands.rank(band) + 1]):
        if summaries.get(key):
            return summaries[key]
    return fallback


@dataclass(frozen=True)
class ShownSummary:
    """A summary with its language: in a page it is a ``<span lang>``, so a summary in English on
    a Spanish page is read with English pronunciation; ``str()`` is the text."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> str:
        return Markup('<span lang="%s">%s</span>') % (self.language, escape(self.text))


def shown_summary(case: Case, band: str, language: str | None = None, fallback: str | None = None) -> ShownSummary:
    """What a class of ``band`` reads about the case in ``language`` (default: the page's).

    The summary written in that language for the band (or the nearest band below it); else the
    English one for the band, else ``fallback`` (default: the teachers' summary), marked as English.
    """
    language = language or select_language()
    own = (case.student_summaries_by_language or {}).get(language)
    if own and language != CASE_LANGUAGE:
        text = summary_for(own, band, "")
        if text:
            return ShownSummary(text, language)
    return ShownSummary(summary_for(case.student_summaries, band, case.summary if fallback is None else fallback),
                        CASE_LANGUAGE)
