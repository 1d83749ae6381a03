"""The text of an Urgent Action PDF in reading order (run in a child process by ``pdf_upload``).

Self-contained on purpose (standard library and pypdf only): ``pdf_upload`` runs this file as
a script in a separate, resource-limited process, so a hostile PDF can exhaust only that
process. pypdf reports each run of text with its position; from those this module

- puts a page's lines in reading order: what lies above a two-column block first, then the
  left column, then the right one (the 2013–2019 UA case sheets are set in two columns, and a
  PDF may draw its columns, headers and footers in any order);
- drops page headers and footers: a line at the top or bottom of two or more pages that is the
  same apart from its digits ("Page 2 of 3", "Index: AMR 41/022/2009 … 2");
- joins words broken at the end of a line ("sev-" + "eral" → "several");
- leaves a blank line between paragraphs, as a pasted text would have.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

HYPHENS = "-\u2010\u00ad"  # ASCII hyphen, the typographic hyphen WeasyPrint/Word draw, the soft hyphen
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$", re.IGNORECASE)
_NAMES_UA = re.compile(r"\b(?:UA|Index)\b\s*:?\s*[A-Z]{0,3}\s*\d", re.IGNORECASE)
MARGIN_LINES = 3  # how many lines at each end of a page may be a header or footer


@dataclass
class Run:
    """A piece of text as drawn: its left edge, its baseline and its font size (in points)."""

    x: float
    y: float
    size: float
    text: str


def page_runs(page) -> list[Run]:
    """The text runs of a pypdf page with their positions on the page."""
    runs: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(cm[3] * tm[3]) or 1.0
        for offset, part in enumerate(text.split("\n")):
            if part.strip():
                runs.append(Run(x, y - offset * size * scale * 1.2, size * scale, part.rstrip()))

    page.extract_text(visitor_text=visit)
    return runs


def _lines(runs: list[Run]) -> list[Run]:
    """Runs on the same baseline (within a third of the font size) merged left to right."""
    merged: list[Run] = []
    for run in sorted(runs, key=lambda r: (-round(r.y, 1), r.x)):
        last = merged[-1] if merged else None
        if last and abs(last.y - run.y) <= max(last.size, run.size) / 3:
            gap = "" if last.text.endswith(" ") or run.text.startswith(" ") else " "
            merged[-1] = Run(last.x, last.y, max(last.size, run.size), f"{last.text}{gap}{run.text}")
        else:
            merged.append(run)
    return merged


def _column_edge(runs: list[Run], width: float) -> float | None:
    """The left edge of a right-hand column: a start position in the middle of the page that
    three or more lines share, with text to its left on at least one of those lines."""
    starts: dict[int, set[int]] = {}
    for run in runs:
        if 0.3 * width < run.x < 0.75 * width:
            starts.setdefault(round(run.x / 2), set()).add(round(run.y))
    best = max(starts.items(), key=lambda item: len(item[1]), default=None)
    if best is None or len(best[1]) < 3:
        return None
    edge = best[0] * 2
    ys = best[1]
    if not any(run.x < edge - 10 and round(run.y) in ys for run in runs):
        return None
    return edge - 3


def _wide(run: Run, edge: float) -> bool:
    """Whether a run starting in the left column reaches into the right one (a full-width line).

    pypdf gives no widths, so half the font size per character stands in for one.
    """
    return run.x + 0.45 * run.size * len(run.text) > edge + run.size


def reading_order(runs: list[Run], width: float, height: float) -> list[Run]:
    """The page's lines as a reader takes them: what is above the columns, the left column, the
    right column, then what is below them (a full-width line, the footer margin)."""
    edge = _column_edge(runs, width)
    if edge is None:
        return _lines(runs)
    right = [r for r in runs if r.x >= edge and 0.06 * height < r.y < 0.94 * height]
    top = max(r.y for r in right) + max(r.size for r in right) / 2
    bottom = min(r.y for r in right) - max(r.size for r in right) / 2
    below_from = max((r.y for r in runs if r.y < bottom and r.x < edge and (_wide(r, edge) or r.y <= 0.06 * height)),
                     default=None)
    def region(run: Run) -> int:
        if run.y > top:
            return 0
        if below_from is not None and run.y <= below_from + run.size / 3:
            return 3
        return 2 if run.x >= edge else 1
    regions: list[list[Run]] = [[], [], [], []]
    for run in runs:
        regions[region(run)].append(run)
    return [line for part in regions for line in _lines(part)]


def _with_paragraphs(lines: list[Run]) -> list[str]:
    """Lines as text, with a blank line where the gap above a line is wider than a line's."""
    # The tightest spacing between neighbours is the line height; a paragraph leaves more.
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:]) if 0.9 * a.size <= a.y - b.y < 3 * a.size]
    usual = min(gaps) if gaps else 0.0
    out: list[str] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None and usual and not 0 < previous.y - line.y <= 1.4 * usual:
            out.append("")
        out.append(line.text.strip())
    return out


