"""The page sizes schools print on: the one list, with each size's menu label, measurements and CSS name."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice


@dataclass(frozen=True)
class Paper:
    """One page size."""

    key: str  # what a school stores ("A4", "Letter")
    label: str | LazyString  # how the paper-size menus name it (in the page's language)
    width_mm: float
    height_mm: float
    css: str  # the CSS ``@page { size: … }`` keyword
    labels_per_sheet: int  # address labels on a sheet of the common stock for this size


PAPERS: dict[str, Paper] = {p.key: p for p in (
    Paper("A4", "A4", 210.0, 297.0, "A4", labels_per_sheet=21),  # L7160, 3 × 7
    Paper("Letter", _l("US Letter"), 215.9, 279.4, "letter", labels_per_sheet=30),  # Avery 5160, 3 × 10
)}
PAGE_SIZES: tuple[str, ...] = tuple(PAPERS)
PAGE_SIZE_CHOICES: list[SelectChoice] = [SelectChoice(key, paper.label) for key, paper in PAPERS.items()]
DEFAULT_PAGE_SIZE = "A4"  # a new school's, and a handout's when the reader has no school


def check_page_size(page_size: str) -> str:
    """Return ``page_size`` unchanged, or raise ``ValueError`` unless it is one of PAGE_SIZES."""
    if page_size not in PAPERS:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    return page_size
