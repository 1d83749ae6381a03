"""Cutting a paste into the sections its headings open ("RECOMMENDED ACTION:", "ADDITIONAL INFORMATION")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .core import Line


@dataclass
class Section:
    """A heading (None for the text before the first one), what followed it on its line, and its lines."""

    name: str
    heading: Line | None = None
    match: re.Match[str] | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def rest(self) -> str:
        """The heading line's text after the heading words (the "rest" group), or ""."""
        if self.match is None or self.heading is None or "rest" not in self.match.re.groupindex:
            return ""
        start = self.match.start("rest")
        # Matched on the text with straight quotes (same length): cut the original, curly quotes and all.
        return self.heading.text[start:].strip() if start >= 0 else ""


def heading_re(pattern: str) -> re.Pattern[str]:
    """A heading pattern matched at the start of a line, case-insensitive."""
    return re.compile(rf"^(?:{pattern})", re.IGNORECASE)


def split(lines: list[Line], headings: list[tuple[str, re.Pattern[str]]], first: str = "start") -> list[Section]:
    """Sections in order; a line matching a heading pattern (first match wins) opens a new one."""
    sections = [Section(first)]
    for line in lines:
        text = line.text.replace("’", "'")
        for name, pattern in headings:
            match = pattern.match(text)
            if match:
                sections.append(Section(name, line, match))
                break
        else:
            sections[-1].lines.append(line)
    return sections


def by_name(sections: list[Section], name: str) -> list[Section]:
    """The sections called ``name``."""
    return [section for section in sections if section.name == name]
