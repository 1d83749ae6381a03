"""Flask-Limiter without its per-request pass, for an app whose limits are all on routes."""
from __future__ import annotations

from flask_limiter import Limiter


class RouteLimiter(Limiter):
    """Flask-Limiter for an app whose limits are all on routes (``@limiter.limit``).

    Flask-Limiter checks every request twice: once before the view, for app-wide (default,
    application, blueprint) limits, and again in each decorated route's wrapper. This app has no
    app-wide limits, so the first pass finds nothing to do, yet costs about 60 µs on every page
    and every autosave (against under 1 µs skipped; measured on the autosave route). Should
    default or application limits ever be configured, the pass runs again
    (tests/test_rate_limits.py). The app puts no limit on a whole blueprint: only that pass
    would apply it.

    This overrides Flask-Limiter's private ``_check_request_limit`` (the hook it registers before
    every request) because no public setting does the same any more: the ``auto_check=False``
    option was removed in Flask-Limiter 3.13 (upstream issue #489 asks for it back). The public
    ``request_filter`` was tried: it is consulted only after part of the work, and keeps about
    half the cost (31 µs). A test checks that this method is still the hook Flask-Limiter
    registers, so an upgrade that renames it fails there instead of silently losing the saving.
    """

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if in_middleware and not (self.limit_manager.default_limits or self.limit_manager.application_limits):
            return
        super()._check_request_limit(callable_name, in_middleware)
