"""Sign-in throttling per account and per network address.

Only failed attempts count. The counters live in the rate-limit storage that
Flask-Limiter is configured with (memory by default, Redis when several servers run),
so every app server sees the same counts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItemPerMinute

from ..clock import epoch_seconds
from ..extensions import limiter


@dataclass(frozen=True)
class Refusal:
    """Sign-in is refused until ``retry_after`` seconds have passed."""

    retry_after: int

    @property
    def message(self) -> str:
        """What the person sees."""
        return retry_message(self.retry_after)


def retry_message(seconds: int) -> str:
    """Plain words saying when to try again."""
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many sign-in attempts. Please wait {minutes} {unit}, then try again."


def _limits() -> list[tuple[RateLimitItemPerMinute, str]]:
    """The two limits with the namespace each counts in."""
    cfg = current_app.config
    window = cfg["LOGIN_WINDOW_MINUTES"]
    return [
        (RateLimitItemPerMinute(cfg["LOGIN_ATTEMPTS_PER_ACCOUNT"], window, namespace="login-account"), "account"),
        (RateLimitItemPerMinute(cfg["LOGIN_ATTEMPTS_PER_ADDRESS"], window, namespace="login-address"), "address"),
    ]


def _keys(login_name: str, address: str) -> dict[str, str]:
    """Identifier per limit kind."""
    return {"account": login_name.strip().lower(), "address": address or "unknown"}


def check(login_name: str, address: str) -> Refusal | None:
    """A refusal when either the account or the address has used up its attempts."""
    strategy = limiter.limiter
    keys = _keys(login_name, address)
    waits = []
    for item, kind in _limits():
        if not strategy.test(item, keys[kind]):
            reset_at = strategy.get_window_stats(item, keys[kind]).reset_time
            waits.append(max(1, int(reset_at - epoch_seconds())))
    return Refusal(max(waits)) if waits else None


def record_failure(login_name: str, address: str) -> None:
    """Count one failed attempt against the account and the address."""
    keys = _keys(login_name, address)
    for item, kind in _limits():
        limiter.limiter.hit(item, keys[kind])


def record_success(login_name: str) -> None:
    """A successful sign-in clears the account's failures (the address keeps its count)."""
    item, kind = _limits()[0]
    limiter.limiter.clear(item, _keys(login_name, "")[kind])
