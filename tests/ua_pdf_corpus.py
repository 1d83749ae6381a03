"""The PDF family of the reading corpus: text fixtures of tests/data/ua set as the PDFs they were
published as, so each PDF's expected reading is its text fixture's reviewed case, field by field.

A real UA arrives as a PDF far more often than as a paste. Drawing the PDFs from the text fixtures
(rather than writing new ones) keeps one reviewed answer per case: what the PDF path loses or
garbles shows as a field that differs from the text's. The layouts are those of tests/ua_pdfs.py
(drawn with its ``draw``): the 2013–2019 case sheet (headline full width, then two columns, the
follow-up's "Further information on UA …" line in the header of every page), the 2020+ template
in one column, and a plain-text UA typed in a monospace face.
"""
from __future__ import annotations

import html
from pathlib import Path

from .ua_pdfs import draw

CORPUS = Path(__file__).parent / "data" / "ua"

# PDF fixture name -> (text fixture it is drawn from, layout)
PDF_FIXTURES = {
    "pdf-document-1-classic": ("document-1-classic", "sheet"),
    "pdf-document-3-group": ("document-3-group", "sheet"),
    "pdf-followup-2-document-further-action": ("followup-2-document-further-action", "sheet"),
    "pdf-template-1-first": ("template-1-first", "template"),
    "pdf-template-2-update": ("template-2-update", "template"),
    "pdf-plain-1-classic": ("plain-1-classic", "typed"),
}


def _blocks(text: str) -> list[list[str]]:
    """The text's paragraphs: runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _paragraphs(blocks: list[list[str]]) -> str:
    """Each block a paragraph, its lines kept as printed lines (long ones wrap as on paper)."""
    return "".join("<p>" + "<br>".join(html.escape(line) for line in block) + "</p>" for block in blocks)


def sheet(text: str) -> bytes:
    """The 2013–2019 case sheet: any line above "URGENT ACTION" goes in the page header (as the
    follow-up sheets print "Further information on UA …"), the heading, headline and lead
    paragraph run full width, the rest is set in two columns, split in the middle."""
    blocks = _blocks(text)
    start = next(i for i, block in enumerate(blocks) if block[0].strip() == "URGENT ACTION")
    header = " ".join(" ".join(block) for block in blocks[:start]).replace("\\", "\\\\").replace('"', '\\"')
    head, rest = blocks[start:start + 3], blocks[start + 3:]
    half = (len(rest) + 1) // 2
    columns = f'<div class="cols"><div>{_paragraphs(rest[:half])}</div><div>{_paragraphs(rest[half:])}</div></div>'
    return draw(_paragraphs(head) + columns, header=header, footer="Amnesty International, page",
                extra=".cols > div { hyphens: manual }")


def template(text: str) -> bytes:
    """The 2020+ template: labelled fields and paragraphs in one column, a footer on every page."""
    return draw(_paragraphs(_blocks(text)), footer="Amnesty International, page")


def typed(text: str) -> bytes:
    """A plain-text UA of the 1990s–2012 as typed: pre-formatted in a monospace face."""
    return draw(f"<pre>{html.escape(text)}</pre>",
                extra="pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; white-space: pre-wrap }")


LAYOUTS = {"sheet": sheet, "template": template, "typed": typed}


def pdf_fixture(name: str) -> bytes:
    """The PDF of fixture ``name``."""
    source, layout = PDF_FIXTURES[name]
    return LAYOUTS[layout]((CORPUS / f"{source}.txt").read_text(encoding="utf-8"))


def source_text(name: str) -> Path:
    """The text fixture a PDF fixture is drawn from (its .yaml beside it is the expected reading)."""
    return CORPUS / f"{PDF_FIXTURES[name][0]}.txt"
