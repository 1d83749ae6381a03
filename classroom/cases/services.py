"""Library rules: saving, rating, searching, the age gate and the timeline."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from .. import bands
from ..auth.models import User
from ..clock import today, utcnow
from ..extensions import db
from .models import BandDecision, Case, CaseEvent, CaseTheme, CaseThanks, Target
from .rating import Rating, rate_case
from .ua_numbers import ua_key

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


def find_case_by_ua(ua_number: str, owner: User | None = None) -> Case | None:
    """The case with this UA number in any spelling (``ua_numbers.ua_key``) that ``owner`` would collide with.

    A public case counts for everyone; for a private import (``owner`` given) the owner's own
    private cases count too. The oldest match wins, so a follow-up finds the first case.
    """
    key = ua_key(ua_number)
    if key is None:
        return None
    number = key.split("/")[0]
    # Spellings differ ("UA 104.09", "104/09"), so SQL narrows by the digits and ua_key decides.
    query = select(Case).where(Case.ua_number.contains(number, autoescape=True))
    if owner is None:
        query = query.where(Case.owner_id.is_(None))
    else:
        query = query.where(or_(Case.owner_id.is_(None), Case.owner_id == owner.id))
    for case in db.session.scalars(query.order_by(Case.id)):
        if ua_key(case.ua_number) == key:
            return case
    return None


def ua_number_taken(ua_number: str, owner: User | None = None) -> bool:
    """A public case (or, for a private import, one of the owner's) already has this UA number, in any spelling."""
    return find_case_by_ua(ua_number, owner) is not None


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


STATUS_AFTER = {"update": "update", "victory": "victory", "closed": "closed"}


def add_event(case: Case, when: date, kind: str, text: str, by: User | None) -> CaseEvent:
    """Add an update, victory or closure to the timeline; the latest entry by date sets the case's status.

    A back-dated update recorded after a closure must not reopen the case (the timeline
    is read by date, so the closure stays its last entry).
    """
    event = CaseEvent(date=when, kind=kind, text=text.strip(), created_by_id=by.id if by else None)
    case.events.append(event)
    latest = max(reversed(case.events), key=lambda e: e.date)  # on the same day, the new entry wins
    case.status = STATUS_AFTER[latest.kind]
    case.updated_at = utcnow()
    db.session.flush()
    return event


def add_thanks(case: Case, quote: str, who: str, when: date | None) -> CaseThanks:
    """Attach a message of thanks to a case."""
    thanks = CaseThanks(quote=quote.strip(), who=who.strip(), date=when)
    case.thanks.append(thanks)
    db.session.flush()
    return thanks


def accepts_letters(case: Case) -> bool:
    """A closed case takes no new letters."""
    return status_accepts_letters(case.status)


def deadline_passed(case: Case) -> bool:
    """True once the case's action deadline is behind us (the one rule for it, on the pinned clock)."""
    return case.deadline is not None and case.deadline < today()


def shown_status(case: Case) -> str:
    """The status the library shows: a call to action whose deadline passed shows as ``deadline_passed``."""
    return "deadline_passed" if case.status == "action" and deadline_passed(case) else case.status


def status_accepts_letters(status: str) -> bool:
    """The rule of ``accepts_letters`` on the status alone."""
    return status != "closed"


# --- the age gate -------------------------------------------------------------------

@dataclass(frozen=True)
class GateResult:
    """Whether a case suits a band, and the notes (with their phrases) that say why not."""

    allowed: bool
    case_band: str
    class_band: str
    reasons: tuple[dict[str, Any], ...]

    @property
    def message(self) -> str:
        """Plain explanation for the teacher."""
        if self.allowed:
            return ""
        notes = "; ".join(
            f"{r['label']} (“{'”, “'.join(r['phrases'][:3])}”)" if r["phrases"] else r["label"]
            for r in self.reasons)
        why = f" because of: {notes}" if notes else " by a curator's decision"
        return (f"This case is rated {bands.label(self.case_band)} and up{why}. "
                f"Your class is {bands.label(self.class_band)}.")


def age_gate(case: Case, class_band: str) -> GateResult:
    """A case may go to a class whose band is at or above the case's minimum band."""
    allowed = bands.at_or_above(class_band, case.min_band)
    reasons = tuple(n for n in case.content_notes if not bands.at_or_above(class_band, n["min_band"]))
    return GateResult(allowed, case.min_band, class_band, reasons)


def suits_band(case: Case, band: str) -> bool:
    """True when the case may be used with this band."""
    return age_gate(case, band).allowed


# --- browsing -----------------------------------------------------------------------

def visible_cases(viewer: User) -> Select[tuple[Case]]:
    """Published public cases, the viewer's own private imports, and (for curators) drafts."""
    public = Case.owner_id.is_(None)
    if not viewer.is_curator:
        public = public & Case.published.is_(True)
    return select(Case).where(or_(public, Case.owner_id == viewer.id))


def search(viewer: User, *, words: str = "", band: str | None = None, status: str | None = None,
           country: str | None = None, theme: str | None = None) -> list[Case]:
    """The library filtered as asked, newest first, in a fixed number of queries."""
    query = visible_cases(viewer)
    for word in words.lower().split()[:8]:
        query = query.where(Case.search_text.contains(word, autoescape=True))
    if band in bands.BAND_KEYS:
        suitable = bands.BAND_KEYS[: bands.rank(band) + 1]
        query = query.where(Case.min_band.in_(suitable))
    if status:
        query = query.where(Case.status == status)
    if status == "action":  # "Action needed" leaves out the calls whose deadline passed (deadline_passed)
        query = query.where(or_(Case.deadline.is_(None), Case.deadline >= today()))
    if country:
        query = query.where(Case.country == country)
    if theme:
        query = query.where(Case.id.in_(select(CaseTheme.case_id).where(CaseTheme.theme == theme)))
    query = query.options(selectinload(Case.theme_rows)).order_by(Case.issue_date.desc(), Case.id.desc())
    return list(db.session.scalars(query))


def facets(viewer: User) -> dict[str, list[str]]:
    """Countries and themes present in the viewer's library, for the filter menus."""
    ids = visible_cases(viewer).with_only_columns(Case.id).scalar_subquery()
    countries = db.session.scalars(select(Case.country).where(Case.id.in_(ids)).distinct().order_by(Case.country))
    themes = db.session.scalars(select(CaseTheme.theme).where(CaseTheme.case_id.in_(ids)).distinct())
    return {"countries": list(countries), "themes": sorted(themes, key=str.lower)}


def deletion_problem(case: Case) -> str | None:
    """Why a private case can't be deleted: a class has been assigned it (letters depend on it)."""
    from ..assignments.models import Assignment

    used = db.session.scalar(select(func.count(Assignment.id)).where(Assignment.case_id == case.id))
    if used:
        return "A class is working on this case, so it can't be deleted."
    return None
