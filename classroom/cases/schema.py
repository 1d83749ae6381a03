"""The rules every imported case must meet (docs/case-format.md), checked by ``validate``.

``validate`` is the one gate between anything read from outside (a pasted Urgent Action,
an uploaded YAML or JSON file, a file of the starter library) and the library: it checks
every rule of docs/case-format.md except "UA number already in the library" (that needs
the database, so the caller checks it), and turns the data into one normalised shape.
Every problem is a sentence a teacher can act on, tied to a line of the source when the
parser could say where the field was.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.lists import format_list
from flask_babel import gettext as _, lazy_gettext as _l

from .. import i18n
from ..bands import BAND_KEYS
from ..dates import viewer
from ..inputs import is_mail_address, is_single_line, is_storable
from .case_format import (CASE_LANGUAGE, CASE_FIELDS, DECISION_FIELDS, EVENT_FIELDS, MAX_LENGTHS, PERSON_FIELDS, RATING_FIELDS,
                          REGIONS, TARGET_FIELDS, THANKS_FIELDS, Problem, canonical_region, normalise_ua_number)
from .field_checks import FieldChecker, cap
from .languages import preferred_language
from .status import EVENT_KINDS, STATUSES

_EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PRONOUNS_GROUP = "group"


class _Checker(FieldChecker):
    """Walks one case, collecting problems and building the normalised copy."""

    # the case

    def case(self) -> dict[str, Any]:
        """Check every field of the case and return the normalised copy (valid only without problems)."""
        data = self.data
        for key in data:
            if key not in CASE_FIELDS:
                self.unknown(str(key), str(key), CASE_FIELDS, "")
        out: dict[str, Any] = {}
        out["ua_number"] = self.ua_number(data, "ua_number", required=True)
        out["follows_up"] = self.ua_number(data, "follows_up", required=False)
        if out["follows_up"] and out["follows_up"] == out["ua_number"]:
            self.report("follows_up", f"A case cannot follow up itself ({out['ua_number']}).")
        out["ai_index"] = self.text(data, "ai_index", "ai_index", required=False, max_length=MAX_LENGTHS["ai_index"])
        out["country"] = self.text(data, "country", "country", required=True, max_length=MAX_LENGTHS["country"])
        out["region"] = self.region(data)
        out["title"] = self.text(data, "title", "title", required=True, max_length=MAX_LENGTHS["title"])
        out["issue_date"] = self.date(data, "issue_date", "issue_date", required=True)
        out["deadline"] = self.date(data, "deadline", "deadline", required=False)
        out["status"] = self.status(data)
        out["people"] = self.people(data)
        out["summary"] = self.text(data, "summary", "summary", required=True)
        out["background"] = self.text(data, "background", "background", required=False)
        out["asks"] = self.text_items(data, "asks", "asks", _l("a list (one ask per item)"))
        out["model_letter"] = self.text(data, "model_letter", "model_letter", required=False)
        out["targets"] = self.targets(data, "targets", salutation_required=True)
        # Copies go to an embassy or a second office alongside the letter; nobody writes
        # them a letter of their own, so they need no salutation.
        out["copies_to"] = self.targets(data, "copies_to", salutation_required=False)
        # "Copies to diplomatic representatives of X accredited to your country": an instruction, never an address.
        out["copies_to_note"] = self.text(data, "copies_to_note", "copies_to_note", required=False)
        themes = self.text_items(data, "themes", "themes", _l("a list of tags"), MAX_LENGTHS["theme"])
        out["themes"] = list(dict.fromkeys(themes)) if themes is not None else None
        out["student_summaries"] = self.student_summaries(data)
        by_language = self.summaries_by_language(data)
        if by_language != {}:  # only a case that has some (or a broken group, None) carries the field
            out["student_summaries_by_language"] = by_language
        out["rating"] = self.rating(data)
        out["timeline"] = self.timeline(data)
        out["thanks"] = self.thanks(data)
        self.case_rules(out)
        return out

    def ua_number(self, data: Mapping[str, Any], key: str, *, required: bool) -> str | None:
        """A well-formed UA number in its normal spelling."""
        value = self.text(data, key, key, required=required, single_line=True)
        if value is None:
            return None
        normal = normalise_ua_number(value)
        if normal is None:
            self.report(key, _("'%(value)s' is not a UA number: write it like UA 59.20 (or the older form 229/10).",
                               value=value))
        return normal

    def region(self, data: Mapping[str, Any]) -> str | None:
        """One of the five regions (optional: a pasted UA often does not say)."""
        value = self.text(data, "region", "region", required=False, single_line=True)
        if value is None:
            return None
        region = canonical_region(value)
        if region is None:
            self.report("region", _("'%(value)s' is not a region. Use one of: %(regions)s.", value=value,
                                     regions=", ".join(REGIONS)))
        return region

    def status(self, data: Mapping[str, Any]) -> str | None:
        """One of STATUSES, lower-case."""
        value = self.text(data, "status", "status", required=True, single_line=True)
        if value is None:
            return None
        if value.lower() not in STATUSES:
            self.report("status", _("'%(value)s' is not a status. Use one of: %(statuses)s.", value=value,
                                     statuses=", ".join(STATUSES)))
            return None
        return value.lower()

    def people(self, data: Mapping[str, Any]) -> list[dict[str, str]] | None:
        """At least one person (or group) at risk, each with a name and optional pronouns."""
        raw = self.items(data, "people", "people", _l("a list of people (name and pronouns)"))
        if raw is None:
            return None
        if not raw:
            self.report("people", _("At least one person at risk is needed (a name, or the name of the group)."))
            return []
        result = []
        for index, item in enumerate(raw):
            path = f"people.{index}"
            if isinstance(item, str):
                item = {"name": item}  # "- Kelly Gonzalez Aguilar" is a natural shorthand in YAML
            person = self.mapping(item, path, PERSON_FIELDS, _l("a name with pronouns"))
            if person is None:
                continue
            name = self.text(person, "name", f"{path}.name", required=True, max_length=MAX_LENGTHS["person.name"])
            pronouns = self.text(person, "pronouns", f"{path}.pronouns", required=False, single_line=True)
            if name is not None:
                result.append({"name": name, "pronouns": pronouns or ""})
        return result

    def targets(self, data: Mapping[str, Any], key: str, *, salutation_required: bool) -> list[dict[str, Any]] | None:
        """Officials (or copies-to offices) in the target shape; see docs/case-format.md."""
        raw = self.items(data, key, key, _l("a list of officials"))
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"{key}.{index}"
            target = self.mapping(item, path, TARGET_FIELDS, _l("a group of fields (name, salutation, address…)"))
            if target is None:
                continue
            entry: dict[str, Any] = {
                "name": self.text(target, "name", f"{path}.name", required=True, max_length=MAX_LENGTHS["target.name"]),
                "title": self.text(target, "title", f"{path}.title", required=False,
                                   max_length=MAX_LENGTHS["target.title"]),
                "salutation": self.text(target, "salutation", f"{path}.salutation", required=salutation_required,
                                        max_length=MAX_LENGTHS["target.salutation"]),
                "address": self.address(target, f"{path}.address"),
                "email": self.email(target, f"{path}.email"),
                "language": self.language(target, f"{path}.language"),
                "contacts": self.text_items(target, "contacts", f"{path}.contacts", _l("a list of contact lines"),
                                            single_line=True) or [],
                "verify": self.flag(target, "verify", f"{path}.verify"),
            }
            raw_email = target.get("email")
            has_email = isinstance(raw_email, str) and bool(raw_email.strip())  # a bad one is reported by email()
            if entry["address"] is not None and len(entry["address"]) < 2 and not has_email:
                self.report(path, _("%(official)s needs at least two address lines or an email address.",
                                    official=cap(self.item_name(key, index))))
            result.append(entry)
        return result

    def address(self, target: Mapping[str, Any], path: str) -> list[str] | None:
        """Address lines as a list; a block of text (YAML ``|``) is split at its line breaks."""
        value = target.get("address")
        if isinstance(value, str):
            lines = [line.strip() for line in value.splitlines() if line.strip()]
            if not all(is_single_line(line) for line in lines):
                self.report(path, _("%(field)s contains control characters; retype that part.",
                                    field=cap(self.describe(path))))
                return None
            return lines
        return self.text_items(target, "address", path, _l("a list of address lines"), single_line=True)

    def email(self, target: Mapping[str, Any], path: str) -> str | None:
        """An email address, or None."""
        value = self.text(target, "email", path, required=False, max_length=MAX_LENGTHS["target.email"])
        if value is None:
            return None
        value = value.removeprefix("mailto:")
        if not (_EMAIL_RE.match(value) and is_mail_address(value)):
            self.report(path, _("'%(value)s' is not an email address.", value=value))
            return None
        return value

    def language(self, target: Mapping[str, Any], path: str) -> str | None:
        """A lower-case BCP 47 tag from a tag or a language name, or None."""
        value = self.text(target, "language", path, required=False, single_line=True)
        if value is None:
            return None
        code = preferred_language(value)
        if code is None:
            self.report(path, _("'%(value)s' is not a language name or a language tag (such as Spanish or es).",
                                value=value))
        return code

    def flag(self, obj: Mapping[str, Any], key: str, path: str) -> bool:
        """A true/false setting, false when absent."""
        value = obj.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.wrong_type(path, _l("true or false"), value)
            return False
        return value

    def student_summaries(self, data: Mapping[str, Any]) -> dict[str, str] | None:
        """Plain-language summaries keyed by age band."""
        value = data.get("student_summaries")
        if value is None:
            return {}
        summaries = self.mapping(value, "student_summaries", BAND_KEYS, _l("a group of summaries by age band"))
        if summaries is None:
            return None
        result = {}
        for band in BAND_KEYS:
            text = self.text(summaries, band, f"student_summaries.{band}", required=False)
            if text is not None:
                result[band] = text
        return result

    def summaries_by_language(self, data: Mapping[str, Any]) -> dict[str, dict[str, str]] | None:
        """Student summaries in the other page languages: language -> age band -> text."""
        value = data.get("student_summaries_by_language")
        if value is None:
            return {}
        others = tuple(code for code in i18n.languages() if code != CASE_LANGUAGE)
        by_language = self.mapping(value, "student_summaries_by_language", others,
                                   _l("a group of summaries by language, each by age band"))
        if by_language is None:
            return None
        result: dict[str, dict[str, str]] = {}
        for language in others:
            if by_language.get(language) is None:
                continue
            path = f"student_summaries_by_language.{language}"
            summaries = self.mapping(by_language[language], path, BAND_KEYS, _l("a group of summaries by age band"))
            if summaries is None:
                return None
            texts = {band: text for band in BAND_KEYS
                     if (text := self.text(summaries, band, f"{path}.{band}", required=False))}
            if texts:
                result[language] = texts
        return result

    def band(self, obj: Mapping[str, Any], key: str, path: str, *, required: bool) -> str | None:
        """An age band key."""
        value = self.text(obj, key, path, required=required)
        if value is None:
            return None
        if value.lower() not in BAND_KEYS:
            self.report(path, _("'%(value)s' is not an age band. Use one of: %(bands)s.", value=value,
                                bands=", ".join(BAND_KEYS)))
            return None
        return value.lower()

    def rating(self, data: Mapping[str, Any]) -> dict[str, Any] | None:
        """The optional rating block, kept as given (stripped) once its bands and notes check out."""
        value = data.get("rating")
        if value is None:
            return None
        rating = self.mapping(value, "rating", RATING_FIELDS, _l("a group of fields (expected_band, expected_notes…)"))
        if rating is None:
            return None
        result: dict[str, Any] = {}
        if "expected_band" in rating:
            result["expected_band"] = self.band(rating, "expected_band", "rating.expected_band", required=False)
        if "expected_notes" in rating:
            result["expected_notes"] = self.text_items(rating, "expected_notes", "rating.expected_notes",
                                                       _l("a list of note names"))
        if rating.get("decision") is not None:
            decision = self.mapping(rating["decision"], "rating.decision", DECISION_FIELDS,
                                    _l("a group of fields (band, reason, by)"))
            if decision is not None:
                # services.apply_file_decision records band and reason; a decision without them means nothing.
                kept: dict[str, Any] = {
                    "band": self.band(decision, "band", "rating.decision.band", required=True),
                    "reason": self.text(decision, "reason", "rating.decision.reason", required=True),
                }
                if "by" in decision:
                    kept["by"] = self.text(decision, "by", "rating.decision.by", required=False,
                                           max_length=MAX_LENGTHS["decision.by"])
                result["decision"] = kept
        elif "decision" in rating:
            result["decision"] = None
        return result

    def timeline(self, data: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """Updates, victories and closure, oldest first."""
        raw = self.items(data, "timeline", "timeline", _l("a list of entries (date, kind, text)"))
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"timeline.{index}"
            entry = self.mapping(item, path, EVENT_FIELDS, _l("a group of fields (date, kind, text)"))
            if entry is None:
                continue
            when = self.date(entry, "date", f"{path}.date", required=True)
            kind = self.text(entry, "kind", f"{path}.kind", required=True, single_line=True)
            if kind is not None and kind.lower() not in EVENT_KINDS:
                self.report(f"{path}.kind", _("'%(kind)s' is not a kind of timeline entry. Use update, victory or closed.",
                                               kind=kind))
                kind = None
            text = self.text(entry, "text", f"{path}.text", required=True)
            result.append({"date": when, "kind": kind.lower() if kind else None, "text": text})
        return result

    def thanks(self, data: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """Messages of thanks: the quote, who it is from, and an optional date."""
        raw = self.items(data, "thanks", "thanks", _l("a list of messages (quote, who, date)"))
        if raw is None:
            return None
        result = []
        for index, item in enumerate(raw):
            path = f"thanks.{index}"
            entry = self.mapping(item, path, THANKS_FIELDS, "a group of fields (quote, who, date)")
            if entry is None:
                continue
            result.append({
                "quote": self.text(entry, "quote", f"{path}.quote", required=True),
                "who": self.text(entry, "who", f"{path}.who", required=True, max_length=MAX_LENGTHS["thanks.who"]),
                "date": self.date(entry, "date", f"{path}.date", required=False),
            })
        return result

    def case_rules(self, out: Mapping[str, Any]) -> None:
        """Rules between fields: dates in order, what each status needs, status against the timeline."""
        issued, deadline, status = out["issue_date"], out["deadline"], out["status"]
        if issued and deadline and deadline < issued:
            self.report("deadline", _("The deadline (%(deadline)s) is before the issue date (%(issued)s).",
                                      deadline=viewer().date_text(deadline), issued=viewer().date_text(issued)))
        timeline = out["timeline"] or []
        previous: date | None = None
        for index, entry in enumerate(timeline):
            when = entry["date"]
            if when is None:
                continue
            if issued and when < issued:
                self.report(f"timeline.{index}.date",
                            _("Timeline entry %(number)d (%(date)s) is before the issue date (%(issued)s).",
                              number=index + 1, date=viewer().date_text(when), issued=viewer().date_text(issued)))
            elif previous and when < previous:
                self.report(f"timeline.{index}.date",
                            _("Timeline entry %(number)d (%(date)s) is older than the entry before it (%(previous)s); "
                              "list the timeline oldest first.", number=index + 1, date=viewer().date_text(when),
                              previous=viewer().date_text(previous)))
            previous = max(previous, when) if previous else when
        if status == "action" and out["targets"] == []:
            self.report("targets", _("An action case needs at least one target: an official to write to."),
                        near="status")
        if status in ("action", "update") and out["asks"] == []:
            self.report("asks", _("An action case needs at least one ask: what the letters ask the authorities to "
                                  "do.") if status == "action" else
                        _("An update case needs at least one ask: what the letters ask the authorities to do."),
                        near="status")
        if status and timeline and timeline[-1]["kind"]:
            last = timeline[-1]["kind"]
            allowed = ("update", "action") if last == "update" else (last,)
            if status not in allowed:
                values = {"status": status, "should": format_list([f"'{s}'" for s in allowed], style="or",
                                                                  locale=i18n.page_locale())}
                messages = {
                    "update": _("The status is '%(status)s', but the last timeline entry is an update, so the status "
                                "should be %(should)s.", **values),
                    "victory": _("The status is '%(status)s', but the last timeline entry is a victory, so the "
                                 "status should be %(should)s.", **values),
                    "closed": _("The status is '%(status)s', but the last timeline entry is a closure, so the status "
                                "should be %(should)s.", **values)}
                self.report("status", messages[last])


def _unstorable_path(data: Any) -> str | None:
    """The dotted path of the first key or string with NUL or a lone surrogate, or None ("" for the top)."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if not is_storable(value):
                return path
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and not is_storable(key):
                    return path
                stack.append((item, f"{path}.{key}" if path else str(key)))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, f"{path}.{index}" if path else str(index)) for index, item in enumerate(value))
    return None


