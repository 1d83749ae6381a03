"""The import page's two steps: read what was pasted or uploaded, then preview it.

Nothing is stored between preview and acceptance: the accepted text is parsed again,
so an app server never needs another server's memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..auth.models import User
from .forms import ImportForm
from .parsing import parse
from .rating import Rating, rate_case
from .schema import MAX_SOURCE_BYTES, Problem
from .services import ua_number_taken

UPLOAD_TYPES = (".txt", ".yaml", ".yml", ".json", ".md")


@dataclass
class Preview:
    """What the import would save, or every problem that stops it."""

    data: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    rating: Rating | None = None

    @property
    def ok(self) -> bool:
        """True when the case can be saved as it is."""
        return self.data is not None and not self.problems


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
    data, problems = parse(source, filename)
    if data is None or problems:
        return Preview(None, problems)
    if ua_number_taken(data["ua_number"], owner):
        line = _line_of(source, data["ua_number"])
        return Preview(None, [Problem(line, "ua_number",
                                      f"{data['ua_number']} is already in the library. Open it there instead of importing it again.")])
    return Preview(data, [], rate_case(data))


def _line_of(source: str, needle: str) -> int | None:
    """The first line of ``source`` containing ``needle``."""
    digits = needle.replace("UA", "").strip()
    for number, line in enumerate(source.splitlines(), start=1):
        if digits and digits in line:
            return number
    return None
