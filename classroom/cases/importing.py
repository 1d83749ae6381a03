"""The import page's two steps: read what was pasted or uploaded, then preview it.

Nothing is stored between preview and acceptance: the accepted text is parsed again,
so an app server never needs another server's memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..auth.models import User
from .forms import ImportForm
from .parsing import read_source
from .rating import Rating, rate_case
from .reading import FAMILIES
from .schema import MAX_SOURCE_BYTES, Problem, is_storable_case
from .services import ua_number_taken

UPLOAD_TYPES = (".txt", ".yaml", ".yml", ".json", ".md")


@dataclass
class Preview:
    """What the import would save (or, while something stops it, what was read), and why."""

    data: dict[str, Any] | None  # the normalised case, as it will be saved; None while a problem remains
    problems: list[Problem] = field(default_factory=list)  # what stops the import, each with its line
    rating: Rating | None = None
    warnings: list[Problem] = field(default_factory=list)  # where the reader was unsure; they don't stop it
    unused: list[tuple[int, str]] = field(default_factory=list)  # (line, text) no field took
    family: str = ""  # the layout that was recognised (reading.FAMILIES, or "yaml"/"json")
    shown: dict[str, Any] | None = None  # the case to show: data when it can be saved, else as read

    @property
    def ok(self) -> bool:
        """True when the case can be saved as it is."""
        return self.data is not None and not self.problems

    @property
    def family_name(self) -> str:
        """The layout in words, for the page."""
        return FAMILIES.get(self.family, {"yaml": "YAML case file", "json": "JSON case file"}.get(self.family, ""))

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
        filename = upload.filename
        if not filename.lower().endswith(UPLOAD_TYPES):
            return "", filename, "Upload a .txt, .yaml or .json file."
        raw = upload.read(MAX_SOURCE_BYTES + 1)
        if len(raw) > MAX_SOURCE_BYTES:
            return "", filename, f"The file is larger than {MAX_SOURCE_BYTES // 1000} kB. Split it or shorten it."
        try:
            return raw.decode("utf-8-sig"), filename, None
        except UnicodeDecodeError:
            return "", filename, "The file isn't UTF-8 text. Save it as UTF-8 and upload it again."
    return (form.source.data or "").replace("\r\n", "\n"), form.filename.data or None, None


def preview(source: str, filename: str | None, owner: User | None) -> Preview:
    """Parse and validate; add the library's own checks (duplicate UA number)."""
    result = read_source(source, filename)
    warnings = [p for p in result.problems if p.warning]
    common = {"warnings": warnings, "unused": result.unused, "family": result.family}
    data = result.case
    if data is None:
        return Preview(None, result.blocking, shown=_as_read(result.read), **common)
    if ua_number_taken(data["ua_number"], owner):
        line = _line_of(source, data["ua_number"])
        return Preview(None, [Problem(line, "ua_number",
                                      f"{data['ua_number']} is already in the library. Open it there instead of importing it again.")],
                       shown=data, **common)
    return Preview(data, [], rate_case(data), shown=data, **common)


def _as_read(case: dict[str, Any] | None) -> dict[str, Any] | None:
    """A case that can't be saved yet, shown only when it is a mapping (a broken YAML file is not)
    whose every character can be shown (a JSON "\\ud800" escape can't be written into a page)."""
    return case if isinstance(case, dict) and case and is_storable_case(case) else None


def _line_of(source: str, needle: str) -> int | None:
    """The first line of ``source`` containing ``needle``."""
    digits = needle.replace("UA", "").strip()
    for number, line in enumerate(source.splitlines(), start=1):
        if digits and digits in line:
            return number
    return None
