"""The classes blueprint with all its pages: the class pages (routes.py) and the roster pages."""
from __future__ import annotations

from . import roster_routes
from .routes import bp

# Once, when this module is first imported: a blueprint takes no new routes after an app uses it.
roster_routes.register(bp)

__all__ = ["bp"]
