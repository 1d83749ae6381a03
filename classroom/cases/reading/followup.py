"""Family 2: follow-ups ("Further information on UA 104/09", "Urgent Action Update", "... Victory").

A follow-up is printed in the layout of its time (plain text before 2013, the document
layout after), so this reader only decides what makes a follow-up one, its status, and
hands the rest to that layout's reader. The UA number is the first UA's (Amnesty kept
it); whether the case is already in the library is the importer's question, not ours.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from . import document_2013, plain_text
from .core import Source

_VICTORY_RE = re.compile(r"\bvictory\b|\breleased\b.*\bno further action\b", re.IGNORECASE)
_NO_FURTHER_RE = re.compile(r"^no further action is (?:requested|needed)", re.IGNORECASE)


def read(source: Source) -> None:
    """Read the follow-up in its layout, then set the status from what the text says."""
    document = any(line.key.startswith("URGENT ACTION") and len(line.key) < 24 for line in source.lines) and any(
        line.key.startswith("ADDITIONAL INFORMATION") for line in source.lines)
    if document:
        document_2013.read(source)
    else:
        plain_text.read(source, followup=True)
    status = "update"
    head = " ".join(line.text for line in source.lines[:4])
    if re.search(r"\bvictory\b", head, re.IGNORECASE):
        status = "victory"
    for line in source.lines:
        if _NO_FURTHER_RE.match(line.text) and not source.ledger.taken(line):
            source.take(line, "status")
            if status != "victory":
                status = "closed"
                source.warn(line, "status", _("The text asks for no further action, so the case was read as "
                                              "closed; make the status 'victory' if the people were freed."))
    source.case["status"] = status
