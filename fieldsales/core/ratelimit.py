"""A per-user request budget in Django's cache: `allow("duplicates", user, 30)` per minute.

A fixed window: the counter key names the window, so it expires by itself. With the default
local-memory cache each server process counts on its own; a shared cache (Redis, Memcached,
the database cache) makes the limit hold across processes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache


def allow(scope: str, user: Any, limit: int, *, window: int = 60) -> bool:
    """Count one request of `user` in `scope`; False once more than `limit` fell in this window."""
    slot = int(time.time() // window)
    key = f"ratelimit:{scope}:{getattr(user, 'pk', None)}:{slot}"
    if cache.add(key, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def retry_after(window: int = 60) -> int:
    """Seconds until the current window ends (for the Retry-After header)."""
    return window - int(time.time()) % window
