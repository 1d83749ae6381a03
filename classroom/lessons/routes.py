"""Browsing lesson plans, and printing them as handouts."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from flask_babel import force_locale
from flask_login import current_user

from .. import access, bands
from ..access import role_required
from .. import i18n
from ..i18n import SOURCE_LANGUAGE
from ..paper import DEFAULT_PAGE_SIZE
from .library import Lesson, default_library
from .render import fill, to_html

bp = Blueprint("lessons", __name__, url_prefix="/lessons")


@bp.app_template_global()
def language_label(code: str) -> str:
    """A language named in the page's language ("inglés" on a Spanish page, "Spanish" on an English one)."""
    try:
        return Locale.parse(code).get_display_name(i18n.page_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


@bp.app_template_global()
def lesson_languages(lesson: Lesson) -> str:
    """The languages a lesson's student parts are translated into, as a list in the page's language."""
    return format_list([language_label(code) for code in sorted(lesson.translations)], locale=i18n.page_locale())


@bp.get("/")
@role_required("teacher")
def index() -> str:
    """Lessons, filtered by band."""
    band = request.args.get("band")
    band = band if band in bands.BAND_KEYS else None
    library = default_library()
    return render_template("lessons/index.html", lessons=library.for_band(band), band=band)


@bp.get("/<slug>")
@role_required("teacher")
def show(slug: str) -> str:
    """A whole lesson for a teacher, with student and teacher parts marked."""
    lesson = access.found_or_404(default_library().get(slug))
    sections = [(s.audience, to_html(fill(s.markdown, None))) for s in lesson.sections]
    return render_template("lessons/show.html", lesson=lesson, sections=sections, assignment=None, audience="teacher",
                           title=lesson.title, content_language=SOURCE_LANGUAGE)


@bp.get("/<slug>/handout.pdf")
@role_required("teacher")
def handout(slug: str) -> Response:
    """The student parts of a lesson as a printable PDF."""
    from ..printing.render import render_template_pdf

    lesson = access.found_or_404(default_library().get(slug))
    # ?language=es: the handout in that language when the lesson's student parts are translated.
    version = lesson.for_student(request.args.get("language"))
    html = to_html(fill("\n\n".join(s.markdown for s in version.sections), None))
    school = current_user.school
    shown = {"title": version.title, "duration": version.duration, "slug": lesson.slug}
    with force_locale(version.language):
        pdf = render_template_pdf("printing/handout.html", {"lesson": shown, "content": html},
                                  page_size=school.page_size if school else DEFAULT_PAGE_SIZE, language=version.language,
                                  stylesheets=("print/handout.css",))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{slug}.pdf"'})
