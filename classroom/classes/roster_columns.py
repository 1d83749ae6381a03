"""Which column of a class list holds what: guessed from its heading (data/roster_headers.yaml)
or, without headings, from what the cells look like; the teacher confirms or changes each guess."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

import re
from functools import cache
from pathlib import Path

import yaml
from anyascii import anyascii

from .roster_formats import Table

# Every choice a column can have, in the order the select offers them.
ROLES = {
    "given": _l("Given name (first name)"),
    "family": _l("Family name (surname)"),
    "full": _l("Full name"),
    "family_given": _l("“Family, Given”"),
    "username": _l("Username"),
    "password": _l("Password"),
    "ignore": _l("Ignore this column"),
}
NAME_ROLES = ("given", "full", "family_given")
HEADINGS_FILE = Path(__file__).resolve().parents[1] / "data" / "roster_headers.yaml"
NAME_LIKE = re.compile(r"^[^\W\d_][^\d_]*$")  # letters first, no digits: names, also O'Connor and Nowak, Ł.


def heading_key(text: str) -> str:
    """A heading as matched: ASCII, lower case, words separated by single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))


@cache
def headings() -> dict[str, str]:
    """Known heading (as ``heading_key``) → role, from the data file."""
    data = yaml.safe_load(HEADINGS_FILE.read_text(encoding="utf-8"))
    return {heading_key(wording): role for role, wordings in data.items() if role in ROLES
            for wording in wordings}


def heading_role(text: str) -> str | None:
    """The role a heading names: a known wording, or one that ends with it ("Pupil Forename",
    "Legal Surname"), the longest such ending winning; None when it names none."""
    words = heading_key(text).split()
    for start in range(len(words)):
        role = headings().get(" ".join(words[start:]))
        if role:
            return role
    return None


def has_headings(table: Table) -> bool:
    """Whether the first row names columns (one known heading is enough)."""
    return bool(table.rows) and any(heading_role(cell) for cell in table.rows[0][1])


def _column(table: Table, index: int, header: bool) -> list[str]:
    """The non-empty cells of one column, without the heading."""
    rows = table.rows[1:] if header else table.rows
    return [cells[index] for _, cells in rows if index < len(cells) and cells[index]]


def _content_role(cells: list[str]) -> str:
    """What a column without a known heading seems to hold: names of some shape, usernames, or other."""
    if not cells:
        return "ignore"
    # Names are written with capitals; usernames in lower case, without spaces, often with dots or digits.
    if all(cell == cell.lower() and not any(c.isspace() for c in cell) for cell in cells):
        if any(re.search(r"[._0-9@]", cell) for cell in cells):
            return "username"
        return "username?"  # a username after a name column, else a lower-case name
    share = len([cell for cell in cells if NAME_LIKE.match(cell)]) / len(cells)
    if share >= 0.8:
        if sum("," in cell for cell in cells) >= 0.8 * len(cells):
            return "family_given"
        if sum(len(cell.split()) > 1 for cell in cells) >= 0.5 * len(cells):
            return "full"
        return "given"  # one word: the first such column is the given name, a second the family name
    return "ignore"


def guess(table: Table, header: bool) -> list[str]:
    """A role for every column: the heading's when known, else one read from the cells."""
    width = table.width
    roles = ["ignore"] * width
    if header:
        for index, cell in enumerate(table.rows[0][1]):
            roles[index] = heading_role(cell) or "?"
    for index in range(width):
        if roles[index] != "?" and header:
            continue
        role = _content_role(_column(table, index, header))
        if role == "username?":
            role = "username" if _named(roles) else "given"
        if role == "given" and "given" in roles:
            role = "family" if "family" not in roles and not _named(roles) - {"given"} else "ignore"
        elif (role in NAME_ROLES and _named(roles)) or (role == "username" and "username" in roles):
            role = "ignore"
        roles[index] = role
    return roles


def _named(roles: list[str]) -> set[str]:
    """The name roles already given to some column."""
    return {role for role in roles if role in NAME_ROLES}


def mapping_problem(roles: list[str]) -> str | None:
    """Why these choices can't make students, or None."""
    for role in ROLES:
        if role != "ignore" and roles.count(role) > 1:
            return _("Two columns are marked “%(role)s”. Choose one of them, and “Ignore” for the other.", role=ROLES[role])
    named = _named(roles)
    if "family" in roles and "given" not in roles and not named:
        return "A family name needs a given name: mark the column with the given names."
    if not named:
        return _("No column is marked as a name. Choose the column with the students' names (or given names).")
    if len(named) > 1:
        return _("Names come from more than one kind of column. Use a full name, “Family, Given”, or given and family names.")
    if "family" in roles and "given" not in roles:
        return "A family name goes with given names only: mark the full-name column “Ignore” or the family names “Ignore”."
    return None
