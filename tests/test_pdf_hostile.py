"""Hostile text through the PDF renderer, and the URL fetcher that backs it up.

Two layers are tested separately: (1) user text is only ever text, so markup, URLs and
template syntax in a letter print literally and cause no request at all; (2) even raw
hostile HTML handed straight to WeasyPrint with our fetcher (as if escaping had failed)
loads nothing but files inside static/. A real TCP server on 127.0.0.1 proves that no
connection is made, and a Python audit hook records every file opened.
"""
from __future__ import annotations

import io
import logging
import os
import re
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from classroom.printing import render
from classroom.printing.documents import Address, CoverSheet, LabelSheet, LetterDocument

# --- probes -----------------------------------------------------------------------------


class Listener:
    """A TCP server on a random local port that records every connection it accepts."""

    def __init__(self) -> None:
        """Bind and listen; accepting happens on a background thread."""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port: int = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        """Accept (and immediately close) connections until stopped."""
        while not self._stop.is_set():
            try:
                conn, address = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(address)
            conn.close()

    def close(self) -> None:
        """Stop within a bounded time and release the port."""
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A live server that hostile URLs point at; it must never hear from the renderer."""
    server = Listener()
    try:
        yield server
    finally:
        server.close()


_OPENED: list[str] = []
_RECORDING = threading.Event()


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Record every file path Python opens while a test is recording.

    Audit hooks cannot be removed, so this one is installed once and switched on and
    off. Integer "paths" are descriptors of files already opened (and recorded) by path.
    """
    if (_RECORDING.is_set() and event in ("open", "os.open") and args
            and isinstance(args[0], (str, bytes, os.PathLike))):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@pytest.fixture()
def opened_files() -> Iterator[list[str]]:
    """Paths opened during the test body."""
    _OPENED.clear()
    _RECORDING.set()
    try:
        yield _OPENED
    finally:
        _RECORDING.clear()


@pytest.fixture()
def fetcher(monkeypatch: pytest.MonkeyPatch) -> render.StaticFetcher:
    """A fresh fetcher for the renderer, so its log holds only this test's requests."""
    fresh = render.StaticFetcher()
    monkeypatch.setattr(render, "FETCHER", fresh)
    return fresh


def hostile_strings(port: int) -> list[str]:
    """Markup, URLs and template syntax that must print as the characters typed."""
    return [
        "<b>bold</b> <script>alert(1)</script>",
        '<img src="file:///etc/passwd">',
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/x.css">',
        f"<style>@import url(http://127.0.0.1:{port}/y.css)</style>",
        f"url(http://127.0.0.1:{port}/z.png)",
        f'<a rel="attachment" href="http://127.0.0.1:{port}/a.pdf">attach</a>',
        f'<svg><image href="http://127.0.0.1:{port}/s.png"/></svg>',
        "javascript:alert(1)",
        "{{ 7*7 }} {% if true %}yes{% endif %} {# comment #} ${7*7}",
        '<a href="../../../etc/passwd">../../../etc/passwd</a>',
        "&amp; &lt;not an entity&gt; \" ' ` \\",
        "5 0 R (unbalanced ( paren",
    ]


def hostile_letter(port: int, kind: str = "appeal") -> LetterDocument:
    """A letter with a hostile string in every field a person can type."""
    texts = hostile_strings(port)
    return LetterDocument(
        kind=kind,
        school_name=f"School {texts[0]}",
        school_address=(texts[1], texts[2]),
        date_text=texts[8],
        recipient_name=texts[3],
        recipient_title=texts[4],
        recipient_address=(texts[5], texts[6], texts[9]),
        salutation=texts[7],
        body="\n\n".join(texts),
        closing=texts[8],
        signature=texts[0],
        signature_note=texts[10],
        language="en",
        page_size="A4",
        draft=True,
        people=(texts[1], texts[7]),
        case_reference=texts[11],
    )


