"""Review rules: the queue, opening a letter, comments, the rubric, decisions, reopening."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..auth.models import User
from ..classes.models import ClassTeacher, Classroom
from ..clock import utcnow
from ..extensions import db
from ..letters import states
from ..letters.kinds import KINDS
from ..letters.models import Comment, Letter, LetterRevision, Review
from . import textdiff

# Qualities of a letter: the teacher ticks them, the student reads them (the same words for both).
RUBRIC = {
    "polite": _l("Polite and respectful"),
    "factual": _l("Factual"),
    "names_person": _l("Names the person"),
    "covers_asks": _l("Covers the asks"),
    "personal_voice": _l("Personal voice"),
    "one_page": _l("One page"),
}
QUEUE_STATES = ("submitted", "changes_requested", "approved", "draft", "printed", "mailed", "emailed", "posted", "called")


class ReviewError(Exception):
    """A review action that can't happen; the message is shown as it is."""


def queue(classroom: Classroom, state: str | None = "submitted", assignment_id: int | None = None) -> list[Letter]:
    """A class's letters to review, oldest first, loaded with what the list shows (fixed query count)."""
    query = (select(Letter).join(Assignment, Assignment.id == Letter.assignment_id)
             .where(Assignment.class_id == classroom.id)
             .options(selectinload(Letter.student), selectinload(Letter.target),
                      selectinload(Letter.assignment).selectinload(Assignment.case)))
    query = query.where(Letter.state == state) if state else query.where(Letter.state != "draft")
    if assignment_id:
        query = query.where(Letter.assignment_id == assignment_id)
    query = query.order_by(func.coalesce(Letter.submitted_at, Letter.updated_at), Letter.id)
    return list(db.session.scalars(query))


def neighbours(letter: Letter, letters: list[Letter]) -> tuple[Letter | None, Letter | None]:
    """The letters before and after this one in the queue."""
    ids = [item.id for item in letters]
    if letter.id not in ids:
        return None, (letters[0] if letters else None)
    at = ids.index(letter.id)
    return (letters[at - 1] if at > 0 else None), (letters[at + 1] if at + 1 < len(letters) else None)


def waiting_count(teacher: User) -> int:
    """Submitted letters in every class the teacher teaches."""
    return db.session.scalar(
        select(func.count(Letter.id)).join(Assignment, Assignment.id == Letter.assignment_id)
        .join(ClassTeacher, ClassTeacher.class_id == Assignment.class_id)
        .where(ClassTeacher.teacher_id == teacher.id, Letter.state == "submitted")) or 0


def waiting_by_class(teacher: User) -> dict[int, int]:
    """Submitted letters per class the teacher teaches (classes with none are left out)."""
    rows = db.session.execute(
        select(Assignment.class_id, func.count(Letter.id)).join(Assignment, Assignment.id == Letter.assignment_id)
        .join(ClassTeacher, ClassTeacher.class_id == Assignment.class_id)
        .where(ClassTeacher.teacher_id == teacher.id, Letter.state == "submitted")
        .group_by(Assignment.class_id))
    return {class_id: count for class_id, count in rows}


def open_for_review(letter: Letter) -> None:
    """The teacher opened a submitted letter: from now on the student can't take it back."""
    if letter.state == "submitted" and letter.review_started_at is None:
        letter.review_started_at = utcnow()
        db.session.flush()


def diff_since_review(letter: Letter) -> list[textdiff.Piece] | None:
    """What changed since the last review (None when never reviewed)."""
    if not letter.reviewed_version:
        return None
    old = db.session.scalar(select(LetterRevision.body).where(
        LetterRevision.letter_id == letter.id, LetterRevision.version == letter.reviewed_version))
    if old is None:
        return None
    return textdiff.diff(old, letter.body)


def add_comment(letter: Letter, teacher: User, body: str, quote: str | None = None,
                start: int | None = None) -> Comment:
    """A general comment, or one on a passage of the current text (found by its quote)."""
    body = body.strip()
    if not body:
        raise ReviewError(_("Write the comment."))
    if letter.is_locked:
        raise ReviewError(_("This letter is approved. Reopen it to comment."))
    end = None
    raw = (quote or "").replace("\r\n", "\n")  # a form's textarea sends CRLF; letters keep LF
    quote = raw.strip() or None
    if quote and start is not None:
        start += len(raw) - len(raw.lstrip())  # the offset was of the selection with its spaces
    if quote:
        if start is not None and letter.body[start:start + len(quote)] == quote:
            end = start + len(quote)
        else:
            start = letter.body.find(quote)
            if start == -1:
                raise ReviewError(_("That passage isn't in the letter. Select it in the letter, or copy it exactly."))
            end = start + len(quote)
    else:
        start = None
    comment = Comment(letter_id=letter.id, author_id=teacher.id, body=body, quote=quote, start=start, end=end,
                      version=letter.version)
    db.session.add(comment)
    db.session.flush()
    return comment


def decide(letter: Letter, teacher: User, decision: str, rubric: dict[str, bool], note: str = "") -> Review:
    """Request changes or approve; approval locks the letter and renders its PDF once."""
    action = {"approve": "approve", "request_changes": "request_changes"}.get(decision)
    if action is None:
        raise ReviewError(_("Choose to approve or to ask for changes."))
    states.apply(letter, action, "teacher", teacher.id, note)
    review = Review(letter_id=letter.id, reviewer_id=teacher.id, version=letter.version,
                    decision=letter.state, rubric={k: bool(rubric.get(k)) for k in RUBRIC})
    db.session.add(review)
    if note.strip():
        db.session.add(Comment(letter_id=letter.id, author_id=teacher.id, body=note.strip(), version=letter.version))
    db.session.flush()
    if letter.state == "approved":
        from ..printing.services import render_on_approval

        render_on_approval(letter)
    return review


def reopen(letter: Letter, teacher: User, reason: str) -> None:
    """Unlock an approved letter so the student can change it (a reason is required)."""
    if len(reason.strip()) < 5:
        raise ReviewError(_("Say why you are reopening the letter (the student sees it)."))
    from ..printing.services import flag_reopened

    states.apply(letter, "reopen", "teacher", teacher.id, reason.strip())
    db.session.add(Comment(letter_id=letter.id, author_id=teacher.id, body=f"Reopened: {reason.strip()}",
                           version=letter.version))
    flag_reopened(letter)
    db.session.flush()


def own_sent_step(letter: Letter) -> str | None:
    """The sent step a teacher records on the review page: "posted" for a social post, "called"
    for a phone script. Paper letters are mailed from a print batch, appeals emailed from the
    email page."""
    steps = [step for step in KINDS[letter.kind].sent_steps if step in ("posted", "called")]
    return steps[0] if steps else None


def record_sent(letter: Letter, teacher: User) -> None:
    """Record the letter's own sent step (``own_sent_step``)."""
    step = own_sent_step(letter)
    if step is None:
        raise ReviewError(_("Letters are recorded as mailed with their print batch, or as sent by email on the "
                            "email page."))
    states.apply(letter, f"mark_{step}", "teacher", teacher.id)


def rubric_for_student(letter: Letter) -> list[tuple[str, bool]]:
    """The rubric of the teacher's latest decision as the student sees it: (quality, ticked), in
    the review form's order; empty before any review."""
    if not letter.reviews:
        return []
    ticked = letter.reviews[-1].rubric or {}
    return [(str(label), bool(ticked.get(key))) for key, label in RUBRIC.items()]
