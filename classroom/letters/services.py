"""Letter rules: starting, saving without ever losing work, revisions, submitting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Connection, Insert, Select, Update, bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import attributes, contains_eager

from .. import access
from ..assignments.models import Assignment
from ..auth.models import School, SignInSession, User
from ..auth.session import token_is_current
from ..cases.models import Case, Target
from ..cases.readability import summary_for
from ..cases.status import status_accepts_letters
from ..classes.models import Classroom, Enrolment
from ..classes.services import signature_of
from ..clock import utcnow
from ..dates import Local, school_local
from ..extensions import db
from ..i18n import page_locale
from ..printing.fonts import describe, unprintable
from . import languages, states, writing_help
from .kinds import SOCIAL_LIMIT
from .models import PAPER_KINDS, TARGETED_KIND, Letter, LetterRevision
from .safety import Flag, check_letter, printed_width

# How long a draft may grow. A one-page letter holds about 2,100 characters in some 25
# lines (safety.layout); drafts get room to write long and cut, but every text a student
# can save must preview, diff and print in bounded time: the preview of 20,000 characters
# of short lines ran to 143 pages and 20 s. Both limits together keep any draft within
# about five printed pages.
MAX_BODY = 6_000   # characters (Chinese, Japanese, Korean count two): about three pages of prose
MAX_LINES = 100    # line breaks: a printed page holds about 45 lines
HIDES_SURNAME = ("first", "first_last_initial", "initials")


class LetterError(Exception):
    """A letter action that can't happen; the message is shown as it is."""


def format_number(number: int) -> str:
    """A count as the page's language writes it (6,000; 6000)."""
    return format_decimal(number, locale=page_locale())


def too_long(body: str) -> str | None:
    """Why this text is too long to keep as a letter (the save limits), or None."""
    # A wide character takes the room of two on paper (and twice the rendering).
    if len(body) > MAX_BODY // 2 and printed_width(body) > MAX_BODY:
        return _("A letter can be at most %(limit)s characters (Chinese, Japanese and Korean characters count two); "
                 "this one has %(count)s. A letter that fits on one page has about %(page)s.",
                 limit=format_number(MAX_BODY), count=format_number(printed_width(body)), page=format_number(2000))
    if body.count("\n") > MAX_LINES:
        return _("A letter can have at most %(limit)d lines. Try joining some of them into paragraphs.", limit=MAX_LINES)
    return None


def writing_blocked(assignment: Assignment) -> str | None:
    """Why no letter can be started or submitted for this assignment now, or None."""
    return writing_blocked_by(assignment.case.status, assignment.classroom.is_archived)


def writing_blocked_by(case_status: str, class_archived: bool) -> str | None:
    """The rule of ``writing_blocked`` on plain values."""
    if not status_accepts_letters(case_status):
        return _("This case is closed, so it doesn't take new letters. Thank you for caring about it!")
    if class_archived:
        return _("This class is archived, so its letters can't change any more.")
    return None


def find_letter(assignment: Assignment, student: User, kind: str, target_id: int | None) -> Letter | None:
    """The student's letter of this kind (and to this target) for the assignment."""
    query = select(Letter).where(Letter.assignment_id == assignment.id, Letter.student_id == student.id,
                                 Letter.kind == kind)
    query = query.where(Letter.target_id == target_id) if target_id else query.where(Letter.target_id.is_(None))
    return db.session.scalar(query)


def start(assignment: Assignment, student: User, kind: str, target_id: int | None, use_scaffold: bool) -> Letter:
    """Begin a letter (or return the one already begun)."""
    problem = writing_blocked(assignment)
    if problem:
        raise LetterError(problem)
    if not kind:
        raise LetterError(_("Choose what you will write first: pick one of the choices, then press Start writing."))
    if kind not in assignment.letter_kinds:
        raise LetterError(_("Your teacher didn't ask for this kind of letter."))
    target = None
    if kind == TARGETED_KIND:
        target = next((t for t in assignment.allowed_targets if t.id == target_id), None)
        if target is None:
            raise LetterError(_("Choose one of the officials your teacher listed."))
    existing = find_letter(assignment, student, kind, target.id if target else None)
    if existing:
        return existing
    body = writing_help.as_text(writing_help.sentences(assignment, student, kind)) if use_scaffold else ""
    letter = Letter(assignment_id=assignment.id, student_id=student.id, kind=kind,
                    target_id=target.id if target else None, body=body, version=1,
                    language=starting_language(assignment))
    try:
        # Two "Start" clicks at once both find no letter; the database's unique keys let one in.
        with db.session.begin_nested():
            db.session.add(letter)
            db.session.flush()
            db.session.add(LetterRevision(letter_id=letter.id, version=1, body=body, reason="start"))
            db.session.flush()
    except IntegrityError:
        existing = find_letter(assignment, student, kind, target.id if target else None)
        if existing is None:
            raise
        return existing
    return letter


