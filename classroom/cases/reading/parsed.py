"""What a structured reader found: data, the line of every field, and reading problems."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..case_format import Problem


@dataclass
class ParsedSource:
    """What a reader found: data in the case-file shape, where each field was, and reading problems."""

    data: dict[str, Any]  # in the docs/case-format.md shape (values still strings where the source had strings)
    lines: dict[str, int] = field(default_factory=dict)  # dotted field path -> 1-based line where it was found
    problems: list[Problem] = field(default_factory=list)  # problems of reading itself, each with its line
