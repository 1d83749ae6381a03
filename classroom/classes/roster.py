"""Class lists: a file read as a table, its columns mapped, every row checked, and only then
accounts created. Readers of the formats are in ``roster_formats``; column guesses in ``roster_columns``."""
from __future__ import annotations

from flask_babel import gettext as _

from dataclasses import dataclass, field

from ..auth import names, services as accounts
from ..auth.passwords import password_problems
from ..inputs import is_single_line
from . import roster_columns as columns
from .services import shows_family_initial
from .roster_formats import Table, read_text

MAX_ROWS = 200  # students created at once: a class, not a school
MAX_NAME = 120
SHOWN_ROWS = 5  # rows of the file shown under the column choices


@dataclass
class RosterRow:
    """One student the file would make, with the problems of their row."""

    line: int
    name: str  # in full, in the written order
    username: str
    password: str = ""
    problems: list[str] = field(default_factory=list)
    given: str = ""
    family: str = ""
    family_first: bool = False


@dataclass
class RosterPreview:
    """What accepting the file would create with these column choices, or why it can't be used."""

    rows: list[RosterRow] = field(default_factory=list)
    file_problem: str | None = None
    mapping_problem: str | None = None
    table: Table | None = None
    header: bool = False
    roles: list[str] = field(default_factory=list)
    order: str = "given_first"  # how the list writes full names (auth.names.NAME_ORDERS)

    @property
    def bad_rows(self) -> list[RosterRow]:
        """Rows that need fixing."""
        return [row for row in self.rows if row.problems]

    @property
    def ok(self) -> bool:
        """True when the choices make sense, every row is good and there is at least one."""
        return (self.file_problem is None and self.mapping_problem is None and bool(self.rows)
                and not self.bad_rows)

    @property
    def sample(self) -> list[tuple[int, list[str]]]:
        """The first rows of the file (after the headings), padded to the table's width."""
        if self.table is None:
            return []
        start = 1 if self.header else 0
        width = self.table.width
        return [(line, cells + [""] * (width - len(cells)))
                for line, cells in self.table.rows[start:start + SHOWN_ROWS]]

    @property
    def headings(self) -> list[str]:
        """The first row's cells when it holds headings, else nothing per column."""
        if self.table is None or not self.header:
            return [""] * (self.table.width if self.table else 0)
        cells = self.table.rows[0][1]
        return cells + [""] * (self.table.width - len(cells))

    @property
    def has_passwords(self) -> bool:
        """Whether a column gives passwords (else every student gets a generated one)."""
        return "password" in self.roles


def preview(table: Table | str, roles: list[str] | None = None, header: bool | None = None,
            rule: str = "first_last_initial", order: str | None = None) -> RosterPreview:
    """Check a table with the teacher's column choices (guessed where not given).

    ``rule`` is the class's signature rule: a username never shows more of the family name.
    ``order`` says whether the list's names are written family name first (guessed from the script).
    """
    if isinstance(table, str):
        table = read_text(table)
    if table.problem is not None:
        return RosterPreview(file_problem=table.problem)
    if header is None:
        header = columns.has_headings(table)
    if roles is None or len(roles) != table.width or any(role not in columns.ROLES for role in roles):
        roles = columns.guess(table, header)
    body = table.rows[1:] if header else table.rows
    if order not in names.NAME_ORDERS:
        order = _guess_order(body, roles)
    result = RosterPreview(table=table, header=header, roles=roles, order=order)
    if not body:
        result.file_problem = _("The file has no students in it.")
        return result
    if len(body) > MAX_ROWS:
        result.file_problem = _("The file has %(count)d students; a class list can have at most %(most)d. "
                                "Split it into classes.", count=len(body), most=MAX_ROWS)
        return result
    result.mapping_problem = columns.mapping_problem(roles)
    if result.mapping_problem is None:
        _check_rows(result, body, rule)
    return result


def _cell(cells: list[str], roles: list[str], role: str) -> str:
    """The row's cell in the column with this role, or empty."""
    index = roles.index(role) if role in roles else -1
    return cells[index] if 0 <= index < len(cells) else ""


def _guess_order(body: list[tuple[int, list[str]]], roles: list[str]) -> str:
    """Family name first when most names are in a script written that way (王 小明), else given first."""
    column = "full" if "full" in roles else "given" if "given" in roles else "family_given"
    cells = [_cell(cells, roles, column) for _, cells in body[:50]]
    cells = [cell for cell in cells if cell]
    family_first = cells and sum(names.looks_family_first(cell) for cell in cells) * 2 > len(cells)
    return "family_first" if family_first else "given_first"


def _names(cells: list[str], roles: list[str], family_first: bool) -> tuple[str, str, str | None]:
    """Given and family names of a row, or a problem with its name cells."""
    if "full" in roles:
        given, family = names.split(_cell(cells, roles, "full"), family_first)
        return given, family, None
    if "family_given" in roles:
        value = _cell(cells, roles, "family_given")
        if value and "," not in value:
            return "", "", _("“%(value)s” has no comma: write it as Family, Given (for example Nowak, Łukasz).", value=value)
        family, _comma, given = value.partition(",")
        return given.strip(), family.strip(), None
    return _cell(cells, roles, "given"), _cell(cells, roles, "family"), None


def _check_rows(result: RosterPreview, body: list[tuple[int, list[str]]], rule: str) -> None:
    """Every row's name, username and password, then a free username for everyone."""
    roles = result.roles
    used = [i for i, role in enumerate(roles) if role != "ignore"]
    seen: dict[str, int] = {}
    wanted: list[tuple[RosterRow, str, str]] = []
    family_first = result.order == "family_first"
    for line, cells in body:
        given, family, problem = _names(cells, roles, family_first)
        name = names.written(given, family, family_first)
        row = RosterRow(line, name, _cell(cells, roles, "username").lower(), _cell(cells, roles, "password"),
                        given=given.strip(), family=family.strip(), family_first=family_first)
        values = [cells[i] for i in used if i < len(cells)]
        if any("\n" in value or "\r" in value for value in values):
            row.problems.append(_("This row runs on over several lines: a closing quote mark (\") is missing."))
        elif not all(is_single_line(value) for value in values):
            row.problems.append(_("The row contains invisible control characters; retype it."))
        if problem:
            row.problems.append(problem)
        elif not given and family:
            row.problems.append(_("The given name is missing."))
        elif not name:
            row.problems.append(_("The name is missing."))
        elif len(name) > MAX_NAME:
            row.problems.append(_("The name is longer than %(most)d characters.", most=MAX_NAME))
        if row.username:
            username_problem = accounts.username_format_problem(row.username)
            if username_problem:
                row.problems.append(username_problem)
            if row.username in seen:
                row.problems.append(_("The username %(username)s is also on line %(line)d.", username=row.username,
                                       line=seen[row.username]))
            seen.setdefault(row.username, line)
        if row.password:
            row.problems += password_problems(row.password, (name, row.username))
        result.rows.append(row)
        wanted.append((row, given, family))
    planned: set[str] = set()
    for row, given, family in wanted:
        if row.name and not row.username:
            base = accounts.username_base(given, family, shows_family_initial(rule))
            row.username = accounts.free_username(base, taken=planned | set(seen))
        elif row.username and not row.problems:
            # Taken (here or in any school): a free variant, silently, so the preview never
            # tells a teacher which usernames other schools' children have.
            row.username = accounts.free_username(row.username, taken=planned | (set(seen) - {row.username}))
        planned.add(row.username)
