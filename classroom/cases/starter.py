"""Loading the starter library from ``data/cases/`` (idempotent, keyed by UA number)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import data_path
from ..extensions import db
from . import search, services
from .parsing import parse


@dataclass
class LoadReport:
    """What a load did, and the files it could not read."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)


def load_library(folder: Path | None = None) -> LoadReport:
    """Create or update one public case per file; a broken file is reported and skipped."""
    folder = folder or data_path("cases")
    report = LoadReport()
    for path in sorted(folder.glob("*.yaml")):
        data, problems = parse(path.read_text(encoding="utf-8"), path.name)
        if data is None or problems:
            report.problems[path.name] = [f"line {p.line}: {p.message}" if p.line else p.message for p in problems]
            continue
        case = search.find_case_by_ua(data["ua_number"])
        if case is None:
            services.create_case(data, created_by=None, source="starter")
            report.created.append(data["ua_number"])
        else:
            services.update_case(case, data)
            report.updated.append(data["ua_number"])
    db.session.commit()
    return report
