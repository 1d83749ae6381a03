"""The in-process rate-limit counters survive a key removed while the expiry timer runs."""
from __future__ import annotations

import threading
import time

from limits import RateLimitItemPerMinute
from limits.strategies import FixedWindowRateLimiter

from limits.storage import MemoryStorage, storage_from_string

from classroom.extensions import limiter  # noqa: F401  (imports classroom.memory_counters)
from classroom.memory_counters import MemoryCounters


class _RemovedWhileListed(dict):
    """Expirations whose listing still names a key that a request has just removed."""

    def keys(self):
        return [*super().keys(), "removed-by-a-request"]

    def items(self):
        return list(super().items())


def test_memory_scheme_gives_the_race_free_counters() -> None:
    storage = storage_from_string("memory://")
    try:
        assert type(storage) is MemoryCounters
    finally:
        storage.timer.cancel()  # type: ignore[union-attr]


def test_expiry_accepts_a_key_removed_by_a_request_meanwhile() -> None:
    storage = MemoryCounters()
    storage.timer.cancel()
    storage.incr("login-account/ana/5/15/minute", expiry=60)
    storage.incr("login-address/127.0.0.1/20/15/minute", expiry=60)
    storage.expirations = _RemovedWhileListed(storage.expirations)
    storage.expirations["login-account/ana/5/15/minute"] = time.time() - 1  # expired
    storage._MemoryStorage__expire_events()  # the timer thread's work, run here
    assert storage.get("login-account/ana/5/15/minute") == 0
    assert storage.get("login-address/127.0.0.1/20/15/minute") == 1


def test_limits_own_expiry_fails_on_the_same_listing() -> None:
    """The case above is the one limits' own expiry trips on (drop this class when it no longer does)."""
    storage = MemoryStorage()
    storage.timer.cancel()
    storage.expirations = _RemovedWhileListed()
    try:
        MemoryStorage._MemoryStorage__expire_events(storage)  # type: ignore[attr-defined]
    except KeyError:
        return
    raise AssertionError("limits' MemoryStorage no longer trips on a removed key: MemoryCounters can go")


def _storm(storage: MemoryStorage, threads: int = 16, rounds: int = 400) -> list[int]:
    """Many threads hitting one fresh sign-in limit of 5 at once, over and over: how many got in each round."""
    limiter = FixedWindowRateLimiter(storage)
    admitted: list[int] = []
    for n in range(rounds):
        item = RateLimitItemPerMinute(5, 15, namespace=f"storm-{n}")
        start = threading.Barrier(threads)
        wins: list[bool] = []

        def guess(start: threading.Barrier = start, item: RateLimitItemPerMinute = item,
                  wins: list[bool] = wins) -> None:
            start.wait()
            allowed = limiter.hit(item, "ana")
            if not allowed:
                storage.incr(item.key_for("ana"), item.get_expiry(), amount=-1)  # the give-back
            wins.append(allowed)

        workers = [threading.Thread(target=guess) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        admitted.append(sum(wins))
    return admitted


def test_a_burst_never_gets_more_than_the_limit_through() -> None:
    storage = MemoryCounters()
    try:
        admitted = _storm(storage)
    finally:
        storage.timer.cancel()
    assert max(admitted) == 5 and min(admitted) == 5, sorted(set(admitted))


def test_a_give_back_on_an_expired_counter_does_not_go_below_zero() -> None:
    storage = MemoryCounters()
    storage.timer.cancel()
    storage.incr("login-account/ana", expiry=60)
    storage.expirations["login-account/ana"] = time.time() - 1  # the window ended just now
    storage.incr("login-account/ana", expiry=60, amount=-1)
    assert storage.get("login-account/ana") == 0
    assert storage.incr("login-account/ana", expiry=60) == 1

