"""The form docs/case-format.md describes for pasted text: labelled sections.

The pasted-text form is the one Urgent Action emails and web pages use: labelled
sections ("UA number: UA 123.20", "SUMMARY", "TARGETS" ...), see data/import_labels.yaml for
the labels and their synonyms. Labels are matched without regard to case; how freely a label
may appear depends on where the reader is, so that the prose of a summary or a model
letter ("We demand ...", "Date: ...") is not mistaken for a new section:

- a label alone on its line ("SUMMARY", "Summary:") always starts its section;
- "Label: value" starts it too, except inside a model letter: there a label in capitals
  ends the letter, but a common word ("Name", "Date", "Title") does not, because a
  letter's signature lines use them;
- "Label value" without a colon counts in the header part of the paste, or when the
  label is written in capitals ("THEMES Indigenous peoples' rights").
A line that starts with a bullet (-, *, •, 1.) is never a label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ..case_dates import DATE_PREFIX_PATTERN
from ..case_format import UA_NUMBER_RE, Problem
from ..import_labels import load as load_labels
from .parsed import ParsedSource


# --- the labelled-section text form ----------------------------------------------------

# The labels and their synonyms are people-edited data (data/import_labels.yaml, checked when read):
# field -> the labels a curator may write for it (matched without regard to case); inside TARGETS
# and COPIES TO, the labels of one official's details, and contact details the case does not keep;
# common words that end a model letter only when written in capitals.
_LABELS = load_labels()
TEXT_LABELS = _LABELS.text_labels
TARGET_LABELS = _LABELS.target_labels
IGNORED_TARGET_LABELS = _LABELS.ignored_target_labels
_WEAK_IN_LETTER = _LABELS.weak_in_letter

# Sections whose lines describe officials.
_TARGET_SECTIONS = frozenset({"targets", "copies_to"})
_SCALARS = frozenset({"ua_number", "follows_up", "title", "country", "region", "issue_date", "deadline", "status"})
_PROSE = frozenset({"summary", "background", "model_letter"})


def _label_regex(synonyms: list[str]) -> re.Pattern[str]:
    """Matches a line that starts with one of ``synonyms`` (longest first), then an optional colon and value."""
    ordered = sorted(synonyms, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in label.split()) for label in ordered)
    # (?![\w(]) stops "Title" matching "Titles" and "Name" matching "Name(s)".
    return re.compile(rf"^(?P<label>{alternatives})(?![\w(])\s*(?P<colon>:)?\s*(?P<value>.*)$", re.IGNORECASE)


def _synonym_index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Lower-cased, single-spaced label -> field."""
    return {" ".join(label.lower().split()): key for key, labels in table.items() for label in labels}


_TOP_RE = _label_regex([label for labels in TEXT_LABELS.values() for label in labels])
_TOP_FIELD = _synonym_index(TEXT_LABELS)
_TARGET_RE = _label_regex([label for labels in TARGET_LABELS.values() for label in labels]
                          + list(IGNORED_TARGET_LABELS))
_TARGET_FIELD = _synonym_index(TARGET_LABELS)

_BULLET_RE = re.compile(r"^(?:[-*•‣◦▪●–—]+\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*)")
# Something that looks like a label the importer does not know: "Gender m/f: both" or a
# heading in capitals ("CONTACT"). Digits are excluded so "On 19 July 2020: ..." is prose.
_LABEL_LIKE_RE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z'’()/&\- ]{0,38}?)\s*:\s*(?P<value>.*)$")
_HEADING_RE = re.compile(r"^[A-Z][A-Z'’()/&\- ]{2,39}:?$")
_URGENT_ACTION_RE = re.compile(r"^urgent\s+action(?:\s+(?P<kind>update|victory))?\s*!?:?$", re.IGNORECASE)
# The seed's headline: "Urgent Action Victory! Kelly Gonzalez Aguilar is Free (USA: UA 59.20)".
_HEADLINE_RE = re.compile(
    r"^urgent\s+action(?:\s+(?P<kind>victory|update))?\s*[!:]?\s*(?P<title>.+?)\s*"
    r"\((?P<country>[^():]+?):\s*(?P<ua>UA\s*\d{1,4}\.\d{2}|\d{1,4}/\d{2})\)$", re.IGNORECASE)
# The seed's date line: "July 30, 2020 • Urgent Action".
_DATELINE_RE = re.compile(rf"^(?P<date>{DATE_PREFIX_PATTERN})\s*[•·|–-]\s*urgent\s+action$", re.IGNORECASE)
_TIMELINE_RE = re.compile(
    rf"^(?P<date>{DATE_PREFIX_PATTERN})\s*(?:[-–—:,]\s*)?(?P<kind>[A-Za-z]+)\s*[:–—-]\s*(?P<text>.*)$")