def squash(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF as pypdf extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def outside(paths: list[str], *allowed: Path) -> list[str]:
    """The paths that are not inside any allowed folder (Python's own files excepted)."""
    roots = [str(root.resolve()) + os.sep for root in allowed]
    python = (sys.prefix, sys.base_prefix, sys.exec_prefix)
    return [p for p in paths if not p.startswith((*roots, *python))]


# --- user text is text ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["appeal", "solidarity"])
def test_hostile_letter_prints_literally_and_fetches_nothing(
        kind: str, listener: Listener, fetcher: render.StaticFetcher,
        opened_files: list[str]) -> None:
    """Every hostile string prints as typed; no request, no connection, no file read."""
    doc = hostile_letter(listener.port, kind)
    pdf = render.render_letter(doc)
    text = squash(pdf_text(pdf))
    strings = hostile_strings(listener.port)
    for hostile in strings:  # "{{ 7*7 }}" among them: printed, never evaluated
        assert squash(hostile) in text, hostile
    assert fetcher.served_count == 0 and fetcher.refused_count == 0
    assert listener.connections == []
    assert not any(p.startswith("/etc") for p in opened_files)
    assert outside(opened_files, render.STATIC_DIR, render.TEMPLATES_DIR) == []


def test_hostile_text_is_escaped_in_the_html() -> None:
    """The HTML handed to WeasyPrint holds no tag, attribute or style from user text."""
    doc = hostile_letter(9)
    html = render.render_template_html("printing/letter.html", render.letter_context(doc),
                                       "A4", "en")
    for tag in ("<script", "<img", "<link", "<style", "<svg", "<b>", "<a "):
        assert tag not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    # The only attributes are ours: lang, dir, class, aria-hidden.
    attributes = set(re.findall(r"\s([a-z-]+)=\"", html))
    assert attributes <= {"lang", "dir", "class", "aria-hidden", "charset"}


def test_hostile_cover_and_labels(listener: Listener, fetcher: render.StaticFetcher,
                                  opened_files: list[str]) -> None:
    """Cover sheets and labels take the same hostile text without a request."""
    texts = hostile_strings(listener.port)
    cover = CoverSheet(school_name=texts[0], batch_label=texts[2], date_text=texts[8],
                       per_target=((texts[3], 3),), per_country=((texts[4], 3),), total=3,
                       warnings=(texts[1], texts[9]))
    labels = LabelSheet("Letter", (Address(texts[:4]), Address((texts[6], texts[9]))))  # type: ignore[arg-type]
    cover_text = squash(pdf_text(render.render_cover(cover)))
    label_text = squash(pdf_text(render.render_labels(labels)))
    for hostile in (texts[0], texts[2], texts[3], texts[4], texts[8], texts[1], texts[9]):
        assert squash(hostile) in cover_text, hostile
    # Labels clip overlong lines rather than spill onto the next label, so check the
    # start of each line only.
    for hostile in (*texts[:4], texts[6]):
        assert squash(hostile)[:20] in label_text, hostile
    assert fetcher.served_count == 0 and fetcher.refused_count == 0
    assert listener.connections == []
    assert outside(opened_files, render.STATIC_DIR, render.TEMPLATES_DIR) == []


def test_hostile_language_and_stylesheet_names_are_refused() -> None:
    """Values that reach attributes or the file system are validated, not escaped."""
    with pytest.raises(ValueError):
        replace(hostile_letter(9), language='en" style="x')
    with pytest.raises(ValueError):
        render.render_template_pdf("printing/labels.html", {"pages": [[]]}, "A4",
                                   stylesheets=("../../../etc/passwd",))
    with pytest.raises(ValueError):
        Address(("x",), language="en><script>")


# --- the fetcher, end to end through WeasyPrint ---------------------------------------


def test_raw_hostile_html_loads_only_static_files(
        listener: Listener, opened_files: list[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """Defence in depth: if markup ever got through, the fetcher still loads nothing else.

    WeasyPrint treats each refusal as a failed resource: it logs and carries on.
    """
    port = listener.port
    fetcher = render.StaticFetcher()
    html = f"""<html><head>
      <link rel=stylesheet href="http://127.0.0.1:{port}/x.css">
      <link rel=stylesheet href="file:///etc/passwd">
      <link rel=stylesheet href="classroom-static:/print/base.css">
      <style>
        @import url(http://127.0.0.1:{port}/y.css);
        @import url("classroom-static:/../../../../etc/passwd");
        @font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/f.woff); }}
        body {{ background: url(http://127.0.0.1:{port}/z.png); }}
        p {{ background-image: url(data:image/png;base64,iVBORw0KGgo=); }}
      </style></head><body>
      <img src="file:///etc/passwd"><img src="../../../etc/passwd">
      <img src="https://127.0.0.1:{port}/i.png"><img src="ftp://127.0.0.1:{port}/i.png">
      <img src="javascript:alert(1)"><img src="data:image/svg+xml,<svg/>">
      <img src="classroom-static:/img/candle.svg">
      <object data="http://127.0.0.1:{port}/o.svg"></object>
      <embed src="file:///etc/hostname">
      <a rel="attachment" href="http://127.0.0.1:{port}/a.pdf">a</a>
      <svg><image href="http://127.0.0.1:{port}/s.png" width="9" height="9"/></svg>
      <p>text</p></body></html>"""
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = HTML(string=html, base_url=render.BASE_URL, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert listener.connections == []
    assert any(p.endswith("/static/img/candle.svg") for p in opened_files)  # hook works
    assert not any(p.startswith("/etc") for p in opened_files)
    assert outside(opened_files, render.STATIC_DIR, render.TEMPLATES_DIR) == []
    assert set(fetcher.served) == {"classroom-static:/print/base.css",
                                   "classroom-static:/img/candle.svg"}
    refused = " ".join(fetcher.refused)
    for probe in ("x.css", "y.css", "f.woff", "z.png", "etc/passwd", "i.png", "javascript:",
                  "data:", "o.svg", "etc/hostname", "a.pdf", "s.png"):
        assert probe in refused, probe
    assert fetcher.refused_count == len(fetcher.refused) >= 12
    assert any("Failed to load" in r.getMessage() or "refused" in r.getMessage()
               for r in caplog.records)


# --- the fetcher on its own ------------------------------------------------------------


def test_fetcher_serves_static_files() -> None:
    """A static file comes back byte for byte, with its content type."""
    fetcher = render.StaticFetcher()
    response = fetcher.fetch("classroom-static:/print/base.css")
    assert response.read() == (render.STATIC_DIR / "print" / "base.css").read_bytes()
    assert response.content_type == "text/css"
    response.close()
    assert fetcher.served_count == 1 and list(fetcher.served) == [
        "classroom-static:/print/base.css"]


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    f"file://{render.STATIC_DIR}/print/base.css",
    "http://127.0.0.1:9/x.css",
    "https://example.com/x.css",
    "ftp://example.com/x.css",
    "data:text/css,body{}",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "../../../etc/passwd",
    "print/base.css",
    "classroom-static:/../../../etc/passwd",
    "classroom-static:/print/../../../../etc/passwd",
    "classroom-static:/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "classroom-static:/print/..%2f..%2f..%2fetc%2fpasswd",
    "classroom-static:/print/base.css?v=1",
    "classroom-static:/print/base.css%00.png",
    "classroom-static:/print\\..\\..\\etc\\passwd",
    "classroom-static:/print",
    "classroom-static:/",
    "classroom-static:/print/missing.css",
    "CLASSROOM-STATIC:/print/../../etc/passwd",
])
def test_fetcher_refuses(url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Other schemes, relative and climbing paths, queries and odd files are refused,
    counted and logged."""
    fetcher = render.StaticFetcher()
    with caplog.at_level(logging.WARNING, logger="classroom.printing.fetch"), \
            pytest.raises(render.FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused_count == 1 and list(fetcher.refused) == [url]
    assert fetcher.served_count == 0
    assert any("refused" in r.getMessage() for r in caplog.records)


@pytest.fixture()
def static_copy(tmp_path: Path) -> tuple[render.StaticFetcher, Path]:
    """A throwaway static/ with a file, a secret beside it, and symlinks in and out."""
    root = tmp_path / "static"
    (root / "print").mkdir(parents=True)
    (root / "print" / "ok.css").write_text("p { color: red }")
    (root / "print" / "notes.txt").write_text("not a print asset")
    (root / ".hidden.css").write_text("p {}")
    secret = tmp_path / "secret.css"
    secret.write_text("SECRET")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.css").write_text("SECRET")
    (root / "print" / "evil.css").symlink_to(secret)
    (root / "print" / "passwd.css").symlink_to("/etc/passwd")
    (root / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "print" / "alias.css").symlink_to(root / "print" / "ok.css")
    return render.StaticFetcher(root), root


def test_symlinks_out_of_static_are_refused(
        static_copy: tuple[render.StaticFetcher, Path]) -> None:
    """A link inside static/ that leads outside it is refused; one that stays is fine."""
    fetcher, _ = static_copy
    assert fetcher.fetch("classroom-static:/print/ok.css").read() == b"p { color: red }"
    assert fetcher.fetch("classroom-static:/print/alias.css").read() == b"p { color: red }"
    for url in ("classroom-static:/print/evil.css", "classroom-static:/print/passwd.css",
                "classroom-static:/linked/x.css", "classroom-static:/print/notes.txt",
                "classroom-static:/.hidden.css"):
        with pytest.raises(render.FetchRefused):
            fetcher.fetch(url)
    assert fetcher.served_count == 2 and fetcher.refused_count == 5
