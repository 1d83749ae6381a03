"""The sign-in and page limits' in-process counters (``memory://``) without limits' races.

limits' ``MemoryStorage`` (limits 5.8) is not safe for a burst of parallel requests:

* its counter steps are not one step: ``incr`` first expires the key *outside* any lock (a
  counter whose first increment has not yet set its expiry looks expired, and is dropped with
  its lock while another thread holds it), and reads the new value after letting go, so a
  burst of sign-in guesses could have more passwords checked than the limit allows (seen: 7
  for a limit of 5, under a slow clock);
* a give-back (``amount=-1``) on a counter that has just expired leaves it at -1, one extra
  attempt for the next window;
* its expiry timer lists the keys and then reads ``expirations[key]``; a request that removes
  the key in between kills the timer thread with a ``KeyError``.

This subclass takes the ``memory`` scheme over: every counter step (expire, add, read) happens
under one lock for the whole store, counts never go below zero, and the timer accepts a key
already gone. Several workers share Redis instead, whose steps are atomic scripts.
"""
from __future__ import annotations

import bisect
import threading

from limits.storage import MemoryStorage

from . import clock


class MemoryCounters(MemoryStorage):
    """limits' memory storage with atomic counter steps and a timer that tolerates removed keys."""

    STORAGE_SCHEME = ["memory"]  # noqa: RUF012  (limits declares it a plain list, read off the class)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str) -> None:
        self.counting = threading.RLock()  # before the parent starts its timer thread
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def get(self, key: str) -> int:
        with self.counting:
            return super().get(key)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        with self.counting:
            if amount < 0:  # a give-back: never below zero, even on a counter that just expired
                return super().decr(key, -amount)
            return super().incr(key, expiry, amount)

    def decr(self, key: str, amount: int = 1) -> int:
        with self.counting:
            return super().decr(key, amount)

    def clear(self, key: str) -> None:
        with self.counting:
            super().clear(key)

    def reset(self) -> int | None:
        with self.counting:
            return super().reset()

    def _MemoryStorage__expire_events(self) -> None:  # the timer's target, named as limits names it
        now = clock.epoch_seconds()  # the same clock as limits' time.time()
        for key in list(self.events):
            with self.locks[key]:
                events = self.events.get(key)
                if events:
                    self.events[key] = events[:bisect.bisect_left(events, -now, key=lambda event: -event.expiry)]
                if not self.events.get(key):
                    self.locks.pop(key, None)
        with self.counting:
            for key, expiry in list(self.expirations.items()):
                if expiry <= now:
                    self.storage.pop(key, None)
                    self.expirations.pop(key, None)
                    self.locks.pop(key, None)