_DATE_START_RE = re.compile(rf"^(?:{DATE_PREFIX_PATTERN})\b")
_PRONOUNS_RE = re.compile(r"^(?:group|[a-z]+(?:\s*/\s*[a-z]+)+)$", re.IGNORECASE)
_EMAIL_LINE_RE = re.compile(r"^(?:mailto:)?[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$", re.IGNORECASE)
_UA_VALUE_RE = re.compile(r"^(?:UA\s*[:#]?\s*)?(?P<number>\d{1,4}[./]\d{2})$", re.IGNORECASE)


def _strip_bullet(text: str) -> tuple[str, bool]:
    """The text without a leading bullet, and whether it had one."""
    match = _BULLET_RE.match(text)
    return (text[match.end():].strip(), True) if match else (text, False)


def _ua_value(value: str) -> str:
    """ "123.20", "UA: 123/20" and "UA 123.20" as the validator expects them ("UA 123.20", "123/20")."""
    match = _UA_VALUE_RE.match(value.strip())
    if not match:
        return value.strip()
    number = match["number"]
    return f"UA {number}" if "." in number else number


def _person(text: str) -> dict[str, str]:
    """ "Name (she/her)" -> name and pronouns; a parenthesis that is not pronouns stays in the name."""
    match = re.fullmatch(r"(?P<name>.*?)\s*\((?P<pronouns>[^()]+)\)", text)
    if match and match["name"] and _PRONOUNS_RE.match(match["pronouns"].strip()):
        pronouns = re.sub(r"\s*/\s*", "/", match["pronouns"].strip()).lower()
        return {"name": match["name"].strip(), "pronouns": pronouns}
    return {"name": text.strip()}


@dataclass
class _Label:
    """A recognised label on a line."""

    field: str
    label: str  # as written
    value: str


