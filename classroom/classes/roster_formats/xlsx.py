"""Excel workbooks (.xlsx): the first sheet's values, read-only, never its formulas or macros."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import io
import warnings
import zipfile
from datetime import date, datetime

from .core import MAX_COLUMNS, MAX_FILE_ROWS, Table, finish

SOURCE = "Excel workbook, first sheet"
BROKEN = _l("This Excel file can't be opened. Save it again as .xlsx (or as CSV) and upload that.")


def is_xlsx(raw: bytes) -> bool:
    """Whether the bytes are a zip archive, as .xlsx files are."""
    return raw.startswith(b"PK\x03\x04")


def _text(value: object) -> str:
    """A cell as the teacher sees it (12.0 shows as 12, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)


def read_xlsx(raw: bytes) -> Table:
    """The first sheet's rows; no more than the row limit is ever read."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; we read values only.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                rows = [[_text(value) for value in row]
                        for row in sheet.iter_rows(max_row=MAX_FILE_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True)]
            finally:
                book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError, AttributeError,
            EOFError, SyntaxError):
        # openpyxl raises many kinds on broken or hostile files (SyntaxError for bad XML); all mean "can't read".
        return Table(problem=str(BROKEN))
    return finish(rows, SOURCE)
