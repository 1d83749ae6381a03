"""The one module that talks to WeasyPrint (and pikepdf): templates in, PDF bytes out.

Safety model, in three layers:

1. User text only ever reaches the HTML as escaped text: the Jinja environment below
   autoescapes everything, templates never use ``|safe``, the letter body is split into
   paragraphs and lines in Python and each piece is escaped. Attributes only carry values
   computed here from whitelists (``lang``, ``dir``, class names).
2. Stylesheets are ours, parsed once from ``static/print``; no user text goes into CSS.
3. Even so, WeasyPrint is given a URL fetcher that serves only files inside ``static/``
   through the private ``classroom-static:`` scheme and refuses everything else (file:,
   http(s):, data:, path climbing, symlinks leading out). Fonts come from fontconfig.
"""
from __future__ import annotations

import io
import logging
import os
import re
import threading
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pikepdf
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..config import PROJECT_ROOT
from ..letters.languages import fill_heading
from .documents import (
    CoverSheet,
    Direction,
    LabelSheet,
    LetterDocument,
    check_language,
    check_page_size,
    text_direction,
)

TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
SCHEME = "classroom-static"
BASE_URL = f"{SCHEME}:/"

log = logging.getLogger(__name__)

# Only what a print template could sensibly load; anything else in static/ is refused.
_SERVED_TYPES = {
    ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".woff": "font/woff", ".woff2": "font/woff2",
    ".ttf": "font/ttf", ".otf": "font/otf",
}
_PAGE_CLASS = {"A4": "a4", "Letter": "letter"}
_LABEL_GRID = {"A4": 21, "Letter": 30}  # labels per sheet: L7160 3×7, 5160 3×10
# C0/C1 control characters other than tab and newline: they have no printed form and
# some (NUL, form feed) upset the HTML parser or pango.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
# Up to this many characters (wide ones count two) a solidarity card's message starts lower
# on the card, as if centred; card.css explains why it is not centred by the renderer.
# With the extra space a card still holds about 1,190; without it, about 1,490.
CARD_SHORT_MESSAGE = 800


class FetchRefused(ValueError):
    """A resource URL the renderer will not load. WeasyPrint logs it and carries on."""


class StaticFetcher(URLFetcher):
    """Serve files from one directory through ``classroom-static:``; refuse the rest.

    Every request is counted and remembered (the last few hundred), and refusals are
    logged at WARNING on this module's logger, so tests and operators can see them.
    """

    def __init__(self, root: Path = STATIC_DIR, history: int = 256) -> None:
        """Serve from ``root``; keep the last ``history`` served and refused URLs."""
        super().__init__(allowed_protocols=(SCHEME,), allow_redirects=False, timeout=1)
        self.root = Path(root).resolve()
        self.served: deque[str] = deque(maxlen=history)
        self.refused: deque[str] = deque(maxlen=history)
        self.served_count = 0
        self.refused_count = 0
        self._lock = threading.Lock()

    def resolve(self, url: str) -> Path:
        """Map a ``classroom-static:`` URL to a real file under the root, or refuse it."""
        scheme, colon, rest = url.partition(":")
        if not colon or scheme.lower() != SCHEME:
            raise FetchRefused(f"only {SCHEME}: URLs are served: {url[:200]!r}")
        rest = rest.split("#", 1)[0]
        if "?" in rest:
            raise FetchRefused(f"query strings are not served: {url[:200]!r}")
        path = unquote(rest)
        if "\x00" in path or "\\" in path:
            raise FetchRefused(f"unsafe characters in path: {url[:200]!r}")
        parts = [p for p in path.split("/") if p not in ("", ".")]
        # Refuse rather than normalise: a template never needs "..", an attack does.
        if not parts or any(p == ".." or p.startswith(".") for p in parts):
            raise FetchRefused(f"path climbs or names a hidden file: {url[:200]!r}")
        candidate = self.root.joinpath(*parts)
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise FetchRefused(f"no such static file: {url[:200]!r}") from error
        # resolve() follows symlinks, so one pointing outside the root fails here.
        if not real.is_relative_to(self.root) or not real.is_file():
            raise FetchRefused(f"outside the static folder: {url[:200]!r}")
        if real.suffix.lower() not in _SERVED_TYPES:
            raise FetchRefused(f"file type not served: {url[:200]!r}")
        return real

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """WeasyPrint's entry point: return the file's bytes or raise ``FetchRefused``."""
        try:
            real = self.resolve(url)
            # O_NOFOLLOW: the resolved path has no symlinks; refuse one swapped in since.
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                body = handle.read()
        except FetchRefused:
            self._record(url, refused=True)
            raise
        except OSError as error:
            self._record(url, refused=True)
            raise FetchRefused(f"cannot read static file: {url[:200]!r}") from error
        self._record(url, refused=False)
        content_type = _SERVED_TYPES[real.suffix.lower()]
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def _record(self, url: str, *, refused: bool) -> None:
        """Count and remember one request; log refusals, since they mean a bug or attack."""
        with self._lock:
            if refused:
                self.refused.append(url)
                self.refused_count += 1
            else:
                self.served.append(url)
                self.served_count += 1
        if refused:
            log.warning("print renderer refused to fetch %r", url[:200])


