"""OneRoster 1.1 CSV bundles: the zip a district system (or Clever, ClassLink) exports, with
``users.csv``, ``enrollments.csv`` and ``classes.csv`` (and more files this reader leaves alone).

The teacher picks one class of the bundle; only its students come out (``role`` student in
``users.csv`` and in ``enrollments.csv``, neither marked ``tobedeleted``), as given and family
names, nothing else (usernames there are district logins or emails, which children here don't use).

A zip is opened only within bounds: a few dozen members, each and all together a few
megabytes uncompressed, no member that expands more than 200-fold (a zip bomb), rows capped.
"""
from __future__ import annotations

from babel.lists import format_list
from babel.numbers import format_decimal
from flask_babel import gettext as _, lazy_gettext as _l

from ...i18n import page_locale

import csv
import io
import zipfile
from dataclasses import dataclass, field

SOURCE = "OneRoster 1.1 CSV zip"
MAX_UPLOAD_BYTES = 2_000_000  # a school's export, zipped; a district's is refused
NEEDED = ("users.csv", "enrollments.csv", "classes.csv")
MAX_MEMBERS = 40
MAX_MEMBER_BYTES = 8_000_000
MAX_TOTAL_BYTES = 20_000_000
MAX_RATIO = 200
MAX_ROWS = 100_000
MAX_CLASSES = 200
UNREADABLE = _l("This zip can't be opened. Export the OneRoster files again and upload the zip as it comes.")


@dataclass
class Bundle:
    """The classes of a OneRoster bundle, each with its students (given, family), or why not."""

    classes: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # id, title, students
    problem: str | None = None


def is_oneroster(raw: bytes) -> bool:
    """Whether the bytes are a zip holding a ``users.csv`` (an .xlsx holds none)."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return any(_base(name) == "users.csv" for name in archive.namelist()[:MAX_MEMBERS * 10])
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower()


def _rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[dict[str, str]]:
    """One CSV member as dictionaries keyed by its (case-insensitive) headings."""
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise ValueError(_("%(file)s is larger than %(size)d MB.", file=_base(info.filename),
                           size=MAX_MEMBER_BYTES // 1_000_000))
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    rows: list[dict[str, str]] = []
    for cells in reader:
        if len(rows) >= MAX_ROWS:
            raise ValueError(_("%(file)s has more than %(most)s rows.", file=_base(info.filename),
                               most=format_decimal(MAX_ROWS, locale=page_locale())))
        rows.append(dict(zip(header, (cell.strip() for cell in cells))))
    return rows


def _live(row: dict[str, str]) -> bool:
    return row.get("status", "").lower() != "tobedeleted"


def read_bundle(raw: bytes) -> Bundle:
    """Every class of the bundle with its students, or a plain reason it can't be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                return Bundle(problem=_("The zip has %(count)d files; a OneRoster export has about a dozen.", count=len(infos)))
            if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
                return Bundle(problem=_("The zip unpacks to more than 20 MB: export only your school, not the district."))
            if any(info.file_size > MAX_RATIO * max(info.compress_size, 1) for info in infos):
                return Bundle(problem=_("The zip can't be used: a file in it expands far more than a class list can."))
            if any(info.flag_bits & 0x1 for info in infos):
                return Bundle(problem=_("The zip is password-protected. Export it again without a password."))
            files = {_base(info.filename): info for info in infos if not info.is_dir()}
            missing = [name for name in NEEDED if name not in files]
            if missing:
                return Bundle(problem=_("The zip has no %(files)s. A OneRoster export has "
                                        "users.csv, enrollments.csv and classes.csv: export all three.",
                                        files=format_list(missing, style="or", locale=page_locale())))
            users, enrollments, classes = (_rows(archive, files[name]) for name in NEEDED)
    except ValueError as error:
        return Bundle(problem=_("The zip can't be used: %(error)s Export only your school or your class.", error=error))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return Bundle(problem=str(UNREADABLE))
    if not users or "sourcedid" not in users[0] or "givenname" not in users[0]:
        return Bundle(problem=_("users.csv has no sourcedId and givenName columns: is it a OneRoster 1.1 export?"))
    students = {u["sourcedid"]: (u.get("givenname", ""), u.get("familyname", "")) for u in users
                if u.get("role", "").lower() == "student" and _live(u) and u.get("sourcedid")}
    members: dict[str, list[str]] = {}
    for enrollment in enrollments:
        if enrollment.get("role", "").lower() == "student" and _live(enrollment) \
                and enrollment.get("usersourcedid") in students:
            members.setdefault(enrollment.get("classsourcedid", ""), []).append(enrollment["usersourcedid"])
    bundle = Bundle()
    for row in classes:
        class_id = row.get("sourcedid", "")
        if _live(row) and class_id in members:
            unique = list(dict.fromkeys(members[class_id]))
            bundle.classes.append((class_id, row.get("title", "") or class_id, [students[s] for s in unique]))
    if not bundle.classes:
        bundle.problem = _("No class in the zip has students enrolled. Check that the export includes enrollments.")
    elif len(bundle.classes) > MAX_CLASSES:
        bundle.problem = _("The zip has %(count)d classes. Export only your school or your classes.", count=len(bundle.classes))
    bundle.classes.sort(key=lambda entry: entry[1].casefold())
    return bundle


def class_text(students: list[tuple[str, str]]) -> str:
    """A class's students as the tab-separated text the rest of the roster steps read."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["Given name", "Family name"])
    writer.writerows(students)
    return out.getvalue()
