"""Turning lesson Markdown into safe HTML, with a case's details filled in."""
from __future__ import annotations

from flask_babel import gettext as _

import re
from functools import cache
from typing import TYPE_CHECKING

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

if TYPE_CHECKING:
    from ..cases.models import Case

PLACEHOLDER_RE = re.compile(r"\{\{\s*case\.([a-z_]+)\s*\}\}")
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
ALLOWED_TAGS = {"h2", "h3", "h4", "h5", "p", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "a"}


@cache
def _markdown() -> MarkdownIt:
    """CommonMark with tables; raw HTML in lesson files is shown as text, never run."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally (for values that come from case data)."""
    return MD_SPECIAL_RE.sub(r"\\\1", text)


def case_values(case: Case, band: str | None) -> dict[str, str]:
    """Placeholder values from a case, as Markdown."""
    from ..cases.readability import summary_for

    outcome = case.outcome
    thanks = "\n\n".join(f"> “{escape_markdown(t.quote)}”\n>\n> — {escape_markdown(t.who)}" for t in case.thanks)
    summary = summary_for(case.student_summaries, band, case.summary) if band else case.summary
    return {
        "title": escape_markdown(case.title),
        "people": escape_markdown(case.people_names),
        "country": escape_markdown(case.country),
        "ua_number": escape_markdown(case.ua_number),
        "summary": escape_markdown(summary),
        "asks": "\n".join(f"- {escape_markdown(ask)}" for ask in case.asks),
        "status": escape_markdown(case.status),
        "outcome": escape_markdown(outcome.text) if outcome else _("There is no news about this case yet."),
        "thanks": thanks,
    }


def fill(markdown: str, values: dict[str, str] | None) -> str:
    """Replace ``{{case.x}}`` placeholders; without a case they read as a neutral phrase."""
    def replace(match: re.Match[str]) -> str:
        if values is None:
            return f"*(the case's {match.group(1).replace('_', ' ')})*"
        return values.get(match.group(1), "")
    return PLACEHOLDER_RE.sub(replace, markdown)


def to_html(markdown: str) -> Markup:
    """Render Markdown and sanitise the result with nh3 (only plain document tags survive)."""
    html = _markdown().render(markdown)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}, "th": {"align"}, "td": {"align"}},
                      url_schemes={"https", "http", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)
