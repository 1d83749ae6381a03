"""Readers of class lists as schools have them: one small module per format over ``core``."""
from __future__ import annotations

from . import delimited, xlsx
from .core import MAX_BYTES, MAX_COLUMNS, MAX_FILE_ROWS, Table
from .delimited import read_text, read_delimited_bytes
from .xlsx import is_xlsx, read_xlsx


def read_upload(raw: bytes) -> Table:
    """The table in an uploaded file: an Excel workbook or delimited text in any common encoding."""
    problem = _size_problem(raw)
    if problem:
        return Table(problem=problem)
    if is_xlsx(raw):
        return read_xlsx(raw)
    return read_delimited_bytes(raw)


def _size_problem(raw: bytes) -> str | None:
    """Why the file is refused before it is read, or None."""
    if not raw.strip():
        return "The file is empty."
    if len(raw) > MAX_BYTES:
        return (f"The file is larger than {MAX_BYTES // 1000} kB. A class list is much smaller: "
                "check it's the right file.")
    return None


__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_FILE_ROWS", "Table", "delimited", "read_text", "read_upload", "xlsx"]
