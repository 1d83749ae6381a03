"""Joining many letter PDFs into one export, fast for our own output and safe for any PDF."""
from __future__ import annotations

import io
import logging
import re
import zlib
from collections import deque
from collections.abc import Callable, Sequence

import pikepdf

log = logging.getLogger(__name__)


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