FETCHER = StaticFetcher()
_local = threading.local()


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread: building it is slow, sharing it is not safe."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def auto_direction(text: str, fallback: Direction = "ltr") -> Direction:
    """Direction of ``text`` from its first strong character, as HTML's dir=auto does.

    WeasyPrint supports neither dir=auto nor unicode-bidi: plaintext, and a school's
    English address inside an Arabic letter must still read left to right.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return fallback


def clean_text(text: str) -> str:
    """Normalise newlines and drop control characters that have no printed form."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(body: str) -> list[list[str]]:
    """Split a letter body into paragraphs (blank-line separated) of lines.

    The template escapes each line and joins lines with <br>, so a student's own line
    breaks survive without any of their text being treated as markup.
    """
    blocks = _BLANK_LINE.split(clean_text(body).strip())
    return [[line.strip() for line in block.split("\n")] for block in blocks if block.strip()]


@cache
def environment() -> Environment:
    """The Jinja environment for print templates; autoescape on for every template.

    Built without Flask so that CLI jobs and tests can render; templates are parsed once
    (auto_reload off) because a batch renders the same template hundreds of times.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bidi"] = auto_direction
    return env


@cache
def stylesheet(name: str) -> CSS:
    """A stylesheet from static/, parsed once and shared by every render."""
    url = f"{BASE_URL}{name}"
    path = FETCHER.resolve(url)
    return CSS(string=path.read_text("utf-8"), base_url=url, url_fetcher=FETCHER)


@cache
def _page_css(page_size: str) -> CSS:
    """The @page size rule; generated from the whitelist, so never user text."""
    size = {"A4": "A4", "Letter": "letter"}[check_page_size(page_size)]
    return CSS(string=f"@page {{ size: {size}; }}", url_fetcher=FETCHER)


def render_template_html(template_name: str, context: Mapping[str, Any], page_size: str,
                         language: str = "en") -> str:
    """Render a print template to an HTML string (the PDF's source, also for previews).

    ``lang``, ``dir``, ``page_size`` and ``page_class`` are added to the context from
    validated values; callers cannot override them.
    """
    check_page_size(page_size)
    check_language(language)
    template = environment().get_template(template_name)
    return template.render({
        "draft": False,
        **context,
        "lang": language,
        "dir": text_direction(language),
        "page_size": page_size,
        "page_class": _PAGE_CLASS[page_size],
    })


def render_template_pdf(template_name: str, context: Mapping[str, Any], page_size: str,
                        language: str = "en", *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render any print template (login cards, handouts, letters) to PDF bytes.

    ``stylesheets`` names files under static/ (e.g. "print/handout.css"); they are parsed
    once and cached. print/base.css (fonts per language, watermark) always comes first.
    """
    html = render_template_html(template_name, context, page_size, language)
    sheets = [_page_css(page_size), stylesheet("print/base.css")]
    sheets += [stylesheet(name) for name in stylesheets]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=FETCHER)
    return document.write_pdf(stylesheets=sheets, font_config=_font_config())


