"""Login throttle: fixed-window attempt counts per account and per client address.

In-process and dependency-free, so it holds for one worker process only: with several workers
or replicas each keeps its own counts, and the real limit is the one set here times their number.
There, enforce the limit at the gateway or move these counts to a shared store (Redis, say).
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoginThrottle:
    """Counts every login attempt, before the password is checked, against two fixed windows:
    the account's (slows guessing one password) and the client's (slows spraying many accounts).

    Memory is bounded: at most ``max_keys`` windows are kept; a new one evicts the oldest.
    Check and count happen with no await between them, so concurrent requests cannot overshoot.
    """

    per_identity: int
    per_client: int
    window_seconds: int
    max_keys: int = 10_000
    clock: Callable[[], float] = time.monotonic
    # key -> (window start, attempts); insertion order is window-start order.
    _windows: dict[tuple[str, str], tuple[float, int]] = field(
        default_factory=dict, init=False, repr=False
    )

    def attempt(self, identity: str, client: str) -> int:
        """Count one attempt. Returns 0 when it may go ahead, else the seconds to wait; a refused
        attempt is not counted, so waiting out the window is always enough."""
        now = self.clock()
        limits = {("identity", identity): self.per_identity, ("client", client): self.per_client}
        wait = 0
        for key, limit in limits.items():
            start, attempts = self._window(key, now)
            if attempts >= limit:
                wait = max(wait, 1, math.ceil(start + self.window_seconds - now))
        if wait:
            return wait
        for key in limits:
            start, attempts = self._window(key, now)
            self._store(key, start, attempts + 1)
        return 0

    def __len__(self) -> int:
        return len(self._windows)

    def _window(self, key: tuple[str, str], now: float) -> tuple[float, int]:
        current = self._windows.get(key)
        if current is None or now - current[0] >= self.window_seconds:
            return now, 0
        return current

    def _store(self, key: tuple[str, str], start: float, attempts: int) -> None:
        current = self._windows.get(key)
        if current is not None and current[0] != start:
            del self._windows[key]  # a new window: re-insert so the order stays by start
        if key not in self._windows and len(self._windows) >= self.max_keys:
            # The oldest window is the likeliest to have expired already.
            del self._windows[next(iter(self._windows))]
        self._windows[key] = (start, attempts)
