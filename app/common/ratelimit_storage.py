"""In-process rate-limit counters for a deployment without Redis, registered with ``limits`` as
``sweeping-memory://``.

``limits``' own ``memory://`` storage starts a timer thread to expire old counters whenever none is running, which
under gunicorn's threaded workers means a thread start on almost every limited request. This storage keeps the same
fixed-window counters (a counter whose window is over reads as zero, as before) and removes expired counters
inline, at most once every ``SWEEP_INTERVAL`` seconds, so memory stays bounded without a thread per request.
With Redis configured (``REDIS_URL``) Redis is used instead and limits are shared by every worker and host.
"""

from __future__ import annotations

import threading
import time

from limits.storage import MemoryStorage

SWEEP_INTERVAL = 10.0


class SweepingMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["sweeping-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._sweep_lock = threading.Lock()
        self._next_sweep = time.time() + SWEEP_INTERVAL

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self.get(key)  # a counter whose window is over starts again from zero
        self._sweep_if_due()
        with self.locks[key]:
            self.storage[key] += amount
            if self.storage[key] == amount:
                self.expirations[key] = time.time() + expiry
        return self.storage.get(key, 0)

    def _sweep_if_due(self) -> None:
        now = time.time()
        if now < self._next_sweep or not self._sweep_lock.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + SWEEP_INTERVAL
            for key, expires in list(self.expirations.items()):
                if expires <= now:
                    self.get(key)
        finally:
            self._sweep_lock.release()