def letter_context(doc: LetterDocument) -> dict[str, Any]:
    """Template variables for a letter or card, cleaned of control characters."""
    school_address = [clean_text(line) for line in doc.school_address]
    return {
        "kind": doc.kind,
        "school_name": clean_text(doc.school_name),
        "school_address": school_address,
        "return_line": " · ".join([clean_text(doc.school_name), *school_address]),
        "date_text": clean_text(doc.date_text),
        "recipient_name": clean_text(doc.recipient_name),
        "recipient_title": clean_text(doc.recipient_title),
        "recipient_address": [clean_text(line) for line in doc.recipient_address],
        # The address block aligns as its own script reads, not as the letter does: an
        # English address in a Hebrew letter stays flush left in the window.
        "recipient_dir": auto_direction(" ".join(doc.recipient_lines), doc.direction),
        "salutation": clean_text(doc.salutation),
        "paragraphs": paragraphs(doc.body),
        "short_message": sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in doc.body)
        <= CARD_SHORT_MESSAGE,
        "closing": [line.strip() for line in clean_text(doc.closing).split("\n") if line.strip()],
        "signature": clean_text(doc.signature),
        "signature_note": clean_text(doc.signature_note),
        "people": [clean_text(name) for name in doc.people],
        # A card's heading, "To Ana and Luis" in the card's language; the pattern comes with
        # the document, so rendering reads nothing outside static/ and templates/.
        "card_heading": fill_heading(clean_text(doc.card_to), doc.language,
                                     [clean_text(name) for name in doc.people]),
        "case_reference": clean_text(doc.case_reference),
        "draft": doc.draft,
    }


def render_letter(doc: LetterDocument) -> bytes:
    """An appeal letter or solidarity card as PDF bytes."""
    if doc.kind == "solidarity":
        template, css = "printing/solidarity.html", "print/card.css"
    else:
        template, css = "printing/letter.html", "print/letter.css"
    return render_template_pdf(template, letter_context(doc), doc.page_size, doc.language,
                               stylesheets=(css,))


def render_cover(sheet: CoverSheet) -> bytes:
    """The cover sheet of a batch export as PDF bytes."""
    context = {
        "school_name": clean_text(sheet.school_name),
        "batch_label": clean_text(sheet.batch_label),
        "date_text": clean_text(sheet.date_text),
        "per_target": [(clean_text(k), v) for k, v in sheet.per_target],
        "per_country": [(clean_text(k), v) for k, v in sheet.per_country],
        "total": sheet.total,
        "note": clean_text(sheet.note),
        "warnings": [clean_text(w) for w in sheet.warnings],
        "draft": False,
    }
    return render_template_pdf("printing/cover.html", context, sheet.page_size,
                               sheet.language, stylesheets=("print/cover.css",))


def render_labels(sheet: LabelSheet) -> bytes:
    """Address labels, one per address in order, as many sheets as needed."""
    per_sheet = _LABEL_GRID[sheet.page_size]
    labels = [
        {"lines": [clean_text(line) for line in a.lines], "lang": a.language}
        for a in sheet.addresses
    ]
    pages = [labels[i:i + per_sheet] for i in range(0, len(labels), per_sheet)] or [[]]
    return render_template_pdf("printing/labels.html", {"pages": pages, "draft": False},
                               sheet.page_size, stylesheets=("print/labels.css",))


