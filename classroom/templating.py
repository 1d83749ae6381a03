"""Template filters and globals shared by every page."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import once
from flask import Flask
from flask_login import current_user

from . import bands
from .access import has_role
from .cases.status import accepts_letters, shown_status


def format_date(value: date | datetime | None) -> str:
    """A date as people write it: 26 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """A date and time (UTC) as people read it."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y, %H:%M} UTC"


def navigation() -> list[tuple[str, str]]:
    """(endpoint, label) pairs for the signed-in person's menu."""
    if not current_user.is_authenticated:
        return []
    items = [("main.home", "Home")]
    if has_role(current_user, "teacher"):
        items.append(("cases.index", "Case library"))
        items.append(("lessons.index", "Lessons"))
        items.append(("network.alerts_page", "Alerts"))
        if has_role(current_user, "coordinator"):
            items.append(("printing.queue", "Print queue"))
        if has_role(current_user, "curator"):
            items.append(("network.mail_conditions", "Mail conditions"))
        if current_user.school_id:
            items.append(("schools.show", "My school"))
    return items


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters["band_label"] = bands.label
    app.jinja_env.filters["shown_status"] = shown_status
    app.jinja_env.globals["accepts_letters"] = accepts_letters
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.globals["has_role"] = has_role
    app.jinja_env.globals["bands"] = bands
    app.jinja_env.globals["once_token"] = once.new_token

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"nav_items": navigation()}
