"""Template filters and globals shared by every page."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import once
from flask import Flask
from flask_babel import gettext as _
from flask_login import current_user

from . import bands, dates
from .access import has_role
from .cases.status import accepts_letters, shown_status
from .letters.safety.findings import kept_message


def format_date(value: date | datetime | None) -> str:
    """A date (or the day of a stored time) as the viewer's school writes it (classroom/dates.py)."""
    return dates.viewer().date_text(value)


def format_datetime(value: datetime | None) -> str:
    """A stored time in the viewer's school's zone and date style."""
    return dates.viewer().datetime_text(value)


def format_time(value: datetime | None) -> str:
    """The time of day of a stored time, in the viewer's school's zone."""
    return dates.viewer().time_text(value)


def is_today(value: date | datetime) -> bool:
    """``value is today`` in templates: the same day as now, where the viewer's school is."""
    local = dates.viewer()
    return local.day(value) == local.today()


def navigation() -> list[tuple[str, str]]:
    """(endpoint, label) pairs for the signed-in person's menu."""
    if not current_user.is_authenticated:
        return []
    items = [("main.home", _("Home"))]
    if has_role(current_user, "teacher"):
        items.append(("cases.index", _("Case library")))
        items.append(("lessons.index", _("Lessons")))
        items.append(("network.alerts_page", _("Alerts")))
        if has_role(current_user, "coordinator"):
            items.append(("printing.queue", _("Print queue")))
        if has_role(current_user, "curator"):
            items.append(("network.mail_conditions", _("Mail conditions")))
        if current_user.school_id:
            items.append(("schools.show", _("My school")))
    return items


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters["band_label"] = bands.label
    app.jinja_env.filters["shown_status"] = shown_status
    app.jinja_env.globals["accepts_letters"] = accepts_letters
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.tests["today"] = is_today
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["bands"] = bands
    app.jinja_env.globals["once_token"] = once.new_token
    app.jinja_env.filters["flag_message"] = kept_message  # a safety flag kept on a letter, for the teacher

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"nav_items": navigation()}
