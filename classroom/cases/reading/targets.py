"""Recipient blocks: the officials to write to and the copies-to list, as every family prints them.

A block is a few unlabelled lines (an office, a person's name, postal address lines,
country last) and labelled ones (Fax:, Email:, Twitter:, Salutation:). Labelled lines
are certain; for the unlabelled first lines the reader tells a person's name (it starts
with Mr, Dr, Lic., H.E. ...) from an office (Minister, Governor, Attorney General ...)
and says so beside the field whenever neither sign is there.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from ..languages import preferred_language
from .core import Line, Source
from .values import no_value

_LABEL_RE = re.compile(
    r"^(?P<label>salutation|e-?mail|fax|telegrams?|telex|tel(?:ephone)?|phone|twitter|x|facebook|instagram|website|web"
    r"|preferred language|language)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_CONTACT = frozenset({"fax", "telegram", "telegrams", "telex", "tel", "telephone", "phone", "twitter", "x", "facebook", "instagram", "website", "web"})
_EMAIL_RE = re.compile(r"^(?:mailto:)?[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_HANDLE_RE = re.compile(r"^@\w{1,30}$")
_HONORIFIC_RE = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof|lic|licda|licdo|ing|sr|sra|srta|don|doña|h\.\s?e|his excellency"
    r"|her excellency|hon|the hon(?:ou?rable)?|counsell?or|ambassador|judge|justice|sheikh|shaikh|general|gen|col|colonel)\b\.?\s+\S",
    re.IGNORECASE)
_OFFICE_RE = re.compile(
    r"\b(?:minister|ministry|governor|president|attorney|prosecutor|director|secretary|head|chief|commissioner"
    r"|ambassador|embassy|office|mayor|chair(?:man|person)?|speaker|king|ombudsman|council|commander|police"
    r"|department|court|cabinet|procurador|fiscal|fiscalía|secretaría|ministerio|presidente|gobernador)\b",
    re.IGNORECASE)
_ADDRESS_RE = re.compile(r"\d|,|\b(?:street|st|avenue|av|ave|road|rd|box|building|floor|palace|palacio|calle"
                         r"|colonia|city|district)\b", re.IGNORECASE)
_DESCRIPTION_RE = re.compile(r"representatives?|accredited|your country|embass(?:y|ies) of .* in your",
                             re.IGNORECASE)


def split_blocks(source: Source, lines: list[Line]) -> list[list[Line]]:
    """One list of lines per official: a blank line (in single-spaced text) or labelled lines end a block."""
    blocks: list[list[Line]] = []
    closed = True
    for line in lines:
        labelled = _LABEL_RE.match(line.text)
        starts_free = not labelled and not line.text.lower().startswith("dear ")
        new = (closed and starts_free) or (not source.double_spaced and line.gap >= 1 and starts_free)
        if new or not blocks:
            blocks.append([])
        blocks[-1].append(line)
        # Labelled lines (Fax, Email, Twitter, Salutation) close a block: the next unlabelled line is a new official.
        closed = bool(labelled) or line.text.lower().startswith("dear ")
    return [block for block in blocks if block]


def read_block(source: Source, block: list[Line], path: str, language: str | None) -> dict[str, Any]:
    """One official in the target shape; each line taken for the part it gave."""
    target: dict[str, Any] = {"name": None, "title": None, "salutation": None, "address": [], "email": None,
                              "language": language, "contacts": []}
    free: list[Line] = []
    for line in block:
        labelled = _LABEL_RE.match(line.text)
        if labelled:
            label, value = labelled["label"].lower(), labelled["value"].strip()
            if label == "salutation":
                source.take(line, f"{path}.salutation")
                target["salutation"] = value or None
            elif label in ("email", "e-mail"):
                source.take(line, f"{path}.email")
                target["email"] = None if no_value(value) else value.split()[0].rstrip(".,;")
            elif label in _CONTACT:
                source.take(line, f"{path}.contacts")
                if not no_value(value):
                    target["contacts"].append(line.text)
            else:
                source.take(line, f"{path}.language")
                code = preferred_language(value) if value else None
                if code is None:
                    source.warn(line, f"{path}.language", _("'%(value)s' is not a language the importer knows; "
                                                            "write a language name such as Spanish.", value=value))
                target["language"] = code or target["language"]
        elif line.text.lower().startswith("dear "):
            source.take(line, f"{path}.salutation")
            target["salutation"] = line.text
        elif _EMAIL_RE.match(line.text):
            source.take(line, f"{path}.email")
            target["email"] = line.text.removeprefix("mailto:")
        elif _HANDLE_RE.match(line.text):
            source.take(line, f"{path}.contacts")
            target["contacts"].append(line.text)
        else:
            free.append(line)
    _name_title_address(source, free, target, path)
    return target


def _name_title_address(source: Source, free: list[Line], target: dict[str, Any], path: str) -> None:
    """The unlabelled lines: name and title first (in either order), the address after them."""
    if not free:
        source.missing(f"{path}.name", _("No name or office was found for this official."),
                       after=None)
        return
    first, rest = free[0], free[1:]
    second = rest[0] if rest and not _ADDRESS_RE.search(rest[0].text) else None
    if _HONORIFIC_RE.match(first.text):
        name_line, title_line = first, second if second and _OFFICE_RE.search(second.text) else None
    elif second is not None and _HONORIFIC_RE.match(second.text):
        name_line, title_line = second, first
    else:
        name_line, title_line = first, None
        if not _OFFICE_RE.search(first.text):
            source.warn(first, f"{path}.name", _("Line %(line)d was read as the official's name, but it has no "
                                                 "title such as Mr or Dr and names no office; check it.",
                                                 line=first.no))
    source.take(name_line, f"{path}.name")
    target["name"] = name_line.text.rstrip(",")
    if title_line is not None:
        source.take(title_line, f"{path}.title")
        target["title"] = title_line.text.rstrip(",")
    for line in free:
        if line is not name_line and line is not title_line:
            source.take(line, f"{path}.address")
            target["address"].append(line.text.rstrip(","))
    if not target["address"] and not target["email"]:
        source.missing(f"{path}.address", _("No postal address or email was found for this official."),
                       after=free[-1])


def read_targets(source: Source, lines: list[Line], key: str = "targets",
                 language: str | None = None) -> list[dict[str, Any]]:
    """All officials in ``lines``."""
    return [read_block(source, block, f"{key}.{index}", language)
            for index, block in enumerate(split_blocks(source, lines))]


def read_copies(source: Source, lines: list[Line], language: str | None = None) -> None:
    """A copies-to section: a description ("diplomatic representatives ...") or recipient blocks."""
    if not lines:
        return
    if all(not _LABEL_RE.match(line.text) for line in lines) and _DESCRIPTION_RE.search(
            " ".join(line.text for line in lines)):
        note = " ".join(line.text for line in lines)
        source.put("copies_to_note", note[:1].upper() + note[1:], *lines)
        return
    source.case["copies_to"] = read_targets(source, lines, "copies_to", language)
