"""What every class-list reader gives back: rows of cells, how the file was read, or why not."""
from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import gettext as _

from ...i18n import page_locale

from dataclasses import dataclass, field

# A whole year group exported from a school system fits; anything bigger is not a class list.
MAX_FILE_ROWS = 2000
MAX_COLUMNS = 30
MAX_BYTES = 400_000
MAX_CELL = 200


@dataclass
class Table:
    """The non-empty rows of a file (with their line numbers), or the reason it can't be used."""

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    read_as: str = ""  # what the teacher is shown: "UTF-8 text, separated by semicolons"
    problem: str | None = None

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(cells) for _, cells in self.rows), default=0)


def finish(rows: list[list[str]], read_as: str) -> Table:
    """Drop empty rows and trailing empty cells, keep line numbers, and apply the limits."""
    kept: list[tuple[int, list[str]]] = []
    for line, cells in enumerate(rows, start=1):
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            kept.append((line, cells))
        if len(kept) > MAX_FILE_ROWS:
            return Table(problem=_("The file has more than %(most)s rows. That is not one class: "
                                   "export only the class you want to add.",
                                   most=format_decimal(MAX_FILE_ROWS, locale=page_locale())), read_as=read_as)
    if not kept:
        return Table(problem=_("The file has no students in it."), read_as=read_as)
    table = Table(kept, read_as)
    if table.width > MAX_COLUMNS:
        return Table(problem=_("The file has %(count)d columns. A class list needs a few: "
                               "names, and perhaps usernames.", count=table.width), read_as=read_as)
    return table
