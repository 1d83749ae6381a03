"""The news a student sees of the cases they wrote for: updates, victories, closures and
messages of thanks, framed in words for their class's age band.

Case events are written once, for teachers; they have no wording per band. So each item gets
a heading and a sentence written here for the band, and the curator's text is shown only when
the content rules (``data/content_rules.yaml``) find nothing in it above the band; otherwise
the student is told their teacher can say more. A student sees news only of cases they wrote
a letter for, and only news that came since they started it; never anyone else's letters.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import bands
from ..assignments.models import Assignment
from ..auth.models import User
from ..cases.models import Case
from ..cases.rating import rate_text
from ..classes.models import Enrolment
from ..extensions import db
from ..letters.models import Letter

# (heading, sentence) per kind of news, for the youngest band that uses it; older bands use
# the wording of the nearest band at or below theirs.
WORDING: dict[str, dict[str, tuple[LazyString, LazyString]]] = {
    "victory": {
        "elementary": (_l("Good news!"), _l("Something good happened for the people you wrote for. "
                                     "Letters like yours help.")),
        "middle": (_l("A victory"), _l("There is good news in the case you wrote for. Letters from people around the "
                                "world, yours among them, were part of the pressure.")),
        "high": (_l("Victory"), _l("The case you wrote for has had a success. Your letter was one of many that "
                            "asked for this.")),
    },
    "update": {
        "elementary": (_l("News about your case"), _l("There is news about the people you wrote for.")),
        "middle": (_l("An update"), _l("There is news in the case you wrote for.")),
        "high": (_l("Update"), _l("The case you wrote for has moved on.")),
    },
    "closed": {
        "elementary": (_l("This case has ended"), _l("Amnesty is not asking for more letters for this case.")),
        "middle": (_l("The case is closed"), _l("Amnesty has closed the case you wrote for.")),
        "high": (_l("Case closed"), _l("Amnesty has closed the case you wrote for.")),
    },
    "thanks": {
        "elementary": (_l("A thank-you!"), _l("The people you wrote for sent a message to say thank you to everyone "
                                       "who wrote. That includes you.")),
        "middle": (_l("A message of thanks"), _l("The people you wrote for thanked everyone who wrote, you included.")),
        "high": (_l("Thanks"), _l("A message of thanks to everyone who wrote, you included.")),
    },
}


@dataclass(frozen=True)
class NewsItem:
    """One piece of news as a student of ``band`` reads it."""

    case: Case
    kind: str  # update | victory | closed | thanks
    when: date
    heading: str  # translated when shown
    sentence: str
    text: str | None  # the curator's text or the quote, when it suits the band
    who: str = ""  # who said thank you

    @property
    def badge(self) -> str:
        return {"victory": "ok", "update": "info", "thanks": "ok"}.get(self.kind, "")


def wording(kind: str, band: str) -> tuple[str, str]:
    """The heading and sentence for ``kind`` at ``band`` (the nearest band written at or below it)."""
    written = WORDING[kind]
    for key in reversed(bands.BAND_KEYS[: bands.rank(band) + 1]):
        if key in written:
            return str(written[key][0]), str(written[key][1])
    heading, sentence = written["elementary"]
    return str(heading), str(sentence)


def suits(text: str, band: str) -> bool:
    """True when the content rules find nothing in ``text`` above ``band``."""
    return bands.at_or_above(band, rate_text(text).band)


def _news_of(case: Case, band: str, since: datetime) -> list[NewsItem]:
    """The case's news that came since ``since``, newest first."""
    items = []
    for event in case.events:
        if event.created_at >= since or event.date >= since.date():
            heading, sentence = wording(event.kind, band)
            items.append(NewsItem(case, event.kind, event.date, heading, sentence,
                                  event.text if suits(event.text, band) else None))
    for thanks in case.thanks:
        if thanks.created_at >= since or (thanks.date is not None and thanks.date >= since.date()):
            heading, sentence = wording("thanks", band)
            shown = suits(thanks.quote, band)
            items.append(NewsItem(case, "thanks", thanks.date or thanks.created_at.date(), heading, sentence,
                                  thanks.quote if shown else None, thanks.who if shown else ""))
    return sorted(items, key=lambda item: item.when, reverse=True)


def for_letter(letter: Letter) -> list[NewsItem]:
    """News of the letter's case since the student started it, for the band of its class."""
    return _news_of(letter.assignment.case, letter.assignment.classroom.band, letter.created_at)


def for_student(student: User, limit: int = 6) -> list[NewsItem]:
    """News of every case the student wrote for in a class they are still in, newest first."""
    letters = db.session.scalars(
        select(Letter).join(Assignment, Assignment.id == Letter.assignment_id)
        .join(Enrolment, (Enrolment.class_id == Assignment.class_id) & (Enrolment.student_id == Letter.student_id))
        .where(Letter.student_id == student.id, Enrolment.status == "active")
        .options(selectinload(Letter.assignment).selectinload(Assignment.case).selectinload(Case.events),
                 selectinload(Letter.assignment).selectinload(Assignment.case).selectinload(Case.thanks),
                 selectinload(Letter.assignment).selectinload(Assignment.classroom))
        .order_by(Letter.created_at)).all()
    first: dict[int, Letter] = {}
    for letter in letters:  # a case written for twice gives its news once, from the first letter
        first.setdefault(letter.assignment.case_id, letter)
    items = [item for letter in first.values() for item in for_letter(letter)]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]