def join_pdfs(parts: Sequence[bytes], duplex_blank: bool = False) -> bytes:
    """Concatenate PDFs; with ``duplex_blank``, pad odd-length parts with a blank page.

    Padding applies to every odd part, the last included, so each part starts on the
    front of a fresh sheet and the whole run has an even page count when printed duplex.
    The blank page has the size of the part's last page. The catalog keeps /Lang when
    every part has the same one.

    Our own renderer's output takes a fast path (``_fast_join``): pikepdf spends about
    a millisecond opening, copying and freeing each small PDF, too slow for a 1,000-letter
    batch. Anything that path does not recognise is joined with pikepdf instead.
    """
    if not parts:
        raise ValueError("join_pdfs needs at least one PDF")
    try:
        return _fast_join(parts, duplex_blank)
    except _Unsupported as reason:
        log.info("joining with pikepdf: %s", reason)
        return _pikepdf_join(parts, duplex_blank)


def _pikepdf_join(parts: Sequence[bytes], duplex_blank: bool) -> bytes:
    """The general join: any valid PDF, through qpdf's page copying."""
    out = pikepdf.new()
    sources = []  # pikepdf copies pages lazily: sources must stay open until save().
    languages = set()
    for data in parts:
        src = pikepdf.open(io.BytesIO(data))
        sources.append(src)
        languages.add(str(src.Root.get("/Lang", "")))
        out.pages.extend(src.pages)
        if duplex_blank and len(src.pages) % 2:
            box = src.pages[-1].mediabox
            width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
            out.add_blank_page(page_size=(width, height))
    if len(languages) == 1 and "" not in languages:
        out.Root.Lang = pikepdf.String(languages.pop())
    buffer = io.BytesIO()
    out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources:
        src.close()
    return buffer.getvalue()


class _Unsupported(Exception):
    """A PDF the fast join does not recognise; the pikepdf join takes over."""


# One token of a PDF object: a literal string (pydyf escapes every parenthesis), a hex
# string, or an indirect reference "12 0 R". Strings are matched only to be skipped, so
# that text which merely looks like a reference is never renumbered. Scanning every
# byte this way is slow on font width arrays, so _renumber() only uses it when a string
# actually contains " R"; otherwise it splits on " R" and reads the numbers before it.
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*+\)|<[0-9A-Fa-f\s]*+>|(\d++) (\d++) R(?!\w)", re.DOTALL)
_STRING = re.compile(rb"\((?:[^\\()]|\\.)*+\)", re.DOTALL)
_REF_BEFORE = re.compile(rb"(?:^|(?<=[\s\[<>/\])]))(\d{1,10}) (\d{1,5})\Z")
_STREAM_HEAD = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.DOTALL)
_LENGTH = re.compile(rb"/Length\s+(\d++)(?!\s+\d+\s+R)")
_INHERITABLE = (b"/Resources", b"/MediaBox", b"/CropBox", b"/Rotate")


def _key(text: bytes, name: bytes, pattern: bytes = rb"(\d+)") -> bytes:
    """The raw value of ``/name`` in a dictionary's text, or raise ``_Unsupported``."""
    match = re.search(rb"/" + name + rb"\s*" + pattern, text)
    if match is None:
        raise _Unsupported(name.decode())
    return match.group(1)


def _read_stream(data: bytes, offset: int) -> tuple[int, bytes, bytes]:
    """(number, dictionary text, raw data) of the stream object at ``offset``."""
    match = _STREAM_HEAD.match(data, offset)
    length = _LENGTH.search(match.group(2)) if match else None
    if match is None or length is None:
        raise _Unsupported("stream")
    start = match.end()
    end = start + int(length.group(1))
    if not data[end:end + 12].lstrip().startswith(b"endstream"):
        raise _Unsupported("stream length")
    return int(match.group(1)), match.group(2), data[start:end]


def _inflate(head: bytes, raw: bytes) -> bytes:
    """Decode a stream that is either plain or Flate-compressed without parameters."""
    if b"/Filter" not in head:
        return raw
    if not re.search(rb"/Filter\s*/FlateDecode", head) or b"/DecodeParms" in head:
        raise _Unsupported("filter")
    return zlib.decompress(raw)


