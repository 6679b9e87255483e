"""CRM tests start with an empty cache: the duplicate check's rate limit counts in it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
