"""The model letter of the 2020 template and the Amnesty USA page, and the asks it carries."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from .core import Line, Source, prose

_SIGN_OFF_RE = re.compile(r"^(?:yours sincerely|sincerely|yours faithfully|respectfully|kind regards)\b",
                          re.IGNORECASE)
_ASK_RE = re.compile(r"[^.!?]*\b(?:urge you|call on you|ask you|calling on you)\b[^.!?]*[.!?]", re.IGNORECASE)


def letter_lines(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The letter (from "Dear" to the line after the sign-off) and the lines after it."""
    end = len(lines)
    for index, line in enumerate(lines):
        if _SIGN_OFF_RE.match(line.text):
            end = index + 1
            if index + 1 < len(lines) and len(lines[index + 1].text) <= 40 and not lines[index + 1].text.isupper():
                end = index + 2  # "[Your name]"
            break
    return lines[:end], lines[end:]


def read_letter(source: Source, lines: list[Line], *, derive_asks: bool) -> None:
    """Take the letter; when the text has no list of asks, the letter's "I urge you ..." sentences are the asks."""
    if not lines:
        return
    source.case["model_letter"] = prose(source, lines, "model_letter", keep_breaks=True)
    if lines[0].text.lower().startswith("dear "):
        targets = source.case.get("targets") or []
        for index, target in enumerate(targets):
            if not target.get("salutation"):
                target["salutation"] = lines[0].text
                source.warn(lines[0], f"targets.{index}.salutation",
                            _("The salutation of target %(number)d was taken from the model letter's greeting "
                              "(line %(line)d); check it.", number=index + 1, line=lines[0].no))
    if derive_asks and not source.case.get("asks"):
        # Sentence by sentence over whole paragraphs: a PDF may wrap a sentence across lines.
        paragraphs = [" ".join(p.split()) for p in source.case["model_letter"].split("\n\n")]
        found = [m.group(0).strip() for paragraph in paragraphs for m in _ASK_RE.finditer(paragraph)]
        if found:
            source.case["asks"] = found
            source.warn(lines[0], "asks", _("The asks were taken from the model letter's 'I urge you…' sentences; "
                                            "check them."))
