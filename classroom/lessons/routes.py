"""Browsing lesson plans, and printing them as handouts."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from .. import access, bands
from ..access import role_required
from ..paper import DEFAULT_PAGE_SIZE
from .library import default_library
from .render import fill, to_html

bp = Blueprint("lessons", __name__, url_prefix="/lessons")


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
    return render_template("lessons/show.html", lesson=lesson, sections=sections, assignment=None, audience="teacher")


@bp.get("/<slug>/handout.pdf")
@role_required("teacher")
def handout(slug: str) -> Response:
    """The student parts of a lesson as a printable PDF."""
    from ..printing.render import render_template_pdf

    lesson = access.found_or_404(default_library().get(slug))
    html = to_html(fill(lesson.markdown_for("student"), None))
    school = current_user.school
    pdf = render_template_pdf("printing/handout.html", {"lesson": lesson, "content": html},
                              page_size=school.page_size if school else DEFAULT_PAGE_SIZE, stylesheets=("print/handout.css",))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{slug}.pdf"'})
