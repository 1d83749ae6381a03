"""Fonts for the print renderer: WeasyPrint's font configuration, one per thread."""
from __future__ import annotations

import threading

from weasyprint.text.fonts import FontConfiguration

_local = threading.local()


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread: building it is slow, sharing it is not safe."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config