def starting_language(assignment: Assignment) -> str:
    """A new letter's language: the class's (classes have none yet), else the school's, else English."""
    return languages.default_language(assignment.classroom.school.locale,
                                      getattr(assignment.classroom, "language", None))


def language_choices(letter: Letter) -> list[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    """The editor's language list: the official's languages first, then the class's, then the rest."""
    official = languages.official_languages(letter.target.language if letter.target else None)
    return languages.choices(official, starting_language(letter.assignment))


def set_language(letter: Letter, language: str) -> None:
    """Write the letter in another language (only while the student may change it)."""
    if letter.state not in states.EDITABLE_STATES:
        raise LetterError(_not_editable(letter))
    if writing_blocked(letter.assignment):
        raise LetterError(writing_blocked(letter.assignment))  # type: ignore[arg-type]
    if not languages.is_known(language) or languages.primary(language) != language:
        raise LetterError(_("Choose one of the languages in the list."))
    if letter.language != language:
        letter.language = language
        letter.updated_at = utcnow()
    db.session.flush()


@dataclass(frozen=True)
class _Statements:
    """The statements of autosave, the busiest request, built once (their cache keys with them)."""

    load: Select[tuple[Letter, Enrolment]]  # the letter and all the full path's checks read
    quick: Select[Any]  # the same facts as plain columns, with the signed-in user's (see quick_autosave)
    write: Update  # the new text, only onto the version it was based on and only while editable
    add_revision: Insert


@cache
def _statements() -> _Statements:
    """Build the autosave statements."""
    load = (select(Letter, Enrolment).join(Letter.assignment)
            .outerjoin(Enrolment, (Enrolment.class_id == Assignment.class_id)
                       & (Enrolment.student_id == bindparam("student_id")))
            .options(contains_eager(Letter.assignment).joinedload(Assignment.classroom),
                     contains_eager(Letter.assignment).joinedload(Assignment.case))
            .where(Letter.id == bindparam("letter_id")))
    quick = (select(User.role, User.session_token, SignInSession.key.label("open_sign_in"), Letter.student_id,
                    Letter.version, Letter.body,
                    Enrolment.status.label("enrolment_status"), Classroom.archived_at, Case.status.label("case_status"),
                    School.time_zone, School.locale)
             .select_from(Letter)
             .join(Assignment, Assignment.id == Letter.assignment_id)
             .join(Classroom, Classroom.id == Assignment.class_id)
             .join(Case, Case.id == Assignment.case_id)
             .join(User, User.id == bindparam("student_id"))
             .outerjoin(Enrolment, (Enrolment.class_id == Assignment.class_id) & (Enrolment.student_id == User.id))
             .outerjoin(School, School.id == User.school_id)
             .outerjoin(SignInSession, (SignInSession.user_id == User.id)
                        & (SignInSession.key == bindparam("sign_in_key")))
             .where(Letter.id == bindparam("letter_id")))
    letters = Letter.__table__
    # The states as plain equalities: an IN list would be rewritten into the SQL on every execution.
    editable = or_(*(letters.c.state == state for state in states.EDITABLE_STATES))
    write = (update(letters)
             .where(letters.c.id == bindparam("letter_id"), letters.c.version == bindparam("base_version"), editable)
             .values(body=bindparam("new_body"), version=letters.c.version + 1, updated_at=bindparam("now")))
    return _Statements(load, quick, write, LetterRevision.__table__.insert())


def load_for_saving(letter_id: int, student_id: int) -> tuple[Letter | None, Enrolment | None]:
    """The letter with its assignment, class and case, and the student's enrolment, in one query.

    With these loaded, the access check and ``save`` ask the database nothing more before
    writing. Nothing is decided here; keep the enrolment referenced while checking access
    (the session finds it only while someone holds it).
    """
    row = db.session.execute(_statements().load, {"letter_id": letter_id, "student_id": student_id}).first()
    return (row[0], row[1]) if row else (None, None)


@dataclass(frozen=True)
class SaveResult:
    """An accepted save (new version) or a conflict with what the server has."""

    saved: bool
    version: int
    body: str
    saved_at: datetime | None = None  # naive UTC, as stored
    # How the author reads times, when the save looked it up (the quick path loads no user).
    reader: Local | None = None


def _not_editable(letter: Letter) -> str:
    """Why the student can't change the letter in its state."""
    if letter.is_locked:
        return _("This letter can't be changed now.")
    return _("This letter is waiting for your teacher. Take it back first to change it.")


def save(letter: Letter, body: str, base_version: int, reason: str = "save") -> SaveResult:
    """Save if the text was based on the latest version; otherwise report the conflict.

    The version check happens in the UPDATE itself, so two app servers (or two tabs)
    can never both win: the second is told about the first.
    """
    if letter.state not in states.EDITABLE_STATES:
        raise LetterError(_not_editable(letter))
    if writing_blocked(letter.assignment):
        raise LetterError(writing_blocked(letter.assignment))  # type: ignore[arg-type]
    body = body.replace("\r\n", "\n")
    problem = too_long(body)
    if problem:
        raise LetterError(problem)
    if body == letter.body:
        # Already the saved text (on any base: the answer to an earlier save of it may have been
        # lost on the way back to the browser): nothing to write, and nothing to choose between.
        return SaveResult(True, letter.version, letter.body, letter.updated_at)
    now = _write(db.session.connection(), letter.id, base_version, body, reason)
    if now is None:
        # Nothing was written; re-read what the other request left (the caller's other work stays).
        fresh = db.session.get(Letter, letter.id, populate_existing=True)
        assert fresh is not None
        if fresh.state not in states.EDITABLE_STATES:
            raise LetterError(_not_editable(fresh))
        if fresh.body == body:
            return SaveResult(True, fresh.version, fresh.body, fresh.updated_at)
        return SaveResult(False, fresh.version, fresh.body)
    # The row now holds exactly what the UPDATE wrote: no need to read it back.
    for name, value in (("body", body), ("version", base_version + 1), ("updated_at", now)):
        attributes.set_committed_value(letter, name, value)
    return SaveResult(True, letter.version, letter.body, now)


def _write(connection: Connection, letter_id: int, base_version: int, body: str, reason: str) -> datetime | None:
    """Write the text as the next version and keep it as a revision; None (nothing written) when
    the letter is no longer at ``base_version`` or no longer editable."""
    now = utcnow()
    statements = _statements()
    # The state is checked again in the UPDATE: a letter sent to the teacher by another request
    # after this one read it must not change under the teacher's eyes.
    result = connection.execute(statements.write, {"letter_id": letter_id, "base_version": base_version,
                                                   "new_body": body, "now": now})
    if result.rowcount != 1:
        return None
    connection.execute(statements.add_revision, {"letter_id": letter_id, "version": base_version + 1, "body": body,
                                                 "reason": reason, "created_at": now})
    return now


def quick_autosave(connection: Connection, identity: tuple[int, str, str], letter_id: int, body: str,
                   base_version: int) -> SaveResult | None:
    """The everyday autosave in one read and one write: a saved result, or None for anything else.

    Autosave is the busiest request (a class typing at once), and loading the signed-in user
    and the letter through the ORM costs more than the save itself. This reads the facts as
    one row and applies the same rules the full path applies: the session token
    (``auth.session.token_is_current``) and the open sign-in (``auth.session.load_user``: signing
    out ends it), the author rule (``access.writes_letter``),
    ``writing_blocked_by``, ``too_long``, and the version and state inside the UPDATE.
    Anything not plainly allowed (a conflict, a refusal, an unchanged text, someone else)
    answers None, having written nothing: the caller then takes the full path, which
    explains the outcome. The caller commits ``connection``.
    """
    user_id, token, sign_in_key = identity
    row = connection.execute(_statements().quick, {"letter_id": letter_id, "student_id": user_id,
                                                   "sign_in_key": sign_in_key}).first()
    body = body.replace("\r\n", "\n")
    if (row is None or row.open_sign_in is None or not token_is_current(row.session_token, token)
            or not access.writes_letter(row.role, user_id, row.student_id, row.enrolment_status)
            or writing_blocked_by(row.case_status, row.archived_at is not None)
            or too_long(body) or (body == row.body and base_version == row.version)):
        return None
    now = _write(connection, letter_id, base_version, body, "autosave")
    return SaveResult(True, base_version + 1, body, now, school_local(row.time_zone, row.locale)) if now else None


def restore(letter: Letter, version: int) -> SaveResult:
    """Make an earlier revision the current text (as a new revision)."""
    old = db.session.scalar(select(LetterRevision).where(LetterRevision.letter_id == letter.id,
                                                         LetterRevision.version == version))
    if old is None:
        raise LetterError(_("That version doesn't exist."))
    before = letter.version
    result = save(letter, old.body, before, reason="restore")
    if result.version == before:
        return result  # the text is already the current one: no new revision to label
    revision = db.session.scalar(select(LetterRevision).where(LetterRevision.letter_id == letter.id,
                                                              LetterRevision.version == result.version))
    if revision is not None:
        revision.restored_from = version
    return result


def hidden_surnames(letter: Letter) -> list[str]:
    """The student's family name (each of its words: García López) when the class's signature rule keeps it off the letter."""
    rule = letter.assignment.classroom.signature_rule
    return letter.student.last_name.split() if rule in HIDES_SURNAME else []


def safety_check(letter: Letter) -> list[Flag]:
    """The child-safety checks for the letter's current text (a post's limit is SOCIAL_LIMIT characters)."""
    page_kind = letter.kind if letter.kind in PAPER_KINDS else "appeal"
    flags = check_letter(letter.body, hidden_surnames=hidden_surnames(letter), kind=page_kind,
                         page_size=letter.assignment.classroom.school.page_size)
    if letter.kind in PAPER_KINDS:
        flags += print_flags(letter.body)
    if letter.kind == "social":
        flags = [f for f in flags if f.kind != "length"]
        if len(letter.body) > SOCIAL_LIMIT:
            flags.append(Flag("length", _("A post can have at most %(limit)d characters; this one has %(count)d. "
                                          "Cut %(cut)d.", limit=SOCIAL_LIMIT, count=len(letter.body),
                                          cut=len(letter.body) - SOCIAL_LIMIT), (), ()))
    return flags


def unprintable_message(chars: list[str]) -> str:
    """What the student and teacher are told about characters no installed font can draw."""
    return ngettext("This character will not print: %(chars)s. No font on the printing computer has it, so it "
                    "would come out as an empty box. Take it out or write it another way.",
                    "These characters will not print: %(chars)s. No font on the printing computer has them, so "
                    "they would come out as an empty box. Take them out or write them another way.",
                    len(chars), chars=describe(chars))


def print_flags(body: str) -> list[Flag]:
    """A flag naming the characters of a paper letter that would print as boxes, if any."""
    chars = unprintable(body)
    return [Flag("unprintable", unprintable_message(chars), tuple(chars), ())] if chars else []


def flags_as_data(flags: list[Flag]) -> list[dict[str, Any]]:
    """Flags in the form kept on the letter (for the teacher's review)."""
    return [{"kind": f.kind, "message": f.message, "matches": list(f.matches),
             "spans": [list(span) for span in f.spans]} for f in flags]


def submit(letter: Letter, student: User) -> None:
    """Send the letter to the teacher, keeping the safety flags found in it."""
    problem = writing_blocked(letter.assignment)
    if problem:
        raise LetterError(problem)
    if not letter.body.strip():
        raise LetterError(_("Write your letter before sending it to your teacher."))
    problem = too_long(letter.body)  # a draft saved before the limits were lowered
    if problem:
        raise LetterError(problem)
    letter.safety_flags = flags_as_data(safety_check(letter))
    states.apply(letter, "submit", "student", student.id)
    db.session.flush()


def unsubmit(letter: Letter, student: User) -> None:
    """Take a letter back before the teacher starts reading it."""
    states.apply(letter, "unsubmit", "student", student.id)
    db.session.flush()


def sign_as(letter: Letter) -> str:
    """How this letter is signed, by the class's rule."""
    return signature_of(letter.student, letter.assignment.classroom.signature_rule)
