"""Benchmark: the longest letters a student can save, previewed and diffed.

    .venv/bin/python bench/bounds.py [--repeat 3]

Builds the worst texts at the save limits (``letters.services.MAX_BODY`` characters and
``MAX_LINES`` line breaks): prose, one-letter words, one long word without spaces, many
short lines, many short paragraphs, mixed scripts, a Chinese and an Arabic letter, and a
draft saved under the old 20,000-character limit. Characters are counted as the save
limit counts them: a Chinese, Japanese or Korean character counts two. For each it measures, in this process:

* the draft preview: the watermarked PDF as ``printing.services.draft_pdf`` renders it
  (the app's document, its preview body, WeasyPrint), as an appeal and as a solidarity
  card, median of ``--repeat`` renders;
* the review diff (``review.textdiff.diff``) from the text to three new versions: every
  seventh word changed, the text reversed (nothing in common), the first half cut.

A normal one-page letter is measured the same way first, as the baseline of this run.
No database and no server: only what the preview and the diff compute. The last line is
one JSON object, the worst case: {"preview_s", "diff_ms", "body_chars", ...} (wall clock;
``*_cpu_*`` are CPU time of this process, which a busy machine disturbs less).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classroom.letters.safety.pagefit import printed_width  # noqa: E402  (after the path)
from classroom.letters.services import MAX_BODY, MAX_LINES, too_long  # noqa: E402
from classroom.printing import render  # noqa: E402
from classroom.printing.documents import LetterDocument  # noqa: E402
from classroom.printing.services import preview_body  # noqa: E402
from classroom.review.textdiff import diff  # noqa: E402

PROSE = ("I am a student at Riverside School and we read about Ana Example in class. I am worried "
         "that she is in prison only for writing about a protest. Please release her immediately "
         "and unconditionally, and let her see her family and a lawyer of her choice. ")


def fill(unit: str, size: int = MAX_BODY) -> str:
    """``unit`` repeated to ``size`` characters as the save limit counts them (wide ones count two)."""
    text = (unit * (size // len(unit) + 1))[:size]
    while printed_width(text) > size:
        text = text[:len(text) - (printed_width(text) - size + 1) // 2]
    return text


def lines_of(unit: str, count: int, size: int = MAX_BODY) -> str:
    """``count`` line breaks with ``unit`` text spread over the lines, ``size`` characters in all."""
    head = "\n".join([fill(unit, size // (count + 1) - 1)] * count) + "\n"
    return head + fill(unit, size - len(head))


NORMAL = "\n\n".join([PROSE * 2] * 4)[:1_600]  # a one-page letter
WORST: dict[str, tuple[str, str]] = {  # name: (text, language)
    "prose": ("\n\n".join([PROSE * 4] * 8)[:MAX_BODY], "en"),
    "one-letter words": (fill("a "), "en"),
    "one long word": (fill("x"), "en"),
    "short lines": (lines_of("ab ", MAX_LINES), "en"),
    "short paragraphs": (fill("ab\n\n", MAX_LINES * 2)[:-2] + fill(" ab", MAX_BODY - MAX_LINES * 2 + 2), "en"),
    "mixed scripts": (fill("Free him 释放他 أطلقوا سراحه Освободите "), "en"),
    "chinese": (fill("请立即无条件释放她，并让她见到家人。"), "zh"),
    "arabic": (fill("نطالب بالإفراج عنها فورا ودون قيد أو شرط. "), "ar"),
    "old 20,000-character draft": (fill("a\n", 20_000), "en"),
}


def document(body: str, kind: str, language: str) -> LetterDocument:
    """A draft as ``printing.services.document`` builds it, with the preview's body."""
    recipient = ("Minister of the Interior", "Ministry of the Interior", ("1 Government Street", "Capital City"))
    return LetterDocument(
        kind=kind, school_name="Riverside School", school_address=("14 Alder Lane", "Riverside RV4 7QP", "United Kingdom"),
        date_text="4 December 2026", recipient_name=recipient[0] if kind == "appeal" else "Ana Example",
        recipient_title=recipient[1] if kind == "appeal" else "", recipient_address=recipient[2] if kind == "appeal" else (),
        salutation="Dear Minister," if kind == "appeal" else "", body=preview_body(body),
        closing="Yours sincerely," if kind == "appeal" else "With hope and solidarity,", signature="Maya K.",
        signature_note="Student, Riverside School", language=language if kind == "appeal" else "en",
        page_size="A4", draft=True, people=("Ana Example",), case_reference="UA 1.26")


