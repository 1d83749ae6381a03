"""The only door from the print renderer to files: ``classroom-static:`` URLs under static/.

WeasyPrint is given this URL fetcher, which serves only files inside ``static/`` through the
private ``classroom-static:`` scheme and refuses everything else (file:, http(s):, data:, path
climbing, symlinks leading out). Fonts do not pass through here: they come from fontconfig.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..config import PACKAGE_DIR

STATIC_DIR = PACKAGE_DIR / "static"
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
