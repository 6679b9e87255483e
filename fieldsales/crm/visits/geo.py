"""Distances on the Earth between two coordinates (WGS-84 degrees), for check-in."""

from __future__ import annotations

import math
from decimal import Decimal

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def haversine_m(
    lat1: float | Decimal, lng1: float | Decimal, lat2: float | Decimal, lng2: float | Decimal
) -> int:
    """Great-circle distance in whole metres (haversine formula)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))))