def _margin_key(text: str) -> str:
    """A line with its numbers blurred, so "Page 1" and "Page 2" compare equal."""
    return _DIGITS.sub("#", " ".join(text.split()).lower())


def drop_margins(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their repeated headers and footers and lone page numbers.

    A line at the top or bottom of two or more pages (digits aside) is a header or footer. Its
    first copy is kept, moved to the start of the text, when it names the UA or its AI Index
    ("UA: 41/17 Index: AMR 99/1234/2017 …"): that is where the 2013–2019 sheets print them.
    """
    counts: dict[str, int] = {}
    for lines in pages:
        text_lines = [line for line in lines if line]
        for key in {_margin_key(line) for line in text_lines[:MARGIN_LINES] + text_lines[-MARGIN_LINES:]}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= 2} if len(pages) > 1 else set()
    kept_first: list[str] = []
    result = []
    for lines in pages:
        text_idx = [i for i, line in enumerate(lines) if line]
        ends = set(text_idx[:MARGIN_LINES] + text_idx[-MARGIN_LINES:])
        kept = []
        for i, line in enumerate(lines):
            margin = i in ends and (_margin_key(line) in repeated or _PAGE_NUMBER.match(line.strip()))
            if not margin:
                kept.append(line)
            elif _NAMES_UA.search(line) and not any(_margin_key(k) == _margin_key(line) for k in kept_first):
                kept_first.append(line)
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        result.append(kept)
    if kept_first:
        result.insert(0, kept_first)
    return result


def join_hyphens(lines: list[str]) -> list[str]:
    """A word broken at a line end is joined: "sev-" then "eral lines" becomes "several lines".

    Only before a lower-case letter, so "Jean-" then "Pierre" and a dash ending a line stay.
    """
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if len(previous) > 1 and previous[-1] in HYPHENS and previous[-2].isalpha() and line[:1].islower():
            out[-1] = previous[:-1] + line
        else:
            out.append(line)
    return [line.replace("\u00ad", "") for line in out]


def extract(data: bytes, max_pages: int) -> dict[str, object]:
    """``{"text": ...}`` or ``{"error": kind}``: the whole document in reading order."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return {"error": "encrypted"}
        count = len(reader.pages)
        if count > max_pages:
            return {"error": "pages", "pages": count}
        pages = []
        for page in reader.pages:
            width = float(page.mediabox.width)
            pages.append(_with_paragraphs(reading_order(page_runs(page), width, float(page.mediabox.height))))
    except (FileNotDecryptedError, NotImplementedError):
        return {"error": "encrypted"}
    except (MemoryError, LimitReachedError):  # pypdf refuses a stream that inflates past its limits
        return {"error": "memory"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        return {"error": "unreadable"}
    lines: list[str] = []
    for page_lines in drop_margins(pages):
        if lines and page_lines:
            lines.append("")
        lines.extend(page_lines)
    return {"text": "\n".join(join_hyphens(lines)), "pages": count}


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process's address space and CPU time (where the platform allows it)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not Linux/macOS
        pass


def main() -> None:
    """Read a PDF on stdin, write ``extract``'s answer as JSON on stdout.

    Arguments: the page limit, the memory limit in bytes, the CPU limit in seconds.
    """
    max_pages, memory, seconds = (int(arg) for arg in sys.argv[1:4])
    limit(memory, seconds)
    json.dump(extract(sys.stdin.buffer.read(), max_pages), sys.stdout)


if __name__ == "__main__":
    main()