CPU: dict[str, float] = {}  # the same measurements in CPU seconds of this process


def timed(work: Callable[[], object], repeat: int, label: str) -> float:
    """Median wall-clock seconds of ``repeat`` runs; the median CPU seconds go in ``CPU[label]``.

    On a shared machine the wall clock includes waiting for a core; CPU time is closer to
    what an idle machine would show.
    """
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[label] = statistics.median(cpu)
    return statistics.median(times)


def new_versions(text: str) -> dict[str, str]:
    """Three revisions a teacher could be shown the diff of."""
    words = text.split(" ")
    return {"every 7th word": " ".join("changed" if i % 7 == 3 else w for i, w in enumerate(words)),
            "reversed": text[::-1], "first half cut": text[len(text) // 2:]}


def measure(name: str, text: str, language: str, repeat: int) -> tuple[float, float, int]:
    """Print and return the slowest preview (s), slowest diff (ms) and pages of one text."""
    previews = {}
    pages = 0
    for kind in ("appeal", "solidarity"):
        doc = document(text, kind, language)
        previews[kind] = timed(lambda: render.render_letter(doc), repeat, f"{name} {kind}")
        pages = max(pages, render.page_count(render.render_letter(doc)))
    diffs = {label: timed(lambda: diff(text, new), repeat, f"{name} {label}") * 1000
             for label, new in new_versions(text).items()}
    print(f"{name:28} {printed_width(text):6,} chars {text.count(chr(10)):5} breaks {pages:3} pages | "
          f"preview appeal {previews['appeal']:5.2f} s card {previews['solidarity']:5.2f} s | "
          + " ".join(f"{label} {ms:6.1f} ms" for label, ms in diffs.items()))
    cpu_preview = max(CPU[f"{name} {kind}"] for kind in previews)
    cpu_diff = max(CPU[f"{name} {label}"] for label in diffs) * 1000
    print(f"{'':28} CPU time: preview {cpu_preview:5.2f} s, diff {cpu_diff:6.1f} ms")
    CPU[f"{name} preview"], CPU[f"{name} diff"] = cpu_preview, cpu_diff
    return max(previews.values()), max(diffs.values()), printed_width(text)


def main() -> None:
    """Measure the baseline, then every worst case; print the worst as JSON last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    render.render_letter(document("Warm up the fonts.", "appeal", "en"))  # font configuration, parsed stylesheets
    for lang in ("zh", "ar"):
        render.render_letter(document("释放 نطالب", "appeal", lang))
    print(f"save limits: {MAX_BODY:,} characters, {MAX_LINES} line breaks")
    base_preview, base_diff, _ = measure("baseline: one-page letter", NORMAL, "en", args.repeat)
    worst: dict[str, Any] = {"preview_s": 0.0, "diff_ms": 0.0, "body_chars": 0}
    for name, (text, language) in WORST.items():
        assert name.startswith("old") or too_long(text) is None, name  # a student can save it
        preview_s, diff_ms, chars = measure(name, text, language, args.repeat)
        if preview_s > worst["preview_s"]:
            worst.update(preview_s=round(preview_s, 3), worst_preview=name)
        if diff_ms > worst["diff_ms"]:
            worst.update(diff_ms=round(diff_ms, 1), worst_diff=name)
        worst["body_chars"] = max(worst["body_chars"], min(chars, MAX_BODY))
        worst["preview_cpu_s"] = round(max(worst.get("preview_cpu_s", 0.0), CPU[f"{name} preview"]), 3)
        worst["diff_cpu_ms"] = round(max(worst.get("diff_cpu_ms", 0.0), CPU[f"{name} diff"]), 1)
    print(f"worst preview {worst['preview_s']:.2f} s ({worst['preview_s'] / base_preview:.1f}× the baseline's "
          f"{base_preview:.2f} s); worst diff {worst['diff_ms']:.0f} ms (baseline {base_diff:.1f} ms)")
    print(json.dumps({**worst, "baseline_preview_s": round(base_preview, 3), "baseline_diff_ms": round(base_diff, 1),
                      "baseline_diff_cpu_ms": round(CPU["baseline: one-page letter diff"], 1)}))


if __name__ == "__main__":
    main()
