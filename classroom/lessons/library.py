"""Lesson plans: Markdown files with front matter in ``lesson_plans/``.

A file with a problem is reported by file and field and left out; the others load.
Sections are marked ``::: student`` or ``::: teacher``; anything outside a block is
treated as teacher-only, so students never see unmarked text.

Translations of the student sections live in ``lesson_plans/<language>/<slug>.md`` (front
matter ``slug`` and ``title``, then only ``::: student`` blocks). A class whose language has
one reads it; otherwise its students read the English sections, marked as English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .. import bands
from ..config import PACKAGE_DIR

LESSON_DIR = PACKAGE_DIR / "lesson_plans"
KINDS = ("general", "case", "reflection")
REQUIRED = ("slug", "title", "bands", "duration", "objectives", "udhr_articles")
TRANSLATION_FIELDS = {"slug", "title"}  # required; "duration" may be given too
TRANSLATION_ALLOWED = TRANSLATION_FIELDS | {"duration"}
LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}$")
ALLOWED = set(REQUIRED) | {"kind", "standards"}
OPEN_RE = re.compile(r"^:::\s*(student|teacher)\s*$")
CLOSE_RE = re.compile(r"^:::\s*$")


@dataclass(frozen=True)
class Section:
    """A run of Markdown for one audience."""

    audience: str  # "student" | "teacher"
    markdown: str


@dataclass(frozen=True)
class Translation:
    """The student sections of a lesson in another language."""

    language: str
    title: str
    sections: tuple[Section, ...]
    duration: str | None = None


@dataclass(frozen=True)
class StudentVersion:
    """What a student reads of a lesson: its title and student sections, and their language."""

    language: str
    title: str
    sections: tuple[Section, ...]
    duration: str


@dataclass(frozen=True)
class Lesson:
    """One lesson plan."""

    slug: str
    title: str
    bands: tuple[str, ...]
    duration: str
    kind: str
    objectives: tuple[str, ...]
    udhr_articles: tuple[int, ...]
    standards: tuple[str, ...]
    sections: tuple[Section, ...]
    path: Path
    translations: dict[str, Translation] = field(default_factory=dict, compare=False)

    def for_student(self, language: str | None) -> StudentVersion:
        """The student sections in ``language`` when translated, else the English ones."""
        found = self.translations.get(language or "")
        if found:
            return StudentVersion(found.language, found.title, found.sections, found.duration or self.duration)
        return StudentVersion("en", self.title, tuple(s for s in self.sections if s.audience == "student"), self.duration)

    def for_band(self, band: str) -> bool:
        """True when the lesson is written for this band."""
        return band in self.bands

    def markdown_for(self, audience: str) -> str:
        """Markdown a student (``student``) or a teacher (``teacher``: everything) may read."""
        parts = [s.markdown for s in self.sections if audience == "teacher" or s.audience == "student"]
        return "\n\n".join(parts)


@dataclass(frozen=True)
class LessonProblem:
    """Why a lesson file could not be loaded."""

    file: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" ({self.field})" if self.field else "")
        return f"{where}: {self.message}"


@dataclass
class LessonLibrary:
    """Every lesson that loaded, and the problems of the files that did not."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    problems: list[LessonProblem] = field(default_factory=list)

    def for_band(self, band: str | None) -> list[Lesson]:
        """Lessons for a band (all when None), by title."""
        found = [lesson for lesson in self.lessons.values() if band is None or lesson.for_band(band)]
        return sorted(found, key=lambda lesson: lesson.title)

    def get(self, slug: str) -> Lesson | None:
        """A lesson by slug."""
        return self.lessons.get(slug)


