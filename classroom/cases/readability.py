"""Readability grades of the per-band student summaries."""
from __future__ import annotations

from dataclasses import dataclass

import textstat

from .. import bands


@dataclass(frozen=True)
class SummaryGrade:
    """One band's student summary with its reading grade."""

    band: str
    text: str
    grade: float
    too_hard: bool


def grade(text: str) -> float:
    """Flesch–Kincaid grade level (US school grade needed to read the text)."""
    return round(max(0.0, float(textstat.flesch_kincaid_grade(text))), 1)


def summary_grades(summaries: dict[str, str]) -> list[SummaryGrade]:
    """Each band's summary in band order, flagged when it reads above the band."""
    report = []
    for band in bands.BANDS:
        text = summaries.get(band.key)
        if text:
            level = grade(text)
            report.append(SummaryGrade(band.key, text, level, level > band.max_reading_grade))
    return report


def summary_for(summaries: dict[str, str], band: str, fallback: str) -> str:
    """The summary written for ``band``, else the nearest one below it, else ``fallback``."""
    for key in reversed(bands.BAND_KEYS[: bands.rank(band) + 1]):
        if summaries.get(key):
            return summaries[key]
    return fallback
