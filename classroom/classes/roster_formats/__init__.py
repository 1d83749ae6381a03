"""Readers of class lists as schools have them: one small module per format over ``core``."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from markupsafe import Markup

from . import delimited, oneroster, xlsx
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
        return _("The file is empty.")
    if len(raw) > MAX_BYTES:
        return _("The file is larger than %(size)d kB. A class list is much smaller: "
                 "check it's the right file.", size=MAX_BYTES // 1000)
    return None


# What ``read_as`` says in English (it is also carried by the form), and what a reader is shown.
_SOURCES = {xlsx.SOURCE: _l("Excel workbook, first sheet"), oneroster.SOURCE: _l("OneRoster 1.1 CSV zip"), "Text": _l("Text")}
_SEPARATORS = {"commas": _l("commas"), "semicolons": _l("semicolons"), "tabs": _l("tabs"), "pipes": _l("pipes")}


def source_label(read_as: str, id: str | None = None) -> Markup:
    """How a list was read ("UTF-8 text, separated by commas"), in the page's language, in bold."""
    source, _by, separator = read_as.partition(", separated by ")
    if source in _SOURCES:
        text = str(_SOURCES[source])
    elif source.endswith(" text"):
        text = _("%(encoding)s text", encoding=source.removesuffix(" text"))
    else:
        text = source
    if separator:
        text = _("%(source)s, separated by %(separator)s", source=text, separator=_SEPARATORS.get(separator, separator))
    if id:
        return Markup('<strong id="{}">{}</strong>').format(id, text)
    return Markup("<strong>{}</strong>").format(text)


__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_FILE_ROWS", "Table", "delimited", "read_text", "read_upload", "xlsx"]