def _split_front_matter(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of a Markdown file that starts with ``---``."""
    if not text.startswith("---"):
        raise ValueError("The file must start with front matter between two '---' lines.")
    parts = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise ValueError("The front matter is not closed by a '---' line.")
    return parts[1], parts[2]


def _sections(body: str) -> tuple[list[Section], list[str]]:
    """Split the body into audience blocks; return sections and structural problems."""
    sections: list[Section] = []
    problems: list[str] = []
    audience: str | None = None
    buffer: list[str] = []

    def flush(to: str | None) -> None:
        text = "\n".join(buffer).strip()
        if text:
            sections.append(Section(to or "teacher", text))
        buffer.clear()

    for number, line in enumerate(body.splitlines(), start=1):
        opened = OPEN_RE.match(line)
        if opened:
            if audience is not None:
                problems.append(f"body line {number}: a block opens inside another block")
            flush(None)
            audience = opened.group(1)
        elif CLOSE_RE.match(line):
            if audience is None:
                problems.append(f"body line {number}: ':::' closes no block")
            flush(audience)
            audience = None
        else:
            buffer.append(line)
    if audience is not None:
        problems.append("a block is not closed with ':::'")
    flush(audience)
    return sections, problems


def _problem(path: Path, field_name: str | None, message: str) -> LessonProblem:
    return LessonProblem(path.name, field_name, message)


def load_file(path: Path) -> tuple[Lesson | None, list[LessonProblem]]:
    """Parse and check one lesson file."""
    try:
        front_text, body = _split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front_text) or {}
    except (ValueError, yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [_problem(path, None, f"unreadable: {error}".splitlines()[0])]
    if not isinstance(meta, dict):
        return None, [_problem(path, None, "the front matter must be a set of 'field: value' lines")]
    problems = [_problem(path, name, "missing") for name in REQUIRED if name not in meta]
    problems += [_problem(path, name, "unknown field") for name in meta if name not in ALLOWED]
    slug = meta.get("slug")
    if "slug" in meta and (not isinstance(slug, str) or slug != path.stem):
        problems.append(_problem(path, "slug", f"must be the file name without .md ({path.stem})"))
    lesson_bands = meta.get("bands")
    if "bands" in meta and (not isinstance(lesson_bands, list) or not lesson_bands
                            or any(b not in bands.BAND_KEYS for b in lesson_bands)):
        problems.append(_problem(path, "bands", f"must be a list from {', '.join(bands.BAND_KEYS)}"))
    kind = meta.get("kind", "general")
    if kind not in KINDS:
        problems.append(_problem(path, "kind", f"must be one of {', '.join(KINDS)}"))
    articles = meta.get("udhr_articles")
    if "udhr_articles" in meta and (not isinstance(articles, list)
                                    or any(not isinstance(a, int) or not 1 <= a <= 30 for a in articles)):
        problems.append(_problem(path, "udhr_articles", "must be a list of article numbers from 1 to 30"))
    for name in ("objectives", "standards"):
        value = meta.get(name, [])
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            problems.append(_problem(path, name, "must be a list of text lines"))
    for name in ("title", "duration"):
        if name in meta and not isinstance(meta[name], str | int):
            problems.append(_problem(path, name, "must be text"))
    sections, structure = _sections(body)
    problems += [_problem(path, "body", message) for message in structure]
    if not any(s.audience == "student" for s in sections):
        problems.append(_problem(path, "body", "has no '::: student' section"))
    if problems:
        return None, problems
    lesson = Lesson(
        slug=meta["slug"], title=str(meta["title"]), bands=tuple(meta["bands"]), duration=str(meta["duration"]),
        kind=kind, objectives=tuple(meta["objectives"]), udhr_articles=tuple(meta["udhr_articles"]),
        standards=tuple(meta.get("standards") or ()), sections=tuple(sections), path=path)
    return lesson, []


def load_translation(path: Path, language: str) -> tuple[Translation | None, list[LessonProblem]]:
    """Parse and check one translation file (``<language>/<slug>.md``): student blocks only."""
    shown = f"{language}/{path.name}"
    try:
        front_text, body = _split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front_text) or {}
    except (ValueError, yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [LessonProblem(shown, None, f"unreadable: {error}".splitlines()[0])]
    if not isinstance(meta, dict):
        return None, [LessonProblem(shown, None, "the front matter must be a set of 'field: value' lines")]
    problems = [LessonProblem(shown, name, "missing") for name in sorted(TRANSLATION_FIELDS) if name not in meta]
    problems += [LessonProblem(shown, name, "unknown field in a translation (slug, title, duration)")
                 for name in meta if name not in TRANSLATION_ALLOWED]
    if "slug" in meta and meta["slug"] != path.stem:
        problems.append(LessonProblem(shown, "slug", f"must be the file name without .md ({path.stem})"))
    for name in ("title", "duration"):
        if name in meta and not isinstance(meta[name], str):
            problems.append(LessonProblem(shown, name, "must be text"))
    sections, structure = _sections(body)
    problems += [LessonProblem(shown, "body", message) for message in structure]
    if any(s.audience != "student" for s in sections):
        problems.append(LessonProblem(shown, "body", "a translation holds '::: student' blocks only"))
    if not sections:
        problems.append(LessonProblem(shown, "body", "has no '::: student' section"))
    if problems:
        return None, problems
    return Translation(language, meta["title"], tuple(sections), meta.get("duration")), []


def load_library(folder: Path = LESSON_DIR) -> LessonLibrary:
    """Load every ``*.md`` lesson in the folder (README.md excepted), and its translations."""
    library = LessonLibrary()
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        lesson, problems = load_file(path)
        if lesson:
            library.lessons[lesson.slug] = lesson
        library.problems.extend(problems)
    for language_dir in sorted(p for p in folder.iterdir() if p.is_dir() and LANGUAGE_DIR.match(p.name)):
        for path in sorted(language_dir.glob("*.md")):
            translation, problems = load_translation(path, language_dir.name)
            library.problems.extend(problems)
            if translation is None:
                continue
            lesson = library.lessons.get(path.stem)
            if lesson is None:
                library.problems.append(LessonProblem(f"{language_dir.name}/{path.name}", "slug",
                                                      "no English lesson has this slug"))
            else:
                lesson.translations[translation.language] = translation
    return library


def lesson_language(lesson: Lesson, class_language: str | None) -> str:
    """Which language a student reads a lesson in: the page's when the lesson exists in it (English
    always does), else the class's when translated, else English."""
    from ..i18n import select_language

    for language in (select_language(), class_language):
        if language == "en" or (language and language in lesson.translations):
            return language
    return "en"


@cache
def default_library() -> LessonLibrary:
    """The project's lessons, loaded once per process (they change only with a deploy)."""
    return load_library()
