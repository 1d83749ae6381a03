"""The auth blueprint with all its pages: signing in and up (routes.py) and children's ways in."""
from __future__ import annotations

from . import child_routes
from .routes import bp

# Once, when this module is first imported: a blueprint takes no new routes after an app uses it.
child_routes.register(bp)

__all__ = ["bp"]
