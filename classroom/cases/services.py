"""Library records: a case saved from its case-file data (and back), rated, its band decisions and timeline.

Finding cases is ``search``, the age gate ``age_gate``, what a status means ``status``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import bands
from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from .models import BandDecision, Case, CaseEvent, CaseTheme, CaseThanks, Target
from .rating import Rating, rate_case

STARTER_EDITORS = "Starter library editors"


# --- reading and writing the case-file shape ----------------------------------------

def _target_dict(target: Target) -> dict[str, Any]:
    """A target in the case-file shape."""
    return {"name": target.name, "title": target.title, "salutation": target.salutation,
            "address": target.address_lines, "email": target.email, "language": target.language,
            "contacts": target.contact_lines, "verify": target.verify}


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case in the shape of docs/case-format.md (what export writes and import reads)."""
    data: dict[str, Any] = {
        "ua_number": case.ua_number, "follows_up": case.follows_up, "ai_index": case.ai_index or None,
        "country": case.country,
        "region": case.region, "title": case.title, "issue_date": case.issue_date, "deadline": case.deadline,
        "status": case.status, "people": [dict(p) for p in case.people], "summary": case.summary,
        "background": case.background, "asks": list(case.asks), "model_letter": case.model_letter,
        "targets": [_target_dict(t) for t in case.letter_targets],
        "copies_to": [_target_dict(t) for t in case.copies_to],
        "copies_to_note": case.copies_to_note or None,
        "themes": case.themes, "student_summaries": dict(case.student_summaries),
        "timeline": [{"date": e.date, "kind": e.kind, "text": e.text} for e in case.events],
        "thanks": [{"quote": t.quote, "who": t.who, "date": t.date} for t in case.thanks],
    }
    if case.student_summaries_by_language:
        # after the English summaries, before the timeline (the order of docs/case-format.md)
        data["student_summaries_by_language"] = {
            language: dict(texts) for language, texts in sorted(case.student_summaries_by_language.items())}
        data["timeline"] = data.pop("timeline")
        data["thanks"] = data.pop("thanks")
    decision = case.latest_band_decision
    if decision:
        data["rating"] = {"expected_band": case.suggested_band,
                          "expected_notes": [n["note"] for n in case.content_notes],
                          "decision": {"band": decision.band, "reason": decision.reason, "by": decision.decided_by_name}}
    return data


def _search_text(case: Case) -> str:
    """What word search looks in."""
    parts = [case.ua_number, case.title, case.country, case.people_names, case.summary]
    return " ".join(parts).lower()


def _sync_targets(case: Case, role: str, items: Sequence[Mapping[str, Any]]) -> None:
    """Update targets in place by position, so letters keep pointing at the same official."""
    existing = [t for t in case.targets if t.role == role]
    for position, item in enumerate(items):
        target = existing[position] if position < len(existing) else None
        if target is None:
            target = Target(role=role)
            case.targets.append(target)
        target.position = position
        target.name = item["name"]
        target.title = item.get("title") or ""
        target.salutation = item.get("salutation") or ""
        target.address = "\n".join(item.get("address") or [])
        target.email = item.get("email") or None
        target.language = item.get("language") or "en"
        target.verify = bool(item.get("verify"))
        target.contacts = "\n".join(item.get("contacts") or [])
    for stale in existing[len(items):]:
        case.targets.remove(stale)


def apply_data(case: Case, data: Mapping[str, Any]) -> None:
    """Copy a validated case dict onto ``case`` (new or existing)."""
    for field in ("ua_number", "follows_up", "country", "title", "issue_date", "deadline", "status",
                  "summary"):
        setattr(case, field, data[field])
    case.region = data.get("region") or ""
    case.people = [{"name": p["name"], "pronouns": p.get("pronouns") or ""} for p in data.get("people") or []]
    case.background = data.get("background") or ""
    case.asks = list(data.get("asks") or [])
    case.model_letter = data.get("model_letter") or ""
    case.ai_index = data.get("ai_index") or ""
    case.copies_to_note = data.get("copies_to_note") or ""
    case.student_summaries = {k: v for k, v in (data.get("student_summaries") or {}).items() if v}
    case.student_summaries_by_language = {
        language: {band: text for band, text in texts.items() if text}
        for language, texts in (data.get("student_summaries_by_language") or {}).items() if texts}
    _sync_targets(case, "target", data.get("targets") or [])
    _sync_targets(case, "copy", data.get("copies_to") or [])
    wanted = sorted({t.strip() for t in data.get("themes") or [] if t.strip()})
    case.theme_rows = [row for row in case.theme_rows if row.theme in wanted]
    have = {row.theme for row in case.theme_rows}
    case.theme_rows.extend(CaseTheme(theme=t) for t in wanted if t not in have)
    _sync_events(case, data.get("timeline") or [])
    _sync_thanks(case, data.get("thanks") or [])
    case.search_text = _search_text(case)


def _sync_events(case: Case, items: Sequence[Mapping[str, Any]]) -> None:
    """Make the timeline match ``items`` (unchanged entries keep their rows)."""
    wanted = [(item["date"], item["kind"], item["text"]) for item in items]
    current = [(e.date, e.kind, e.text) for e in case.events]
    if wanted != current:
        case.events = [CaseEvent(date=d, kind=k, text=t) for d, k, t in wanted]


def _sync_thanks(case: Case, items: Sequence[Mapping[str, Any]]) -> None:
    """Make the messages of thanks match ``items``."""
    wanted = [(item["quote"], item["who"], item.get("date")) for item in items]
    current = [(t.quote, t.who, t.date) for t in case.thanks]
    if wanted != current:
        case.thanks = [CaseThanks(quote=q, who=w, date=d) for q, w, d in wanted]


