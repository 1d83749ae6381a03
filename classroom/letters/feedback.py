"""Comments on passages: finding them again in a text that has changed since."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .models import Comment, Letter


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


def highlight(text: str, anchored: list[AnchoredComment]) -> Markup:
    """The text, escaped, with each anchored passage wrapped in a numbered ``<mark>``."""
    spans = sorted(((a.span, n) for n, a in enumerate(anchored, start=1) if a.span), key=lambda item: item[0][0])
    out, position = [], 0
    for (start, end), number in spans:
        if start < position:
            continue  # overlapping passages: the first one is marked
        out.append(escape(text[position:start]))
        out.append(Markup('<mark id="passage-{0}" data-comment="{0}">').format(number))
        out.append(escape(text[start:end]))
        out.append(Markup('<sup class="comment-ref">{}</sup></mark>').format(number))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)
