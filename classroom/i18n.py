"""The language of pages: which one a person reads, and the catalogs that give it (Flask-Babel).

Every string a person reads goes through gettext (``_`` in templates and Python, ``lazy_gettext``
for form labels made at import time). The catalogs are ``translations/<lang>/LC_MESSAGES/
messages.po``, read and compiled in memory on first use, so there is no compiled file to forget.
Adding a language is a catalog (``scripts/translations add xx``) and, for letters, an entry in
``data/closings.yaml``; see the README.

Which language a page is in, first that applies:
1. the person's own choice (``User.language``; before signing in, the ``language`` cookie);
2. for a student, their class's language (``Classroom.language``);
3. the school's: the language of its date style (``School.locale``), when pages exist in it;
4. the browser's ``Accept-Language``;
5. English.

A pseudo-language (``PSEUDO_LANGUAGE`` setting, off by default) wraps every translated message
in ⟦…⟧ and writes dates in Greek, so text that skipped the catalogs stands out on any page
(tests/access/test_pseudo_language.py renders every page in it).
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, Domain, get_locale, refresh

from .config import PACKAGE_DIR

TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
SOURCE_LANGUAGE = "en"
COOKIE = "language"
PSEUDO = "qps"  # a private-use code (as Windows' "qps-ploc"): never a real language
# The pseudo-language's dates and numbers: a locale in a script the checks can tell from English.
PSEUDO_LOCALE = "el"


@cache
def _catalog_languages() -> tuple[str, ...]:
    """Languages with a catalog in ``translations/``."""
    if not TRANSLATIONS_DIR.is_dir():
        return ()
    return tuple(sorted(p.parent.parent.name for p in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po")))


def languages() -> tuple[str, ...]:
    """The languages pages can be read in: English and every catalog (and the pseudo-language when on)."""
    found = (SOURCE_LANGUAGE, *_catalog_languages())
    if has_app() and current_app.config.get("PSEUDO_LANGUAGE"):
        found = (*found, PSEUDO)
    return found


def has_app() -> bool:
    """Whether there is an app to read settings from (not in a plain script)."""
    from flask import has_app_context

    return has_app_context()


def language_name(code: str) -> str:
    """A language's own name ("English", "español"), as the switch lists it."""
    if code == PSEUDO:
        return "⟦Pseudo⟧"
    return Locale.parse(code).get_display_name(code) or code


def choices() -> list[tuple[str, str]]:
    """(code, own name) for every page language, for the switch and the settings forms."""
    return [(code, language_name(code)) for code in languages()]


