"""Per-client token buckets: the web app's rate limit.

Hand-written because the job is twenty lines and the candidates (slowapi, limits) bring storage
back-ends, decorators and extra dependencies for what is, on a loopback server, one dictionary.
A client may burst up to ``per_minute`` requests, then gets ``per_minute / 60`` per second.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    """Token bucket per key (the client's IP address), bounded in memory.

    At most ``max_clients`` buckets are kept, least recently seen dropped first: a dropped client
    simply starts again with a full bucket, which errs on the side of serving it.
    """

    def __init__(self, per_minute: int, *, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic):
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, last seen)
        self._lock = threading.Lock()

    def allow(self, key: str) -> tuple[bool, float]:
        """Take one token for ``key``: ``(True, 0)`` if allowed, else ``(False, seconds until the next token)``."""
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - seen) * self.refill_per_second)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        wait = 0.0 if allowed else (1.0 - tokens) / self.refill_per_second
        return allowed, wait
