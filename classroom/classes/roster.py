"""Roster CSV files: read, check every row, and only then create accounts."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..auth import services as accounts
from ..inputs import is_single_line

MAX_ROWS = 200
MAX_BYTES = 100_000


@dataclass
class RosterRow:
    """One row of the file, with its problems."""

    line: int
    name: str
    username: str
    problems: list[str] = field(default_factory=list)


@dataclass
class RosterPreview:
    """What accepting the file would create, or why the file can't be used."""

    rows: list[RosterRow] = field(default_factory=list)
    file_problem: str | None = None

    @property
    def bad_rows(self) -> list[RosterRow]:
        """Rows that need fixing."""
        return [row for row in self.rows if row.problems]

    @property
    def ok(self) -> bool:
        """True when every row is good and there is at least one."""
        return self.file_problem is None and bool(self.rows) and not self.bad_rows


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """Text of an uploaded file, or a message saying why it can't be read."""
    if not raw.strip():
        return None, "The file is empty."
    if len(raw) > MAX_BYTES:
        return None, f"The file is larger than {MAX_BYTES // 1000} kB. A class list is much smaller: check it's the right file."
    if b"\x00" in raw[:4096]:
        return None, "This isn't a CSV text file. Save the list as CSV (comma-separated values) and upload that."
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, ("The file isn't in UTF-8, so names with accents would come out wrong. "
                      "In Excel choose “CSV UTF-8”; in Google Sheets download as CSV.")


def delimiter(text: str) -> str:
    """A comma, unless the first line separates with semicolons or tabs (Excel does in many countries)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def preview(text: str) -> RosterPreview:
    """Check every row: a name is required; a username, if given, must be valid (a taken one
    becomes a free variant: see ``auth.services.free_username``)."""
    result = RosterPreview()
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter(text)))
    except csv.Error as error:
        result.file_problem = f"The file can't be read as CSV ({error})."
        return result
    rows_with_lines = [(n, row) for n, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if rows_with_lines and [c.strip().lower() for c in rows_with_lines[0][1][:2]][:1] == ["name"]:
        header = [c.strip().lower() for c in rows_with_lines[0][1]]
        if any(h and h not in ("name", "username") for h in header):
            result.file_problem = "Use the columns name and username (optional). Other columns aren't needed: we keep as little about students as we can."
            return result
        rows_with_lines = rows_with_lines[1:]
    if not rows_with_lines:
        result.file_problem = "The file has no students in it."
        return result
    if len(rows_with_lines) > MAX_ROWS:
        result.file_problem = f"The file has {len(rows_with_lines)} students; a class list can have at most {MAX_ROWS}. Split it into classes."
        return result
    seen: dict[str, int] = {}
    planned: set[str] = set()
    for line, cells in rows_with_lines:
        name = cells[0].strip() if cells else ""
        username = cells[1].strip().lower() if len(cells) > 1 else ""
        row = RosterRow(line, name, username)
        if len(cells) > 2 and any(c.strip() for c in cells[2:]):
            row.problems.append("Only two columns are used: name and username.")
        if "\n" in name or "\r" in name:
            row.problems.append("This row runs on over several lines: a closing quote mark (\") is missing.")
        elif not is_single_line(name):
            row.problems.append("The name contains invisible control characters; retype it.")
        if not name:
            row.problems.append("The name is missing.")
        elif len(name) > 120:
            row.problems.append("The name is longer than 120 characters.")
        if username:
            problem = accounts.username_format_problem(username)
            if problem:
                row.problems.append(problem)
            if username in seen:
                row.problems.append(f"The username {username} is also on line {seen[username]}.")
            seen.setdefault(username, line)
        result.rows.append(row)
    for row in result.rows:
        if row.name and not row.username:
            row.username = accounts.suggest_username(row.name, taken=planned | set(seen))
        elif row.username and not row.problems:
            # Taken (here or in any school): a free variant, silently, so the preview never
            # tells a teacher which usernames other schools' children have.
            row.username = accounts.free_username(row.username, taken=planned | (set(seen) - {row.username}))
        planned.add(row.username)
    return result
