"""Sign-in throttling per account and per network address.

Only failed attempts count. Each attempt is counted *before* its password is checked,
with the storage's atomic increment: parallel requests each take one of the attempts
left, so no more than the limit are ever checked, however many arrive at once. An
attempt refused by a limit gives its count back; a successful sign-in clears the
account's count and gives back the address's.

The counters live in the rate-limit storage that Flask-Limiter is configured with
(memory by default, Redis when several servers run), so every app server sees the same
counts. They are always counted in fixed windows, whatever strategy the route limits use.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app
from flask_babel import ngettext
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.strategies import FixedWindowRateLimiter

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
    return ngettext("Too many sign-in attempts. Please wait %(num)d minute, then try again.",
                    "Too many sign-in attempts. Please wait %(num)d minutes, then try again.", minutes)


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


def _counter() -> FixedWindowRateLimiter:
    """Fixed windows on the limiter's storage: ``hit`` is one atomic increment there (a Lua script on Redis)."""
    return FixedWindowRateLimiter(limiter.storage)


def _give_back(counter: FixedWindowRateLimiter, item: RateLimitItem, key: str) -> None:
    """Undo one hit (an increment by -1 is as atomic as the hit was)."""
    counter.storage.incr(item.key_for(key), item.get_expiry(), amount=-1)


def reserve(login_name: str, address: str) -> Refusal | None:
    """Count this attempt against the account and the address, or refuse it when either is used up.

    Call before checking the password; on success call ``record_success``. A refused attempt
    leaves the counts as they were.
    """
    counter = _counter()
    keys = _keys(login_name, address)
    taken: list[tuple[RateLimitItem, str]] = []
    for item, kind in _limits():
        key = keys[kind]
        if not counter.hit(item, key):
            _give_back(counter, item, key)
            for held_item, held_key in taken:
                _give_back(counter, held_item, held_key)
            reset_at = counter.get_window_stats(item, key).reset_time
            return Refusal(max(1, int(reset_at - epoch_seconds())))
        taken.append((item, key))
    return None


def record_success(login_name: str, address: str) -> None:
    """A successful sign-in clears the account's failures and gives back the address's count for it."""
    counter = _counter()
    keys = _keys(login_name, address)
    (account_item, _), (address_item, _) = _limits()
    counter.clear(account_item, keys["account"])
    _give_back(counter, address_item, keys["address"])
