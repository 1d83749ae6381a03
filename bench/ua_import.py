"""Benchmark: reading pasted Urgent Actions (classroom/cases/reading).

(a) Accuracy over the fixture corpus in tests/data/ua: for each family, how many of the
    fields the reviewed readings expect (every top-level field, and every part of each person
    and each recipient block) the reader gets exactly right, and how many source lines end in
    a field rather than in the "not used" list. The ``pdf`` row is the PDF family: text
    fixtures drawn as the PDFs they were published as (tests/ua_pdf_corpus.py), extracted with
    ``pdf_text`` and read; each is held to its text fixture's expected case.
(b) Speed on a paste of the 100 kB limit: a plain-text UA whose story is repeated until the
    text is just under the limit. ``read_case`` and the whole import (``read_source``: reading
    and validation) are timed against a baseline measured in the same run on the same text:
    splitting it into stripped lines, the least any reader must do.

Run: ``.venv/bin/python bench/ua_import.py``. The last line of output is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classroom.cases.parsing import read_source  # noqa: E402
from classroom.cases.reading import read_case  # noqa: E402
from classroom.cases.pdf_upload import pdf_text  # noqa: E402
from classroom.cases.case_format import MAX_SOURCE_BYTES  # noqa: E402
from tests.ua_pdf_corpus import PDF_FIXTURES, pdf_fixture, source_text  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "ua"


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Every field of a case down to the parts of each person and official ("targets.0.address")."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(leaves(item, f"{path}.{key}" if path else key))
        return out or {path: value}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        out = {}
        for index, item in enumerate(value):
            out.update(leaves(item, f"{path}.{index}"))
        return out
    return {path: value}


def accuracy() -> dict[str, dict[str, int]]:
    """Per family: fields right, fields expected, lines in a field, non-blank lines."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def score(family: str, text: str, expected_yaml: Path) -> None:
        want = yaml.safe_load(expected_yaml.read_text(encoding="utf-8"))
        reading = read_case(text)
        row = table[family or want["family"]]
        row["fixtures"] += 1
        expected, got = leaves(want["case"]), leaves(reading.case)
        row["expected"] += len(expected)
        row["right"] += sum(1 for key, value in expected.items() if got.get(key) == value)
        row["lines_in_fields"] += len(reading.fields)
        row["lines"] += len(reading.fields) + len(reading.unused)

    for path in sorted(CORPUS.glob("*.txt")):
        score("", path.read_text(encoding="utf-8"), path.with_suffix(".yaml"))
    for name in PDF_FIXTURES:
        score("pdf", pdf_text(pdf_fixture(name)), source_text(name).with_suffix(".yaml"))
    return {family: dict(row) for family, row in table.items()}


def big_paste() -> str:
    """A plain-text UA just under MAX_SOURCE_BYTES: the story repeated, the rest as published."""
    text = (CORPUS / "plain-1-classic.txt").read_text(encoding="utf-8")
    head, rest = text.split("BACKGROUND INFORMATION", 1)
    story = rest.split("RECOMMENDED ACTION", 1)[0]
    tail = "RECOMMENDED ACTION" + rest.split("RECOMMENDED ACTION", 1)[1]
    body = "BACKGROUND INFORMATION" + story
    while len((head + body + story + tail).encode()) < MAX_SOURCE_BYTES - 200:
        body += story
    return head + body + tail


def timed(function: Any, text: str, runs: int) -> float:
    """Median milliseconds of ``runs`` calls."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print the accuracy table and the timings; the last line is JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    table = accuracy()
    print(f"{'family':<15} {'fixtures':>8} {'fields right/expected':>22} {'lines in a field':>17}")
    for family, row in sorted(table.items()):
        print(f"{family:<15} {row['fixtures']:>8} {row['right']:>10}/{row['expected']:<6} "
              f"({100 * row['right'] / row['expected']:5.1f} %) {row['lines_in_fields']:>6}/{row['lines']:<6}")
    right = sum(r["right"] for r in table.values())
    expected = sum(r["expected"] for r in table.values())
    print(f"{'all':<15} {sum(r['fixtures'] for r in table.values()):>8} {right:>10}/{expected:<6} "
          f"({100 * right / expected:5.1f} %)")

    text = big_paste()
    size = len(text.encode())
    baseline = timed(lambda t: [line.strip() for line in t.splitlines()], text, args.runs)
    reading = timed(read_case, text, args.runs)
    whole = timed(lambda t: read_source(t, None), text, args.runs)
    lines = text.count("\n") + 1
    print(f"\n100 kB paste: {size} bytes, {lines} lines, median of {args.runs} runs")
    print(f"  split into lines (baseline) {baseline:8.2f} ms")
    print(f"  read_case                   {reading:8.2f} ms  ({reading / baseline:.0f}x baseline)")
    print(f"  read_source (read+validate) {whole:8.2f} ms  ({whole / baseline:.0f}x baseline)  goal < 200 ms")
    print(json.dumps({
        "families": table, "fields_right": right, "fields_expected": expected,
        "paste_bytes": size, "paste_lines": lines, "baseline_split_ms": round(baseline, 3),
        "read_case_ms": round(reading, 2), "read_source_ms": round(whole, 2),
        "read_case_ratio": round(reading / baseline, 1), "read_source_ratio": round(whole / baseline, 1),
        "goal_ms": 200, "met": whole < 200,
    }))


if __name__ == "__main__":
    main()