def is_storable_case(data: Any) -> bool:
    """True when no key or text in ``data`` has a NUL or a lone surrogate (it can then be shown and stored)."""
    return _unstorable_path(data) is None


def validate(data: Mapping[str, Any],
             lines: Mapping[str, int] | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check ``data`` against docs/case-format.md and return (normalised case, problems).

    ``lines`` maps dotted field paths to 1-based source lines, so each problem points at
    the line to fix (a missing field points at its enclosing item, or nowhere). The
    normalised case is None whenever there is any problem: nothing half-checked leaves here.
    "UA number already in the library" is not checked: that needs the database.
    """
    checker = _Checker(data if isinstance(data, Mapping) else {}, lines)
    broken = _unstorable_path(data)
    if broken is not None:
        # Said without quoting the text: a lone surrogate can't even be shown on the page.
        where = cap(checker.describe(broken)) if broken else _("The case")
        checker.report(broken, _("%(field)s contains a NUL or a broken character (such as an unpaired \\ud800 "
                                 "escape); retype that part.", field=where))
        return None, checker.problems
    if not isinstance(data, Mapping):
        return None, [Problem(1 if lines is not None else None, None,
                              _("The case should be a group of fields (ua_number, title, country, …), not %(kind)s.",
                                kind=_Checker.kind_of(data)))]
    normalised = checker.case()
    if checker.problems:
        return None, checker.problems
    return normalised, []