def supported(code: str | None) -> str | None:
    """``code``'s page language (its primary subtag) when pages exist in it, else None."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in languages() else None


def _class_language(user: Any) -> str | None:
    """A student's class's language: the first active class that has one."""
    from .classes.models import Classroom, Enrolment
    from .extensions import db

    found = db.session.scalar(
        db.select(Classroom.language)
        .join(Enrolment, Enrolment.class_id == Classroom.id)
        .where(Enrolment.student_id == user.id, Enrolment.status == "active",
               Classroom.language.is_not(None), Classroom.archived_at.is_(None))
        .order_by(Classroom.id).limit(1))
    return found


def select_language() -> str:
    """The page language of this request (the order is in the module's docstring)."""
    found: str | None = g.get("page_language")
    if found:
        return found
    found = _choose()
    g.page_language = found
    return found


def chosen(own: str | None, class_language: str | None, school_locale: str | None) -> str | None:
    """A signed-in person's page language from their own choice, their class's (students) and their
    school's, in that order; None when none of them has pages (the browser's then applies)."""
    return supported(own) or supported(class_language) or supported(school_locale)


def _account_language(user: Any) -> str | None:
    """``chosen`` for an account: its own choice, else (a student) its class's, looked up only
    when needed, else its school's; None when none of them has pages."""
    found = supported(getattr(user, "language", None))
    if not found and getattr(user, "is_student", False) and getattr(user, "id", None) is not None:
        found = supported(_class_language(user))
    school = getattr(user, "school", None)
    if not found and school is not None:
        found = supported(school.locale)
    return found


def _choose() -> str:
    from flask_login import current_user

    if not has_request_context():
        return SOURCE_LANGUAGE
    user = current_user if current_user and current_user.is_authenticated else None
    if user is not None:
        found = _account_language(user)
        if found:
            return found
    else:
        chosen_here = request.cookies.get(COOKIE, "")
        if chosen_here == PSEUDO and PSEUDO in languages():
            return PSEUDO
        found = supported(chosen_here)
        if found:
            return found
    return browser_language()


def browser_language() -> str:
    """The page language the browser asks for (Accept-Language), English when none has pages."""
    return request.accept_languages.best_match(languages(), SOURCE_LANGUAGE) or SOURCE_LANGUAGE


def use(language: str) -> str:
    """Take ``language`` as this request's page language, chosen from facts already read (the
    autosave reads them in its one SELECT instead of asking again)."""
    g.page_language = language
    return language


def language_of(user: Any) -> str:
    """The language to write to ``user`` in when they are not reading a page of theirs (emails):
    their own choice, else (a student) their class's, else their school's, else this request's
    page language (someone signing up reads the page they sent the form from), else English."""
    return _account_language(user) or (select_language() if has_request_context() else SOURCE_LANGUAGE)


def language_changed() -> None:
    """Choose this request's language again (a school's language was just saved): what the request
    says from now on (its flash message) is in the new one."""
    g.pop("page_language", None)
    refresh()


def page_locale() -> str:
    """The Babel locale of this request's pages (its dates, numbers and lists); English outside one."""
    if not has_request_context():
        # A job outside a request (a digest from cron) writes in its reader's language with
        # flask_babel.force_locale(...); otherwise English.
        forced = get_locale() if has_app() else None
        return str(forced) if forced else SOURCE_LANGUAGE
    language = select_language()
    return PSEUDO_LOCALE if language == PSEUDO else language


def is_pseudo() -> bool:
    """Whether this request's pages are in the pseudo-language."""
    return has_request_context() and select_language() == PSEUDO


def direction_of(language: str) -> str:
    """``rtl`` or ``ltr``: how a language is written (Babel's character order)."""
    return "rtl" if Locale.parse(language.replace("-", "_")).character_order == "right-to-left" else "ltr"


def direction() -> str:
    """The page's direction (the stylesheet uses logical properties, so both directions lay out)."""
    return direction_of(page_locale())


class _Pseudo(NullTranslations):
    """Every message wrapped in ⟦…⟧: what came through the catalogs is marked, nothing else is."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"

    def npgettext(self, context: str, singular: str, plural: str, num: int) -> str:
        return f"⟦{singular if num == 1 else plural}⟧"

    # Flask-Babel calls the u- names (Python 2's); both spellings mark.
    ugettext = gettext
    ungettext = ngettext
    upgettext = pgettext
    unpgettext = npgettext


@cache
def catalog(language: str) -> Translations:
    """The compiled catalog of one language, built in memory from its ``.po`` (cached)."""
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, parsed, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain="messages")


class CatalogDomain(Domain):
    """Flask-Babel's domain, reading our ``.po`` catalogs (and the pseudo-language)."""

    def get_translations(self) -> NullTranslations:
        if not (has_app() and g):
            return NullTranslations()
        if is_pseudo():
            return _Pseudo()
        locale = get_locale()
        language = str(locale.language) if locale else SOURCE_LANGUAGE
        if language in _catalog_languages():
            return catalog(language)
        return NullTranslations()


class CatalogBabel(Babel):
    """Flask-Babel with ``CatalogDomain``."""

    @property
    def domain_instance(self) -> Domain:
        return CatalogDomain()


babel = CatalogBabel()


def _selector() -> str:
    if not has_request_context():
        return SOURCE_LANGUAGE
    language = select_language()
    return PSEUDO_LOCALE if language == PSEUDO else language


def init_app(app: Flask) -> None:
    """Bind Flask-Babel, and give templates the page language and the switch's choices."""
    babel.init_app(app, locale_selector=_selector)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"page_language": select_language(), "page_direction": direction()}

    # Globals, not context: macros imported without context (the switch) see them too.
    app.jinja_env.globals.update(language_choices=choices, current_language=select_language)


def catalog_path(language: str) -> Path:
    """Where a language's catalog lives."""
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
