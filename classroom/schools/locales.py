"""A school's language and date style (``School.locale``): the one list of them.

One value says two things: the language of the school's pages and emails when pages exist in it
(``i18n.supported``: the primary subtag), and how dates are written on its letters (Babel's long
date of that locale). The choices say both, each in its own language ("Español (México) — 26 de
noviembre de 2026"), so a teacher recognises their own whatever the page language is.
"""
from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from wtforms.fields.choices import SelectChoice

# Stored values (never renamed: letters already printed follow them), in the list's order.
LOCALES = ("en-GB", "en-US", "es-ES", "es-MX", "es-US", "de-DE", "fr-FR")
DEFAULT_LOCALE = "en-GB"
_SAMPLE = date(2026, 11, 26)


def label(tag: str) -> str:
    """"Español (España) — 26 de noviembre de 2026": the language and region, and a date in that style."""
    locale = Locale.parse(tag.replace("-", "_"))
    name = locale.get_display_name(locale) or tag
    return f"{name[:1].upper()}{name[1:]} — {format_date(_SAMPLE, 'long', locale=locale)}"


def choices() -> list[SelectChoice]:
    """The select's options, each marked with its own language."""
    return [SelectChoice(tag, label(tag), {"lang": tag}) for tag in LOCALES]


def for_language(language: str, wanted: list[str] | tuple[str, ...] = ()) -> str:
    """A new school's locale for someone reading pages in ``language``: the first of ``wanted``
    (e.g. the browser's Accept-Language, best first) in that language, else the list's first one
    in it, else the default."""
    mine = [tag for tag in LOCALES if tag.split("-")[0] == language]
    for tag in wanted:
        for candidate in mine:
            if candidate.lower() == tag.lower():
                return candidate
    return mine[0] if mine else DEFAULT_LOCALE
