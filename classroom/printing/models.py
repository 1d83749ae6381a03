"""Rendered letter PDFs (a cache keyed by content hash) and the school's print batches."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Boolean, ColumnElement, ForeignKey, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import School
from ..clock import utcnow
from ..extensions import Model, db


class PdfCache(Model):
    """A rendered letter. The key hashes everything that shapes the PDF, so a stale one is never served."""

    __tablename__ = "pdf_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(Integer, index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pages: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PrintBatch(Model):
    """A snapshot of approved letters that a print coordinator prints and posts together."""

    __tablename__ = "print_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200))
    duplex: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    printed_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]
    # Letters taken out because their students' data was deleted: by the retention purge of
    # an archived class, or otherwise (a student removed). The batch says so instead of
    # silently shrinking.
    purged_letters: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deleted_letters: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    school: Mapped[School] = relationship()
    items: Mapped[list[PrintBatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="PrintBatchItem.position")


class PrintBatchItem(Model):
    """One letter in a batch, pinned to the exact PDF it had when the batch was made."""

    __tablename__ = "print_batch_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("print_batches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"), index=True)
    pdf_key: Mapped[str] = mapped_column(String(64))
    target_label: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    # Set when the letter's teacher reopened it after it was put in this batch.
    reopened_at: Mapped[datetime | None]

    batch: Mapped[PrintBatch] = relationship(back_populates="items")

    @property
    def shown_target(self) -> str:
        """Who the letter goes to, in the reader's language (see ``exports.shown_recipient``)."""
        from .exports import shown_recipient

        return shown_recipient(self.target_label)


def forget_letters(letter_ids: Sequence[int], purge: bool = False) -> None:
    """Remove every rendered copy of these letters (their students' data is being deleted);
    the batches they were in count them as removed, by the retention ``purge`` or otherwise."""
    if not letter_ids:
        return
    keys = list(db.session.scalars(select(PdfCache.key).where(PdfCache.letter_id.in_(letter_ids))))
    in_batches: ColumnElement[bool] = PrintBatchItem.letter_id.in_(letter_ids)
    if keys:
        in_batches = in_batches | PrintBatchItem.pdf_key.in_(keys)
    removed = Counter(db.session.scalars(select(PrintBatchItem.batch_id).where(in_batches)))
    column = PrintBatch.purged_letters if purge else PrintBatch.deleted_letters
    for batch_id, count in removed.items():
        db.session.execute(update(PrintBatch).where(PrintBatch.id == batch_id).values({column: column + count}))
    db.session.execute(delete(PrintBatchItem).where(PrintBatchItem.letter_id.in_(letter_ids)))
    if keys:
        db.session.execute(delete(PrintBatchItem).where(PrintBatchItem.pdf_key.in_(keys)))
    db.session.execute(delete(PdfCache).where(PdfCache.letter_id.in_(letter_ids)))
