"""The sign-in and page limits' in-process counters (``memory://``) without limits' expiry race.

limits' ``MemoryStorage`` expires counters on a timer thread that lists the keys and then
reads ``expirations[key]``; a request that reads an expired counter in between removes the
key first, and the timer thread dies with a ``KeyError`` (limits 5.8; seen in test runs under
load). This subclass takes the ``memory`` scheme over and expires the same counters with
reads that accept a key already gone. Several workers share Redis instead, which has no timer.
"""
from __future__ import annotations

import bisect

from limits.storage import MemoryStorage

from . import clock


class MemoryCounters(MemoryStorage):
    """limits' memory storage; only the timer thread's expiry differs (it tolerates removed keys)."""

    STORAGE_SCHEME = ["memory"]

    def _MemoryStorage__expire_events(self) -> None:  # the timer's target, named as limits names it
        now = clock.epoch_seconds()  # the same clock as limits' time.time()
        for key in list(self.events):
            with self.locks[key]:
                events = self.events.get(key)
                if events:
                    self.events[key] = events[:bisect.bisect_left(events, -now, key=lambda event: -event.expiry)]
                if not self.events.get(key):
                    self.locks.pop(key, None)
        for key, expiry in list(self.expirations.items()):
            if expiry <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)
