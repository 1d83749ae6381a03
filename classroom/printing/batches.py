"""The school print queue and print batches.

A batch is a snapshot: it pins each letter to the exact PDF it had when the batch was
made, so downloading it again gives the same letters in the same order. Marking a batch
printed or mailed moves its letters on; a letter reopened after batching is flagged.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ..assignments.models import Assignment
from ..auth.models import School, User
from ..classes.models import Classroom
from ..clock import utcnow
from ..dates import for_school
from ..extensions import db
from ..letters import states
from ..letters.models import PAPER_KINDS, Letter
from . import exports
from .models import PrintBatch, PrintBatchItem


class BatchError(Exception):
    """A batch action that can't happen; the message is shown as it is."""


def queue(school: School, class_ids: Sequence[int] = (), assignment_ids: Sequence[int] = ()) -> list[Letter]:
    """Approved letters to post (appeals and cards, not sent by email) not yet in an open batch,
    optionally limited to classes or assignments."""
    batched = (select(PrintBatchItem.letter_id).join(PrintBatch)
               .where(PrintBatch.school_id == school.id, PrintBatchItem.letter_id.is_not(None),
                      PrintBatchItem.reopened_at.is_(None), PrintBatch.printed_at.is_(None)))
    query = (select(Letter).join(Assignment, Assignment.id == Letter.assignment_id)
             .join(Classroom, Classroom.id == Assignment.class_id)
             .where(Classroom.school_id == school.id, Letter.state == "approved", Letter.id.not_in(batched),
                    Letter.kind.in_(PAPER_KINDS), Letter.emailed_at.is_(None))
             .options(*exports.LOAD))
    if class_ids:
        query = query.where(Classroom.id.in_(list(class_ids)))
    if assignment_ids:
        query = query.where(Assignment.id.in_(list(assignment_ids)))
    return list(db.session.scalars(query.order_by(Classroom.name, Assignment.id, Letter.id)))


def create(school: School, coordinator: User, letters: Sequence[Letter], label: str, duplex: bool) -> PrintBatch:
    """Snapshot these approved letters, sorted for printing, each pinned to its rendered PDF."""
    chosen = exports.sort_for_print(exports.approved_only(letters))
    if not chosen:
        raise BatchError(_("There are no approved letters to put in a batch."))
    keys = exports.prepare(chosen).keys
    batch = PrintBatch(school_id=school.id, created_by_id=coordinator.id, label=label.strip() or ngettext("Batch of %(num)d letter", "Batch of %(num)d letters", len(chosen)),
                       duplex=duplex)
    db.session.add(batch)
    db.session.flush()
    for position, letter in enumerate(chosen):
        db.session.add(PrintBatchItem(batch_id=batch.id, position=position, letter_id=letter.id, pdf_key=keys[letter.id],
                                      target_label=exports.recipient_label(letter), country=exports.destination(letter)))
    db.session.flush()
    return batch


def batch_letters(batch: PrintBatch) -> list[Letter]:
    """The batch's letters still in existence, in batch order."""
    ids = [item.letter_id for item in batch.items if item.letter_id]
    found = {letter.id: letter for letter in db.session.scalars(select(Letter).where(Letter.id.in_(ids)).options(*exports.LOAD))}
    return [found[i] for i in ids if i in found]


def batch_pdf(batch: PrintBatch, warnings: Sequence[str] = ()) -> bytes:
    """The batch exactly as it was made: same letters, same order, same PDFs (the cover dated today)."""
    kept = [item for item in batch.items if item.letter_id is not None]  # a deleted letter is never printed
    # Counted from the snapshot: a target renamed since must not change what the pile is said to hold.
    cover = exports.cover_for([(item.target_label, item.country) for item in kept], batch.school.name,
                              batch.label, for_school(batch.school),
                              batch.school.page_size, warnings)
    return exports.join([item.pdf_key for item in kept], cover, batch.duplex)


def _move(batch: PrintBatch, action: str, actor: User, stamp: datetime) -> int:
    """Move every letter of the batch that can take the action, stamped with the batch's date.

    Reopened letters are skipped even when approved again since: what this batch holds
    is their old text, so the new one still waits for a batch of its own.
    """
    reopened = {item.letter_id for item in batch.items if item.reopened_at is not None}
    moved = 0
    for letter in batch_letters(batch):
        if letter.id not in reopened and states.can(letter, action, "coordinator"):
            states.apply(letter, action, "coordinator", actor.id, f"Print batch {batch.id}")
            if action == "mark_printed":
                letter.printed_at = stamp
            else:
                letter.mailed_at = stamp
            moved += 1
    return moved


def _stamp(batch: PrintBatch, when: date | None) -> datetime:
    """The moment a batch step is recorded at: the start of the date given where the school is
    (so that it shows as that date again), or now."""
    return for_school(batch.school).start_of(when) if when else utcnow()


def mark_printed(batch: PrintBatch, actor: User, when: date | None = None) -> int:
    """The batch was printed: its approved letters become ``printed``."""
    if batch.printed_at:
        raise BatchError(_("This batch is already marked printed."))
    batch.printed_at = _stamp(batch, when)
    return _move(batch, "mark_printed", actor, batch.printed_at)


def mark_mailed(batch: PrintBatch, actor: User, when: date | None = None) -> int:
    """The batch was posted: its printed letters become ``mailed``."""
    if not batch.printed_at:
        raise BatchError(_("Mark the batch printed first."))
    if batch.mailed_at:
        raise BatchError(_("This batch is already marked mailed."))
    batch.mailed_at = _stamp(batch, when)
    return _move(batch, "mark_mailed", actor, batch.mailed_at)


def school_batches(school: School) -> list[PrintBatch]:
    """The school's batches, newest first."""
    return list(db.session.scalars(select(PrintBatch).where(PrintBatch.school_id == school.id)
                                   .order_by(PrintBatch.created_at.desc(), PrintBatch.id.desc())))
