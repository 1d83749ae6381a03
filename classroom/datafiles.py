"""Access to the human-edited data files in the project's ``data/`` folder."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .config import PACKAGE_DIR

DATA_DIR = PACKAGE_DIR / "data"


def data_path(*parts: str) -> Path:
    """Absolute path of a file under ``data/``."""
    return DATA_DIR.joinpath(*parts)


@cache
def word_list(name: str) -> frozenset[str]:
    """Lower-cased non-comment lines of ``data/<name>``."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


@cache
def yaml_file(name: str) -> object:
    """Parsed YAML of ``data/<name>`` (cached; the files change only with a deploy)."""
    return yaml.safe_load(data_path(name).read_text(encoding="utf-8"))
