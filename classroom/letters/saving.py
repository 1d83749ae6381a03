"""Saving a letter without ever losing work: versions checked in the UPDATE, conflicts, autosave, restore."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Select, Update, bindparam, or_, select, update
from sqlalchemy.orm import attributes, contains_eager

from .. import access
from ..assignments.models import Assignment
from ..auth.models import School, SignInSession, User
from ..auth.session import token_is_current
from ..cases.models import Case
from ..classes.models import Classroom, Enrolment
from ..clock import utcnow
from .. import i18n
from ..dates import Local, school_local
from ..extensions import db
from . import states
from .limits import LetterError, not_editable, too_long, writing_blocked, writing_blocked_by
from .models import Letter, LetterRevision


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
                    School.time_zone, School.locale, User.language.label("own_language"),
                    Classroom.language.label("class_language"))
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


def save(letter: Letter, body: str, base_version: int, reason: str = "save") -> SaveResult:
    """Save if the text was based on the latest version; otherwise report the conflict.

    The version check happens in the UPDATE itself, so two app servers (or two tabs)
    can never both win: the second is told about the first.
    """
    if letter.state not in states.EDITABLE_STATES:
        raise LetterError(not_editable(letter))
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
            raise LetterError(not_editable(fresh))
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
    if not now:
        return None
    i18n.use(i18n.chosen(row.own_language, row.class_language, row.locale) or i18n.browser_language())
    return SaveResult(True, base_version + 1, body, now, school_local(row.time_zone, row.locale))


def restore(letter: Letter, version: int) -> SaveResult:
    """Make an earlier revision the current text (as a new revision)."""
    old = db.session.scalar(select(LetterRevision).where(LetterRevision.letter_id == letter.id,
                                                         LetterRevision.version == version))
    if old is None:
        raise LetterError("That version doesn't exist.")
    before = letter.version
    result = save(letter, old.body, before, reason="restore")
    if result.version == before:
        return result  # the text is already the current one: no new revision to label
    revision = db.session.scalar(select(LetterRevision).where(LetterRevision.letter_id == letter.id,
                                                              LetterRevision.version == result.version))
    if revision is not None:
        revision.restored_from = version
    return result