def _read_objects(data: bytes) -> tuple[dict[int, tuple[bytes, bytes | None]], bytes]:
    """Every object of a pydyf-written PDF (xref stream + one object stream).

    Returns {number: (dictionary or object text, raw stream data or None)} and the
    trailer dictionary's text.
    """
    tail = data[-64:]
    at = tail.rfind(b"startxref")
    if not data.startswith(b"%PDF-1.") or at < 0:
        raise _Unsupported("not a PDF")
    xref_number, trailer, raw = _read_stream(data, int(tail[at + 9:].split()[0]))
    if b"/XRef" not in trailer or b"/Encrypt" in trailer or b"/Prev" in trailer:
        raise _Unsupported("cross-reference")
    table = _inflate(trailer, raw)
    widths = [int(v) for v in _key(trailer, b"W", rb"\[([\d\s]*)\]").split()]
    index = [int(v) for v in _key(trailer, b"Index", rb"\[([\d\s]*)\]").split()]
    if len(widths) != 3 or widths[0] != 1:
        raise _Unsupported("xref widths")
    row, offset_end = sum(widths), 1 + widths[1]
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    packed: list[tuple[bytes, bytes]] = []
    position = 0
    for first, count in zip(index[::2], index[1::2]):
        for number in range(first, first + count):
            entry = table[position:position + row]
            position += row
            if entry[0] != 1 or number == xref_number:
                continue  # free, or stored in the object stream read below
            _, head, body = _read_stream(data, int.from_bytes(entry[1:offset_end], "big"))
            if b"/ObjStm" in head:
                packed.append((head, body))
            else:
                objects[number] = (head, body)
    for head, body in packed:
        content = _inflate(head, body)
        first, count = int(_key(head, b"First")), int(_key(head, b"N"))
        header = [int(v) for v in content[:first].split()]
        numbers, offsets = header[::2], [*header[1::2], len(content) - first]
        if len(numbers) != count:
            raise _Unsupported("object stream")
        for i, number in enumerate(numbers):
            objects[number] = (content[first + offsets[i]:first + offsets[i + 1]].strip(), None)
    return objects, trailer


def _renumber(text: bytes, number_of: Callable[[int], int]) -> bytes:
    """Rewrite every "N 0 R" reference in an object's text through ``number_of``."""
    if b" R" not in text:
        return text
    if b"(" in text and any(b" R" in s for s in _STRING.findall(text)):
        return _TOKEN.sub(lambda m: m.group(0) if m.group(1) is None else
                          b"%d 0 R" % number_of(_generation_zero(m.group(1), m.group(2))), text)
    pieces = text.split(b" R")
    for i in range(len(pieces) - 1):
        follower = pieces[i + 1][:1]
        if follower.isalnum() or follower == b"_":
            continue  # " RG", " Root": a name or operator, not a reference
        piece = pieces[i]
        match = _REF_BEFORE.search(piece[-24:])
        if match is not None:
            new = number_of(_generation_zero(match.group(1), match.group(2)))
            pieces[i] = piece[:len(piece) - len(match.group(0))] + b"%d 0" % new
    return b" R".join(pieces)


def _generation_zero(number: bytes, generation: bytes) -> int:
    """The object number of a reference; pydyf never writes other generations."""
    if generation != b"0":
        raise _Unsupported("object generation")
    return int(number)


