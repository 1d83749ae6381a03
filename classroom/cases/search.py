"""Finding cases: what a viewer may see, the library's search and filters, and a case by its UA number."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from .. import bands
from ..auth.models import User
from ..clock import today
from ..extensions import db
from .models import Case, CaseTheme
from .ua_numbers import ua_key


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



def visible_cases(viewer: User) -> Select[Case]:
    """Published public cases, the viewer's own private imports, and (for curators) drafts."""
    public: ColumnElement[bool] = Case.owner_id.is_(None)
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
