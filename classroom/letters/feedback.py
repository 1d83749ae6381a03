"""Comments on passages: finding them again in a text that has changed since."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .models import Comment, Letter
from .safety.findings import kept_message


@dataclass(frozen=True)
class AnchoredComment:
    """A comment and where its passage is in the current text (None: only in an earlier text)."""

    comment: Comment
    span: tuple[int, int] | None

    @property
    def on_earlier_text(self) -> bool:
        """The passage was edited away since the comment was made."""
        return self.comment.quote is not None and self.span is None


def anchor(quote: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """Where the quoted passage is now: the same place if unchanged, else its nearest copy, else None."""
    if not quote:
        return None
    if 0 <= start <= end <= len(text) and text[start:end] == quote:
        return (start, end)
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    if not found:
        return None
    best = min(found, key=lambda position: abs(position - start))
    return (best, best + len(quote))


def anchored_comments(letter: Letter) -> list[AnchoredComment]:
    """The letter's comments, each placed in the current text where possible."""
    result = []
    for comment in letter.comments:
        span = None
        if comment.quote is not None and comment.start is not None and comment.end is not None:
            span = anchor(comment.quote, comment.start, comment.end, letter.body)
        result.append(AnchoredComment(comment, span))
    return result


def highlight(text: str, anchored: list[AnchoredComment], flagged: Sequence[Mapping[str, Any]] = ()) -> Markup:
    """The text, escaped, with each anchored passage wrapped in a numbered ``<mark>``.

    ``flagged`` are safety flags as kept on the letter; the places they found (a phone
    number, an insult) are marked too, so the teacher sees them in the letter itself, with
    the teacher's message as the mark's title.
    Where two marks would overlap, the one that starts first is shown.
    """
    marks: list[tuple[int, int, Markup, Markup]] = []
    for number, item in enumerate(anchored, start=1):
        if item.span:
            marks.append((*item.span, Markup('<mark id="passage-{0}" data-comment="{0}">').format(number),
                          Markup('<sup class="comment-ref">{}</sup></mark>').format(number)))
    for flag in flagged:
        found = set(flag.get("matches", ()))
        for start, end in flag.get("spans", ()):
            if 0 <= start < end <= len(text) and text[start:end] in found:  # not if edited since
                marks.append((start, end, Markup('<mark class="flagged" title="{}">').format(kept_message(flag)),
                              Markup("</mark>")))
    out, position = [], 0
    for start, end, opening, closing in sorted(marks, key=lambda mark: mark[0]):
        if start < position:
            continue
        out += [escape(text[position:start]), opening, escape(text[start:end]), closing]
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)
