"""``flask cases import PATH``: the import page's preview and save, for a file or stdin.

The same steps as the web page (``importing.preview`` and ``importing.save``): the same reader,
the same duplicate and follow-up rules, the same messages. The JSON form is
``{"case": {...}, "problems": [{"line", "field", "message"}], "unused": [{"line", "text"}]}``
with the case in the shape of docs/case-format.md (dates as ISO text), plus ``warnings`` (the
reader's things to check and a passed deadline), ``family`` (the layout that was recognised) and
``attach_to`` (the UA number a follow-up joins, or null).
"""
from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from flask_babel import gettext as _

from .importing import Preview, read_pdf
from .pdf_upload import MAX_PDF_BYTES
from .case_format import MAX_SOURCE_BYTES, Problem


class SourceProblem(ValueError):
    """The file can't be read as an Urgent Action; the message says why."""


def read_path(path: str) -> tuple[str, str | None]:
    """``read_source`` of a file path, or of stdin for ``-``."""
    import click

    try:
        with click.open_file(path, "rb") as stream:
            return read_source(stream, path)
    except OSError as error:
        raise SourceProblem(_("%(path)s: can't be opened (%(reason)s).", path=path,
                              reason=error.strerror or str(error))) from None


def read_source(stream: IO[bytes], name: str) -> tuple[str, str | None]:
    """The text and file name of ``name`` (``-`` is stdin): a PDF is read as text, else UTF-8."""
    filename = None if name == "-" else name.replace("\\", "/").rsplit("/", 1)[-1]
    raw = stream.read(MAX_PDF_BYTES + 1)
    if raw.lstrip()[:5] == b"%PDF-" or (filename or "").lower().endswith(".pdf"):
        text, reader_name, problem = read_pdf(raw, filename or "stdin.pdf")
        if problem:
            raise SourceProblem(problem)
        return text, reader_name
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceProblem(_("%(name)s: the file is larger than %(size)d kB. Split it or shorten it.", name=name,
                              size=MAX_SOURCE_BYTES // 1000))
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n"), filename
    except UnicodeDecodeError as error:
        raise SourceProblem(_("%(name)s: the file isn't UTF-8 text (byte %(byte)d is not). Save it as UTF-8 and "
                              "try again.", name=name, byte=error.start + 1)) from None


def _plain(value: Any) -> Any:
    """The case with dates as ISO text, so it prints as JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _problem(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "field": problem.field, "message": problem.message}


def as_json(result: Preview) -> str:
    """The preview as one JSON object (see the module docstring)."""
    return json.dumps({
        "case": _plain(result.data) if result.data is not None else None,
        "problems": [_problem(p) for p in result.problems],
        "warnings": [_problem(p) for p in result.warnings],
        "unused": [{"line": line, "text": text} for line, text in result.unused],
        "family": result.family,
        "attach_to": result.attach_to.ua_number if result.attach_to is not None else None,
    }, ensure_ascii=False, indent=2)


def _where(problem: Problem) -> str:
    if problem.line and problem.field:
        return _("line %(line)d (%(field)s)", line=problem.line, field=problem.field)
    if problem.line:
        return _("line %(line)d", line=problem.line)
    return problem.field or _("the case")


def as_text(result: Preview) -> str:
    """The preview as a curator reads it in a terminal: the case as YAML, then problems and unused lines."""
    import yaml

    out: list[str] = []
    if result.data is not None:
        out.append(yaml.safe_dump(_plain(result.data), allow_unicode=True, sort_keys=False, width=100).rstrip())
    if result.attach_to is not None:
        out.append(_("Follow-up of %(ua)s “%(title)s”: it will be added to that case's timeline, not saved as a "
                     "new case.", ua=result.attach_to.ua_number, title=result.attach_to.title))
    for problem in result.problems:
        out.append(_("Problem, %(where)s: %(message)s", where=_where(problem), message=problem.message))
    for warning in result.warnings:
        out.append(_("Warning, %(where)s: %(message)s", where=_where(warning), message=warning.message))
    for line, text in result.unused:
        out.append(_("Not used, line %(line)d: %(text)s", line=line, text=text))
    return "\n".join(out)