class _JoinWriter:
    """Writes a classic PDF (plain xref table) from pages copied out of other PDFs."""

    def __init__(self) -> None:
        """Start the file; objects 1 and 2 are kept for the page tree and catalog.

        The output grows in one buffer whose ``getvalue()`` hands over its bytes without a
        copy: a list of chunks joined at the end held every byte twice at the peak.
        """
        self.out = io.BytesIO()
        self.position = self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: list[int] = [0, 0, 0]  # object 0 is the free-list head
        self.kids: list[int] = []
        self.languages: set[bytes] = set()

    def emit(self, body: bytes, number: int | None = None) -> int:
        """Write one object (the next number unless given) and return its number."""
        if number is None:
            number = len(self.offsets)
            self.offsets.append(self.position)
        else:
            self.offsets[number] = self.position
        self.position += self.out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        return number

    def add(self, data: bytes, duplex_blank: bool) -> None:
        """Copy every page of one WeasyPrint PDF, and what those pages use."""
        objects, trailer = _read_objects(data)
        info = objects[int(_key(trailer, b"Info", rb"(\d+) 0 R"))][0]
        if b"/Producer (WeasyPrint" not in info:
            raise _Unsupported("producer")
        catalog = objects[int(_key(trailer, b"Root", rb"(\d+) 0 R"))][0]
        tree_number = int(_key(catalog, b"Pages", rb"(\d+) 0 R"))
        tree = objects[tree_number][0]
        if any(name in tree for name in _INHERITABLE):
            raise _Unsupported("inherited page attributes")
        pages = [int(n) for n, _ in _TOKEN.findall(_key(tree, b"Kids", rb"\[([^\]]*)\]"))]
        lang = re.search(rb"/Lang\s*(\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>)", catalog)
        self.languages.add(lang.group(1) if lang else b"")

        # Walk from the pages, numbering objects as they are first referenced and
        # writing them in that same (FIFO) order, so a single regex pass per object both
        # finds and renumbers its references. The old page tree maps to ours (object 1);
        # the catalog, outlines and metadata are never reached, so never copied.
        renumber = {tree_number: 1}
        queue: deque[int] = deque()

        def number_of(old: int) -> int:
            """The new number of an object, queueing it when first seen."""
            new = renumber.get(old)
            if new is None:
                if old not in objects or b"/Catalog" in objects[old][0]:
                    raise _Unsupported("dangling reference")
                new = renumber[old] = len(self.offsets) + len(queue)
                queue.append(old)
            return new

        for page in pages:
            number_of(page)
        while queue:
            head, stream = objects[queue[0]]
            text = _renumber(head, number_of)
            queue.popleft()
            self.emit(text if stream is None else text + b"\nstream\n" + stream + b"\nendstream")
        self.kids.extend(renumber[n] for n in pages)
        if duplex_blank and len(pages) % 2:
            box = _key(objects[pages[-1]][0], b"MediaBox", rb"(\[[^\]]*\])")
            self.kids.append(self.emit(
                b"<</Type /Page /Parent 1 0 R /MediaBox %s /Resources <<>>>>" % box))

    def finish(self) -> bytes:
        """Write the page tree, the catalog (with /Lang if all parts agree) and the xref."""
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self.emit(b"<</Type /Pages /Count %d /Kids [%s]>>" % (len(self.kids), kids), 1)
        lang = self.languages.pop() if len(self.languages) == 1 else b""
        self.emit(b"<</Type /Catalog /Pages 1 0 R%s>>" % (b" /Lang " + lang if lang else b""), 2)
        xref = b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets[1:])
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n%s" % (len(self.offsets), xref))
        self.out.write(b"trailer\n<</Size %d /Root 2 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                       % (len(self.offsets), self.position))
        return self.out.getvalue()


def _fast_join(parts: Sequence[bytes], duplex_blank: bool) -> bytes:
    """Join WeasyPrint PDFs by renumbering their objects into one classic PDF.

    Only objects reachable from each part's pages are copied; stream data is copied
    byte for byte; references are rewritten outside strings only. Any surprise raises
    ``_Unsupported`` before a byte is returned, and the caller falls back to pikepdf.
    """
    writer = _JoinWriter()
    for data in parts:
        try:
            writer.add(data, duplex_blank)
        except (KeyError, IndexError, ValueError, zlib.error) as error:
            raise _Unsupported(str(error)) from error
    return writer.finish()


def page_count(pdf: bytes) -> int:
    """Number of pages in a PDF (the editor's one-page check uses this)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)
