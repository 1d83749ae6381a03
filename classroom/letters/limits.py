"""What a student may write and when: the length limits, closed cases, archived classes, locked letters."""
from __future__ import annotations

from ..assignments.models import Assignment
from ..cases.status import status_accepts_letters
from .models import Letter
from .safety.pagefit import printed_width

# How long a draft may grow. A one-page letter holds about 2,100 characters in some 25
# lines (safety.layout); drafts get room to write long and cut, but every text a student
# can save must preview, diff and print in bounded time: the preview of 20,000 characters
# of short lines ran to 143 pages and 20 s. Both limits together keep any draft within
# about five printed pages.
MAX_BODY = 6_000   # characters (Chinese, Japanese, Korean count two): about three pages of prose
MAX_LINES = 100    # line breaks: a printed page holds about 45 lines


class LetterError(Exception):
    """A letter action that can't happen; the message is shown as it is."""


def too_long(body: str) -> str | None:
    """Why this text is too long to keep as a letter (the save limits), or None."""
    # A wide character takes the room of two on paper (and twice the rendering).
    if len(body) > MAX_BODY // 2 and printed_width(body) > MAX_BODY:
        return (f"A letter can be at most {MAX_BODY:,} characters (Chinese, Japanese and Korean characters "
                f"count two); this one has {printed_width(body):,}. A letter that fits on one page has about 2,000.")
    if body.count("\n") > MAX_LINES:
        return f"A letter can have at most {MAX_LINES} lines. Try joining some of them into paragraphs."
    return None


def writing_blocked(assignment: Assignment) -> str | None:
    """Why no letter can be started or submitted for this assignment now, or None."""
    return writing_blocked_by(assignment.case.status, assignment.classroom.is_archived)


def writing_blocked_by(case_status: str, class_archived: bool) -> str | None:
    """The rule of ``writing_blocked`` on plain values."""
    if not status_accepts_letters(case_status):
        return "This case is closed, so it doesn't take new letters. Thank you for caring about it!"
    if class_archived:
        return "This class is archived, so its letters can't change any more."
    return None


def not_editable(letter: Letter) -> str:
    """Why the student can't change the letter in its state."""
    if letter.is_locked:
        return "This letter can't be changed now."
    return "This letter is waiting for your teacher. Take it back first to change it."