class _TextReader:
    """A line-by-line state machine over the labelled-section form."""

    def __init__(self) -> None:
        """Start in the header, before any section."""
        self.result = ParsedSource({})
        self.data = self.result.data
        self.lines = self.result.lines
        self.section: str | None = None  # the list or prose section lines go to; None = header
        self.pending: str | None = None  # a scalar whose label stood alone: its value is on the next line
        self.label_lines: dict[str, int] = {}  # scalar/prose field -> line of its label (to spot repeats)
        self.prose: dict[str, list[str]] = {}
        self.soft: dict[str, tuple[str, int]] = {}  # from the seed headline; explicit labels win
        self.headline_seen = False
        self.target: dict[str, Any] | None = None
        self.target_last: str | None = None  # the last target label, so address lines can continue
        self.target_pending: str | None = None  # a target label whose value is on the next line
        self.target_freeform = False
        self.ask_bulleted = False
        self.lineno = 0

    # helpers

    def problem(self, path: str | None, message: str, line: int | None = None) -> None:
        """A reading problem at the current line (or ``line``)."""
        self.result.problems.append(Problem(line or self.lineno, path, message))

    def context(self) -> str:
        """Where the reader is, which decides how freely labels are recognised."""
        if self.pending:
            return "pending"
        if self.section is None:
            return "header"
        if self.section == "model_letter":
            return "letter"
        if self.section in _TARGET_SECTIONS:
            return "target"
        if self.section in _PROSE:
            return "prose"
        return "list"

    def match_label(self, text: str) -> _Label | None:
        """The section label this line starts with, if it counts as one where the reader is."""
        if _BULLET_RE.match(text):
            return None
        match = _TOP_RE.match(text)
        if not match:
            return None
        label, value = match["label"], match["value"].strip()
        key = " ".join(label.lower().split())
        upper, colon = label.isupper(), bool(match["colon"])
        context = self.context()
        if context == "letter":
            counts = upper or (key not in _WEAK_IN_LETTER and (colon or not value))
        elif not value or colon or upper:
            counts = True
        else:
            counts = context == "header"
        if not counts:
            return None
        field_name = _TOP_FIELD[key]
        if field_name in ("ua_number", "follows_up") and key == "ua" and not colon:
            value = text  # "UA 123.20" on its own: the label is part of the number
        return _Label(field_name, label, value)

    def match_target_label(self, text: str) -> _Label | None:
        """A label describing one official ("Salutation: …"), or one alone on its line ("Address")."""
        match = _TARGET_RE.match(text)
        if not match:
            return None
        label, value = match["label"], match["value"].strip()
        key = " ".join(label.lower().split())
        ignored = key not in _TARGET_FIELD
        # Address lines can look like labels ("Tel Aviv", "TITLE HOUSE"): only a colon, or a
        # label alone on its line, counts; the ignored contact labels need their colon.
        if not (match["colon"] or (not value and not ignored)):
            return None
        return _Label(_TARGET_FIELD.get(key, ""), label, value)  # "" = a contact detail we ignore

    # the main loop

    def read(self, source: str) -> ParsedSource:
        """Read every line, then finish the sections still open."""
        for self.lineno, raw in enumerate(source.split("\n"), start=1):
            self.line(raw.strip())
        self.close_target()
        self.finish()
        return self.result

    def line(self, text: str) -> None:
        """Handle one stripped line."""
        if not text:
            self.blank()
            return
        if self.context() == "target":
            target_label = self.match_target_label(text)
            if target_label:
                self.target_labelled(target_label)
                return
        if self.pending in ("ua_number", "follows_up") and _UA_VALUE_RE.match(text):
            # "Follows up:" then "UA 59.20": the number is the value, not a new "UA" label.
            self.set_scalar(self.pending, text, self.lineno)
            self.pending = None
            return
        label = self.match_label(text)
        if label:
            self.start(label)
            return
        if self.pending:
            self.set_scalar(self.pending, text, self.lineno)
            self.pending = None
            return
        handler = {"people": self.person_line, "asks": self.ask_line, "targets": self.target_line,
                   "copies_to": self.target_line, "themes": self.theme_line, "timeline": self.timeline_line}
        if self.section in _PROSE:
            self.prose_line(text)
        elif self.section in handler:
            handler[self.section](text)
        else:
            self.header_line(text)

    def blank(self) -> None:
        """A blank line ends a target and a continued ask, and separates prose paragraphs."""
        if self.section in _TARGET_SECTIONS:
            self.close_target()
        elif self.section in _PROSE:
            self.prose[self.section].append("")
        self.ask_bulleted = False

    def start(self, label: _Label) -> None:
        """A section label: set a scalar or open a section."""
        name = label.field
        self.close_target()
        self.pending = None
        if name in _SCALARS or name in _PROSE:
            if name in self.label_lines:
                self.problem(name, _("'%(label)s' appears twice (lines %(first)d and %(line)d); keep one.",
                                     label=label.label, first=self.label_lines[name], line=self.lineno))
                # Keep reading a repeated prose section into the first, so its lines are not
                # each reported as "not under any label" as well.
                self.section = name if name in _PROSE else None
                if name in _PROSE and label.value:
                    self.prose[name].append(label.value)
                return
            self.label_lines[name] = self.lineno
        if name in _SCALARS:
            self.section = None
            if label.value:
                self.set_scalar(name, label.value, self.lineno)
            else:
                self.pending = name
                self.set_scalar(name, "", self.lineno)  # stays "" (-> "is empty") unless a value line follows
            return
        self.section = name
        self.lines.setdefault(name, self.lineno)
        if name in _PROSE:
            self.prose[name] = [label.value] if label.value else []
            return
        self.data.setdefault(name, [])
        if not label.value:
            return
        if name == "people":
            # "Names: Cheng Yuan, Liu Yongze and Wu Gejianxiong" lists several people on one line;
            # "Families and children (group)" is one group.
            whole = _person(label.value).get("pronouns") == "group"
            for part in [label.value] if whole else re.split(r"\s*[;,]\s*|\s+and\s+", label.value):
                if part.strip():
                    self.add_person(part)
        elif name == "themes":
            self.theme_line(label.value)
            self.section = None  # "Themes: a, b" is complete on its line
        else:
            {"asks": self.ask_line, "targets": self.target_line, "copies_to": self.target_line,
             "timeline": self.timeline_line}[name](label.value)

    def set_scalar(self, name: str, value: str, line: int) -> None:
        """Store a scalar value as written (UA numbers get their usual spelling back)."""
        if name in ("ua_number", "follows_up") and value:
            value = _ua_value(value)
        self.data[name] = value
        self.lines[name] = line

    # the header

    def header_line(self, text: str) -> None:
        """An unlabelled line before any section: the seed's headline and date line, or a stray line."""
        headline = _HEADLINE_RE.match(text)
        if headline and not self.headline_seen:
            self.headline_seen = True
            status = (headline["kind"] or "action").lower()
            for name, value in (("title", headline["title"]), ("country", headline["country"].strip()),
                                ("ua_number", _ua_value(headline["ua"])), ("status", status)):
                self.soft[name] = (value, self.lineno)
            if "summary" in self.prose:
                return
            # The seed puts the summary right under the headline, without a label.
            self.section = "summary"
            self.label_lines.setdefault("summary", self.lineno + 1)
            self.lines.setdefault("summary", self.lineno + 1)
            self.prose["summary"] = []
            return
        urgent = _URGENT_ACTION_RE.match(text)
        if urgent:
            self.soft.setdefault("status", ((urgent["kind"] or "action").lower(), self.lineno))
            return
        dateline = _DATELINE_RE.match(text)
        if dateline:
            self.soft.setdefault("issue_date", (dateline["date"], self.lineno))
            return
        if UA_NUMBER_RE.match(text) and "ua_number" not in self.data:
            self.label_lines["ua_number"] = self.lineno
            self.set_scalar("ua_number", text, self.lineno)
            return
        label_like = _LABEL_LIKE_RE.match(text)
        if (label_like and len(label_like["label"].split()) <= 5) or _HEADING_RE.match(text):
            self.unknown_label(label_like["label"] if label_like else text)
            return
        preview = text if len(text) <= 60 else text[:57] + "…"
        self.problem(None, _("This line is not under any label: '%(line)s'. Put a label such as 'Summary:' above "
                             "it, or remove it.", line=preview))

    def unknown_label(self, label: str, target: int | None = None) -> None:
        """Report a label the importer does not know (``target``: the number of the official it is in)."""
        label = label.strip().rstrip(":")
        if target is None:
            self.problem(None, _("Unknown label '%(label)s'. Use a label such as Title, Country, Summary or "
                                 "Targets, or remove the line.", label=label))
        else:
            self.problem(None, _("Unknown label '%(label)s' in %(official)s. An official's labels are Name, Title, "
                                 "Address, Salutation, Email and Preferred language.", label=label,
                                 official=self.target_noun(target)))

    # prose and lists

    def prose_line(self, text: str) -> None:
        """A line of a summary, background or model letter (capitalised stray headings are reported)."""
        if self.section != "model_letter":
            label_like = _LABEL_LIKE_RE.match(text)
            if _HEADING_RE.match(text) and len(re.sub(r"[^A-Z]", "", text)) >= 4:
                self.unknown_label(text)
                return
            if label_like and label_like["label"].isupper() and len(label_like["label"].split()) <= 5:
                self.unknown_label(label_like["label"])
                return
        assert self.section is not None
        self.prose[self.section].append(text)

    def add_person(self, text: str) -> None:
        """One person (or group) at risk."""
        text, _bullet = _strip_bullet(text)
        if not text:
            return
        people = self.data.setdefault("people", [])
        path = f"people.{len(people)}"
        people.append(_person(text))
        self.lines[path] = self.lines[f"{path}.name"] = self.lineno
        if "pronouns" in people[-1]:
            self.lines[f"{path}.pronouns"] = self.lineno

    def person_line(self, text: str) -> None:
        """A line of PEOPLE AT RISK: one person per line."""
        self.add_person(text)

    def ask_line(self, text: str) -> None:
        """A line of RECOMMENDED ACTION; an unbulleted line right after a bulleted one continues it."""
        text, bulleted = _strip_bullet(text)
        if not text:
            return
        asks = self.data.setdefault("asks", [])
        if asks and not bulleted and self.ask_bulleted:
            asks[-1] = f"{asks[-1]} {text}"
            return
        self.lines[f"asks.{len(asks)}"] = self.lineno
        asks.append(text)
        self.ask_bulleted = bulleted

    def theme_line(self, text: str) -> None:
        """Themes, separated by commas or semicolons, or one per line."""
        text, _bullet = _strip_bullet(text)
        themes = self.data.setdefault("themes", [])
        self.lines.setdefault("themes", self.lineno)
        for part in re.split(r"\s*[;,]\s*", text):
            if part.strip():
                self.lines[f"themes.{len(themes)}"] = self.lineno
                themes.append(part.strip())

    def timeline_line(self, text: str) -> None:
        """ "2020-07-30 victory: what happened"; a line without a date continues the entry above."""
        text, _bullet = _strip_bullet(text)
        entries = self.data.setdefault("timeline", [])
        match = _TIMELINE_RE.match(text)
        if match:
            path = f"timeline.{len(entries)}"
            entries.append({"date": match["date"], "kind": match["kind"], "text": match["text"]})
            for key in ("", ".date", ".kind", ".text"):
                self.lines[path + key] = self.lineno
            return
        if entries and not _DATE_START_RE.match(text):
            entries[-1]["text"] = f"{entries[-1]['text']} {text}".strip()
            return
        self.problem(None, _("A timeline line should look like '2020-07-30 victory: what happened' "
                             "(the kind is update, victory or closed)."))

    # targets

    def open_target(self) -> dict[str, Any]:
        """Start a new official in the current TARGETS or COPIES TO section."""
        assert self.section is not None
        targets = self.data.setdefault(self.section, [])
        self.target = {}
        targets.append(self.target)
        self.lines[f"{self.section}.{len(targets) - 1}"] = self.lineno
        self.target_last = self.target_pending = None
        self.target_freeform = False
        return self.target

    def close_target(self) -> None:
        """End the current official (a blank line or a new section)."""
        self.target = None
        self.target_last = self.target_pending = None

    def target_noun(self, number: int) -> str:
        """ "target 2" or "copies-to entry 2", as schema.validate numbers them."""
        if self.section == "copies_to":
            return _("copies-to entry %(number)d", number=number)
        return _("target %(number)d", number=number)

    def target_path(self, key: str) -> str:
        """Dotted path of ``key`` in the current official."""
        return f"{self.section}.{len(self.data[self.section]) - 1}.{key}"

    def target_labelled(self, label: _Label) -> None:
        """ "Name: …", "Address: …", "Salutation: …" inside a target block."""
        key = label.field
        target = self.target
        if target is None or (key == "name" and "name" in target):
            target = self.open_target()  # a second "Name:" starts the next official
        if not key:  # phone, fax, social media: not part of the case shape
            self.target_last = self.target_pending = None
            return
        if key in target:
            number = len(self.data[self.section])
            self.problem(self.target_path(key), _("%(official)s has '%(label)s' twice; leave a blank line between "
                                                  "officials.", official=self.target_noun(number).capitalize(),
                                                  label=label.label))
            return
        self.lines[self.target_path(key)] = self.lineno
        if key == "address":
            target["address"] = [label.value] if label.value else []
            if label.value:
                self.lines[self.target_path("address.0")] = self.lineno
        else:
            target[key] = label.value
        self.target_last = key
        self.target_pending = key if not label.value and key != "address" else None

    def target_line(self, text: str) -> None:
        """An unlabelled line in a target block: a continued address, or the free form (name, then address)."""
        target = self.target if self.target is not None else self.open_target()
        if self.target_pending:
            target[self.target_pending] = text
            self.lines[self.target_path(self.target_pending)] = self.lineno
            self.target_pending = None
            return
        if self.target_last == "address" or (self.target_freeform and "name" in target and
                                             not _EMAIL_LINE_RE.match(text) and not text.lower().startswith("dear ")):
            address = target.setdefault("address", [])
            self.lines.setdefault(self.target_path("address"), self.lineno)
            self.lines[self.target_path(f"address.{len(address)}")] = self.lineno
            address.append(text)
            return
        if _EMAIL_LINE_RE.match(text) and "email" not in target:
            target["email"] = text
            self.lines[self.target_path("email")] = self.lineno
            return
        if text.lower().startswith("dear ") and "salutation" not in target:
            target["salutation"] = text
            self.lines[self.target_path("salutation")] = self.lineno
            return
        if not target:  # the first line of an unlabelled block names the official
            target["name"] = text
            self.lines[self.target_path("name")] = self.lineno
            self.target_freeform = True
            return
        label_like = _LABEL_LIKE_RE.match(text)
        number = len(self.data[self.section])
        if label_like and len(label_like["label"].split()) <= 5:
            self.unknown_label(label_like["label"], number)
            return
        self.problem(None, _("This line of %(official)s is not under a label (Name, Title, Address, Salutation, "
                             "Email or Preferred language).", official=self.target_noun(number)))

    # the end

    def finish(self) -> None:
        """Join prose paragraphs and fill in what only the seed headline gave."""
        for name, lines in self.prose.items():
            paragraphs: list[list[str]] = [[]]
            for text in lines:
                if text:
                    paragraphs[-1].append(text)
                elif paragraphs[-1]:
                    paragraphs.append([])
            # A letter keeps its line breaks (greeting, sign-off); other prose was wrapped by an email client.
            joiner = "\n" if name == "model_letter" else " "
            self.data[name] = "\n\n".join(joiner.join(p) for p in paragraphs if p)
        for name, (value, line) in self.soft.items():
            if name not in self.data:
                self.data[name] = value
                self.lines[name] = line


def parse_text(source: str) -> ParsedSource:
    """Read the labelled-section form of an Urgent Action (see the module docstring and TEXT_LABELS)."""
    return _TextReader().read(source.replace("\r\n", "\n").replace("\r", "\n"))