def rate(case: Case) -> Rating:
    """Run the rule table over the case's text and store what it found.

    The minimum band is the curator's latest decision when there is one, else the suggestion.
    """
    rating = rate_case(case_to_dict(case))
    case.content_notes = [
        {"note": hit.note, "label": hit.label, "min_band": hit.min_band, "phrases": list(hit.phrases)}
        for hit in rating.notes
    ]
    case.suggested_band = rating.band
    decision = case.latest_band_decision
    case.min_band = decision.band if decision else rating.band
    return rating


def create_case(data: Mapping[str, Any], *, created_by: User | None, owner: User | None = None,
                source: str = "import", published: bool = True) -> Case:
    """Save a validated case: a curator's is public, a teacher's import is private to them."""
    now = utcnow()
    case = Case(owner_id=owner.id if owner else None, created_by_id=created_by.id if created_by else None,
                source=source, published=published or owner is not None, suggested_band="elementary",
                min_band="elementary", content_notes=[], created_at=now, published_at=None)
    apply_data(case, data)
    for event in case.events:  # the timeline a case comes with is part of its arrival, not later news
        event.created_at = now
    if case.published:
        case.published_at = now
    db.session.add(case)
    apply_file_decision(case, data, created_by)
    rate(case)
    db.session.flush()
    return case


def may_record_band_decision(case: Case, by: User | None) -> bool:
    """Only curators record rating decisions, and only on public cases.

    ``by`` is None for the starter library's files, which the editors keep (``cases.starter``).
    A private case (a teacher's import) never gets a decision: its band is the rule table's,
    and only the school's override, recorded on the assignment, lets it go to a younger class.
    ``Case.latest_band_decision`` ignores any decision a private case carries from before.
    """
    return case.owner_id is None and (by is None or by.is_curator)


def set_published(case: Case, published: bool) -> None:
    """Publish a case to every teacher, or take it back to draft.

    The first publication is kept: alerts count a case's news from it, and taking a case
    back to draft for a fix must not make it news again.
    """
    case.published = published
    if published and case.published_at is None:
        case.published_at = utcnow()


def apply_file_decision(case: Case, data: Mapping[str, Any], by: User | None) -> None:
    """A decision written in a case file (starter library or a curator's import or edit) becomes a
    recorded decision, when ``may_record_band_decision`` allows it; otherwise it is ignored."""
    decision = ((data.get("rating") or {}).get("decision")) or None
    if not decision or not may_record_band_decision(case, by):
        return
    # Recorded once: reloading the file must not undo a curator's later decision.
    if any(d.band == decision["band"] and d.reason == decision["reason"] for d in case.band_decisions):
        return
    suggested = rate_case(dict(data)).band
    case.band_decisions.append(BandDecision(
        band=decision["band"], suggested_band=suggested, reason=decision["reason"],
        # The file's "by" names who decided (an export keeps it); decided_by_id is the curator who vouched.
        decided_by_id=by.id if by else None, decided_by_name=decision.get("by") or (by.name if by else STARTER_EDITORS)))


def update_case(case: Case, data: Mapping[str, Any], by: User | None = None) -> None:
    """Replace a case's content with a validated case dict and rate it again."""
    apply_data(case, data)
    apply_file_decision(case, data, by)
    rate(case)
    db.session.flush()


# --- band decisions, timeline, thanks ---------------------------------------------

def decide_band(case: Case, band: str, reason: str, by: User) -> BandDecision:
    """A curator confirms or changes the minimum band; the reason and who gave it are kept."""
    if band not in bands.BAND_KEYS:
        raise ValueError(f"unknown band {band!r}")
    if not may_record_band_decision(case, by):
        raise PermissionError("Only curators decide the band of a public case.")
    decision = BandDecision(band=band, suggested_band=case.suggested_band, reason=reason.strip(),
                            decided_by_id=by.id, decided_by_name=by.name)
    case.band_decisions.append(decision)
    case.min_band = band
    db.session.flush()
    return decision


def event_date_problem(case: Case, when: date) -> str | None:
    """Why a timeline entry can't have this date: it is before the case was issued."""
    if when < case.issue_date:
        return _("The date can't be before the case was issued.")
    return None


def add_event(case: Case, when: date, kind: str, text: str, by: User | None) -> CaseEvent:
    """Add an update, victory or closure to the timeline; the latest entry by date sets the case's status.

    A back-dated update recorded after a closure must not reopen the case (the timeline
    is read by date, so the closure stays its last entry).
    """
    event = CaseEvent(date=when, kind=kind, text=text.strip(), created_by_id=by.id if by else None)
    case.events.append(event)
    latest = max(reversed(case.events), key=lambda e: e.date)  # on the same day, the new entry wins
    case.status = latest.kind  # each entry's kind is the status it leaves (status.EVENT_KINDS)
    case.updated_at = utcnow()
    db.session.flush()
    return event


def add_thanks(case: Case, quote: str, who: str, when: date | None) -> CaseThanks:
    """Attach a message of thanks to a case."""
    thanks = CaseThanks(quote=quote.strip(), who=who.strip(), date=when)
    case.thanks.append(thanks)
    db.session.flush()
    return thanks


def deletion_problem(case: Case) -> str | None:
    """Why a private case can't be deleted: a class has been assigned it (letters depend on it)."""
    from ..assignments.models import Assignment

    used = db.session.scalar(select(func.count(Assignment.id)).where(Assignment.case_id == case.id))
    if used:
        return _("A class is working on this case, so it can't be deleted.")
    return None
