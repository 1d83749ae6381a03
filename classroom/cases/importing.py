"""The import's steps, shared by the web page and ``flask cases import``: read what was pasted or
uploaded, preview it, and save it on acceptance.

Nothing is stored between preview and acceptance: the accepted text is read again, so an app
server never needs another server's memory. The reader (``parsing.read_source``) turns text into
a case, with its problems, the things to check (warnings) and the lines no field took; this
module adds what needs the library: one UA, one case (``ua_numbers``), follow-ups that join the
case they follow (``followups``), and a warning when the deadline has passed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from flask_babel import gettext as _

from ..auth.models import User
from ..clock import today
from ..dates import viewer
from .case_dates import MONTHS
from .followups import Reference, attach, attach_problem, find_reference
from .forms import ImportForm
from .models import Case
from .parsing import Imported, in_line_order, read_source
from .pdf_upload import MAX_PDF_BYTES, PdfProblem, pdf_text
from .rating import Rating, rate_case
from .reading import FAMILIES
from .case_format import MAX_SOURCE_BYTES, Problem
from .schema import is_storable_case
from .search import find_case_by_ua
from .status import SHOWN_STATUS_LABELS
from .services import create_case
from .ua_numbers import line_of

UPLOAD_TYPES = (".txt", ".yaml", ".yml", ".json", ".md", ".pdf")


@dataclass
class Preview:
    """What the import would save or attach (or, while something stops it, what was read), and why."""

    data: dict[str, Any] | None  # the normalised case, as it will be saved; None while a problem remains
    problems: list[Problem] = field(default_factory=list)  # what stops the import, each with its line
    rating: Rating | None = None
    # What the curator should check but that does not stop the import: the reader's doubts and a
    # passed deadline, in line order.
    warnings: list[Problem] = field(default_factory=list)
    unused: list[tuple[int, str]] = field(default_factory=list)  # (line, text) no field took
    family: str = ""  # the layout that was recognised (reading.FAMILIES, or "yaml"/"json")
    shown: dict[str, Any] | None = None  # the case to show: data when it can be saved, else as read
    # A follow-up of a case already in the library joins that case's timeline instead.
    attach_to: Case | None = None
    reference: Reference | None = None

    @property
    def ok(self) -> bool:
        """True when the case can be saved (or attached) as it is."""
        return self.data is not None and not self.problems

    @property
    def family_name(self) -> str:
        """The layout in words, for the page."""
        if self.family in FAMILIES:
            return str(FAMILIES[self.family])
        return {"yaml": _("YAML case file"), "json": _("JSON case file")}.get(self.family, "")

    @property
    def yaml(self) -> str:
        """The case as a YAML case file, for the curator to correct and preview again."""
        if not self.shown:
            return ""
        return yaml.safe_dump(self.shown, allow_unicode=True, sort_keys=False, width=100)


def read_submission(form: ImportForm) -> tuple[str, str | None, str | None]:
    """The submitted text and file name, or a message when the upload can't be read."""
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        try:
            return _read_upload(upload)
        finally:
            upload.close()  # a large upload is a temporary file: close it now, not at garbage collection
    return (form.source.data or "").replace("\r\n", "\n"), form.filename.data or None, None


