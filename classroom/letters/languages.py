"""The language a letter is written in: the choices offered, and the wording that follows it.

The student picks the language (``Letter.language``). The greeting, closing, card heading,
date format, fonts and direction all follow it, never the official's language: an English
letter to an Arabic-reading minister prints left to right with "Yours sincerely,".
The wording per language is ``data/closings.yaml``; names and directions come from Babel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from flask_babel import gettext as _

from ..datafiles import yaml_file

Direction = Literal["rtl", "ltr"]
FALLBACK = "en"
_SPLIT = re.compile(r"[\s,;/]+")


@dataclass(frozen=True)
class Wording:
    """What a letter or card says around the student's text, in one language."""

    salutation: str
    closing: str
    card_to: str
    card_closing: str


@cache
def _table() -> dict[str, Wording]:
    """Every language of the data file, by primary tag."""
    data = yaml_file("closings.yaml")
    assert isinstance(data, dict)
    return {str(tag): Wording(**{k: str(v) for k, v in entry.items()}) for tag, entry in data.items()}


def primary(language: str) -> str:
    """The primary subtag, lower case ("zh-Hant" → "zh")."""
    return (language or FALLBACK).split("-", 1)[0].split("_", 1)[0].lower()


def known_languages() -> tuple[str, ...]:
    """The languages a letter can be written in, as the data file lists them."""
    return tuple(_table())


def is_known(language: str) -> bool:
    """Whether the data file has wording for this language."""
    return primary(language) in _table()


def wording(language: str) -> Wording:
    """The wording for a language; English when the data file has none."""
    table = _table()
    return table.get(primary(language), table[FALLBACK])


@cache
def _locale(language: str) -> Locale | None:
    """Babel's locale for a tag, or None when CLDR does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        try:
            return Locale.parse(primary(language))
        except (ValueError, UnknownLocaleError):
            return None


def direction(language: str) -> Direction:
    """'rtl' for languages written right to left (Arabic, Hebrew, Persian, Urdu, …), from CLDR."""
    locale = _locale(language or FALLBACK)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def name(language: str) -> str:
    """The language's own name ("العربية", "español"), as the editor's list shows it (marked with its
    ``lang``, as the page's language switch does); the page's name for it when CLDR has no own name."""
    locale = _locale(primary(language))
    if locale is None:
        return language
    return locale.get_language_name(locale) or page_name(language)


def page_name(language: str) -> str:
    """The language's name in the page's language ("árabe" on a Spanish page, "Arabic" on an English one)."""
    from ..i18n import page_locale

    locale = _locale(primary(language))
    return (locale.get_language_name(page_locale()) if locale else None) or language


def english_name(language: str) -> str:
    """The language's English name ("Arabic")."""
    locale = _locale(primary(language))
    return (locale.get_language_name("en") if locale else None) or language


def official_languages(target_language: str | None) -> list[str]:
    """The languages an official reads, most preferred first (a target may list several: "ar, en")."""
    tags = [primary(tag) for tag in _SPLIT.split(target_language or "") if tag]
    return list(dict.fromkeys(tags))


def reads_phrase(languages: list[str]) -> str:
    """"This official reads Arabic or English" (empty when nothing is known), in the page's language."""
    from ..i18n import page_locale

    names = [page_name(tag) for tag in languages]
    if not names:
        return ""
    return _("This official reads %(languages)s", languages=format_list(names, style="or", locale=page_locale()))


def default_language(school_locale: str | None, class_language: str | None = None) -> str:
    """A new letter's language: the class's, else the school's locale's, else English."""
    for candidate in (class_language, school_locale):
        if candidate and is_known(candidate):
            return primary(candidate)
    return FALLBACK


def choices(official: list[str], default: str) -> list[tuple[str, list[tuple[str, str, dict[str, str]]]]]:
    """The editor's list in groups: the official's languages first, then the class's, then the rest."""
    first = [tag for tag in official if is_known(tag)]
    ours = [tag for tag in dict.fromkeys([default, FALLBACK]) if tag not in first]
    rest = sorted((tag for tag in known_languages() if tag not in first and tag not in ours), key=english_name)
    groups = [(reads_phrase(first), first), (_("Your class"), ours), (_("Other languages"), rest)]
    return [(label, [(tag, name(tag), {"lang": tag}) for tag in tags]) for label, tags in groups if tags]


def salutation(letter_language: str, target_language: str | None, target_salutation: str | None) -> str:
    """The greeting: the case's own when the letter is in the official's language, else the generic one."""
    if target_salutation and target_language and primary(letter_language) in official_languages(target_language)[:1]:
        return target_salutation
    return wording(letter_language).salutation


def join_names(language: str, names: list[str]) -> str:
    """"Ana, Ben and Chen Li" as the language joins a list (CLDR; no project data is read)."""
    # British English joins "A, B and C", as cards always have; CLDR's "en" adds a serial comma.
    locale = Locale.parse("en_GB") if primary(language) == "en" else _locale(primary(language)) or Locale.parse("en_GB")
    try:
        return format_list(names, locale=locale)
    except (ValueError, KeyError, UnknownLocaleError):
        return format_list(names, locale="en_GB")


def fill_heading(pattern: str, language: str, names: list[str]) -> str:
    """A card heading pattern ("To {names}") with the people's names; empty without names."""
    return pattern.replace("{names}", join_names(language, names)) if names else ""


def card_heading(language: str, names: list[str]) -> str:
    """"To Ana and Luis" in the card's language."""
    return fill_heading(wording(language).card_to, language, names)
