"""An uploaded PDF becomes text for the reader, within bounds, or a message saying why not.

The PDF is read by ``pdftext.py`` in a child process (pypdf, pure Python), so the web worker is
never the one parsing untrusted bytes: the child has a wall-clock limit, a CPU limit and a
memory limit, and whatever goes wrong in it (a corrupt file, a decompression bomb, a loop) ends
as a clear message here, never as a 500 or a stuck worker.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from flask_babel import gettext as _

from .case_format import MAX_SOURCE_BYTES

MAX_PDF_BYTES = 2_000_000  # a real UA is 2-4 pages and well under 1 MB; the app refuses any upload over CLASSROOM_MAX_UPLOAD_KB (2 MB) first
MAX_PDF_PAGES = 20
PDF_SECONDS = 20  # wall-clock limit of the reading process
PDF_MEMORY_BYTES = 1_000_000_000  # address space of the reading process
_WORKER = Path(__file__).with_name("pdftext.py")


class PdfProblem(ValueError):
    """The PDF can't be turned into text; the message says why, in the curator's words."""


def pdf_text(raw: bytes) -> str:
    """The text of a PDF in reading order, or ``PdfProblem`` with a message for the curator."""
    if len(raw) > MAX_PDF_BYTES:
        raise PdfProblem(_("The PDF is larger than %(size)d MB. An Urgent Action is a few pages; upload that "
                           "document alone.", size=MAX_PDF_BYTES // 1_000_000))
    if not raw.lstrip()[:5] == b"%PDF-":
        raise PdfProblem(_("This file is not a PDF (it does not start like one). Upload the PDF of the Urgent "
                           "Action, or paste its text."))
    try:
        # The child caps its own memory and CPU time (pdftext.main) before it reads a byte.
        limits = [str(MAX_PDF_PAGES), str(PDF_MEMORY_BYTES), str(math.ceil(PDF_SECONDS))]
        done = subprocess.run([sys.executable, "-I", str(_WORKER), *limits], input=raw,
                              capture_output=True, timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PdfProblem(_("Reading the PDF took longer than %(seconds)s seconds, so it was stopped. Paste the text "
                           "of the Urgent Action instead.", seconds=PDF_SECONDS)) from None
    try:
        answer = json.loads(done.stdout) if done.returncode == 0 else {"error": "unreadable"}
    except ValueError:
        answer = {"error": "unreadable"}
    error = answer.get("error")
    if error == "encrypted":
        raise PdfProblem(_("The PDF is protected by a password. Open it, save an unprotected copy, and upload that."))
    if error == "pages":
        raise PdfProblem(_("The PDF has %(pages)s pages; an Urgent Action has at most %(limit)d. Upload the Urgent "
                           "Action alone.", pages=answer.get("pages"), limit=MAX_PDF_PAGES))
    if error == "memory":
        raise PdfProblem(_("The PDF needs more memory to read than an Urgent Action ever does, so it was stopped. "
                           "Paste the text of the Urgent Action instead."))
    if error:
        raise PdfProblem(_("The PDF could not be read: it is damaged or not a complete PDF. Download it again, or "
                           "paste its text."))
    text = str(answer.get("text") or "")
    if not text.strip():
        raise PdfProblem(_("The PDF has no text to read (it is probably a scan or a picture). Paste the text of the "
                           "Urgent Action instead."))
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise PdfProblem(_("The PDF's text is longer than %(size)d kB, more than any Urgent Action. Upload the "
                           "Urgent Action alone.", size=MAX_SOURCE_BYTES // 1000))
    return text