def _read_upload(upload: Any) -> tuple[str, str | None, str | None]:
    """An uploaded file's text (a PDF's extracted text) and name, or a message."""
    filename = upload.filename
    if not filename.lower().endswith(UPLOAD_TYPES):
        return "", filename, _("Upload a .pdf, .txt, .yaml or .json file.")
    if filename.lower().endswith(".pdf"):
        return read_pdf(upload.read(MAX_PDF_BYTES + 1), filename)
    raw = upload.read(MAX_SOURCE_BYTES + 1)
    if len(raw) > MAX_SOURCE_BYTES:
        return "", filename, _("The file is larger than %(size)d kB. Split it or shorten it.", size=MAX_SOURCE_BYTES // 1000)
    try:
        return raw.decode("utf-8-sig"), filename, None
    except UnicodeDecodeError:
        return "", filename, _("The file isn't UTF-8 text. Save it as UTF-8 and upload it again.")


def read_pdf(raw: bytes, filename: str) -> tuple[str, str | None, str | None]:
    """The text of an uploaded PDF, named as a .txt so the text reader reads it, or a message."""
    try:
        text = pdf_text(raw)
    except PdfProblem as problem:
        return "", filename, _("%(file)s: %(problem)s", file=filename, problem=problem)
    return text, filename.rsplit(".", 1)[0] + ".txt", None


def read(source: str, filename: str | None) -> Imported:
    """The reader's whole result: case, problems and warnings, unused lines, family (the one place
    that calls the reader)."""
    return read_source(source, filename)


def preview(source: str, filename: str | None, owner: User | None) -> Preview:
    """Read and check; add the library's own checks (same UA, follow-up, passed deadline)."""
    result = read(source, filename)
    seen: dict[str, Any] = {"unused": result.unused, "family": result.family,
                            "warnings": [p for p in result.problems if p.warning]}
    data = result.case
    if data is None:
        return Preview(None, result.blocking, shown=_as_read(result.read), **seen)
    seen["shown"] = data
    reference = find_reference(source, data, result.family)
    original = find_case_by_ua(reference.ua_number, owner) if reference else None
    if original is not None and original.owner_id is None and owner is not None:
        original = None  # a teacher's private import never writes on a public case's timeline (curators do)
    if reference and original is not None:
        problem = attach_problem(original, data, reference)
        if problem:
            return Preview(None, [problem], **seen)
        return Preview(data, [], rate_case(data), attach_to=original, reference=reference, **seen)
    problem = duplicate_problem(data, source, owner)
    if problem:
        return Preview(None, [problem], **seen)
    seen["warnings"] = in_line_order(seen["warnings"] + warnings(data, source))
    return Preview(data, [], rate_case(data), reference=reference, **seen)


def _as_read(case: dict[str, Any] | None) -> dict[str, Any] | None:
    """A case that can't be saved yet, shown only when it is a mapping (a broken YAML file is not)
    whose every character can be shown (a JSON "\\ud800" escape can't be written into a page)."""
    return case if isinstance(case, dict) and case and is_storable_case(case) else None


def duplicate_problem(data: dict[str, Any], source: str | None, owner: User | None,
                      editing: Case | None = None) -> Problem | None:
    """The one "already in the library" rule, for import and edit: any spelling of the same number."""
    existing = find_case_by_ua(data["ua_number"], owner)
    if existing is None or existing is editing:
        return None
    if existing.owner_id is not None:
        message = _("%(ua)s is already in your private cases: %(existing)s “%(title)s”. Open it there instead of "
                    "importing it again.", ua=data["ua_number"], existing=existing.ua_number, title=existing.title)
    else:
        message = _("%(ua)s is already in the library: %(existing)s “%(title)s”. Open it there instead of "
                    "importing it again.", ua=data["ua_number"], existing=existing.ua_number, title=existing.title)
    return Problem(line_of(source, data["ua_number"]), "ua_number", message)


def warnings(data: dict[str, Any], source: str) -> list[Problem]:
    """What the curator should know but that does not stop the import."""
    deadline = data.get("deadline")
    if deadline is not None and deadline < today():
        line = _line_of_date(source, deadline)
        return [Problem(line, "deadline",
                        _("The deadline, %(date)s, has passed. The case can be saved, but the library will list it as "
                          "“%(passed)s”, not “%(action)s”.", date=viewer().date_text(deadline),
                          passed=SHOWN_STATUS_LABELS["deadline_passed"], action=SHOWN_STATUS_LABELS["action"]))]
    return []


def save(result: Preview, *, by: User | None, owner: User | None, published: bool = True) -> tuple[Case, str]:
    """Save an accepted preview: a new case, or a timeline entry on the case it follows up."""
    assert result.ok and result.data is not None
    if result.attach_to is not None and result.reference is not None:
        event = attach(result.attach_to, result.data, result.reference, by)
        values = {"ua": result.attach_to.ua_number, "title": result.attach_to.title}
        if event.kind == "victory":
            return result.attach_to, _("The follow-up was added to the timeline of %(ua)s “%(title)s” as a victory.",
                                       **values)
        if event.kind == "closed":
            return result.attach_to, _("The follow-up was added to the timeline of %(ua)s “%(title)s” as its closing "
                                       "entry.", **values)
        return result.attach_to, _("The follow-up was added to the timeline of %(ua)s “%(title)s” as an update.",
                                   **values)
    case = create_case(result.data, created_by=by, owner=owner, published=published or owner is not None)
    values = {"ua": case.ua_number, "title": case.title}
    if owner:
        return case, _("%(ua)s “%(title)s” was added to your private cases.", **values)
    if case.published:
        return case, _("%(ua)s “%(title)s” was added to the library.", **values)
    return case, _("%(ua)s “%(title)s” was added as a draft (only curators see it).", **values)


def _line_of_date(source: str, when: Any) -> int | None:
    """The first line of ``source`` that writes this date (ISO, "3 September 2020" or "September 3, 2020")."""
    month = MONTHS[when.month - 1]  # case sources are in English, whatever the viewer's date style
    spellings = (when.isoformat(), f"{when.day} {month} {when.year}", f"{month} {when.day}", f"{month[:3]} {when.day}",
                 f"{when.day} {month[:3]}", f"{when.day:02d} {month}")
    for number, line in enumerate(source.splitlines(), start=1):
        folded = " ".join(line.split()).lower()
        if any(s.lower() in folded for s in spellings):
            return number
    return None
