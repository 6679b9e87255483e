"""Where the customers are: provinces and cities weighted to the east coast (the company
sits in Zhejiang), a point in a city, and a point near another one (a check-in)."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from fieldsales.core.regions import Division, cities, provinces

# Where the customers are: the company sits in Zhejiang, its market is the east coast.
PROVINCE_WEIGHTS = {"33": 40, "32": 12, "31": 8, "34": 6, "44": 6, "35": 5, "36": 4, "37": 4}
OTHER_PROVINCES = 15  # shared by the other mainland provinces
CENTRES = {
    "11": (39.90, 116.40), "12": (39.13, 117.20), "13": (38.04, 114.51), "14": (37.87, 112.55),
    "15": (40.84, 111.75), "21": (41.80, 123.43), "22": (43.82, 125.32), "23": (45.80, 126.53),
    "31": (31.23, 121.47), "32": (32.06, 118.80), "33": (30.27, 120.16), "34": (31.82, 117.23),
    "35": (26.07, 119.30), "36": (28.68, 115.86), "37": (36.65, 117.12), "41": (34.75, 113.63),
    "42": (30.59, 114.31), "43": (28.23, 112.94), "44": (23.13, 113.26), "45": (22.82, 108.37),
    "46": (20.04, 110.32), "50": (29.56, 106.55), "51": (30.57, 104.07), "52": (26.65, 106.63),
    "53": (25.04, 102.71), "54": (29.65, 91.17), "61": (34.34, 108.94), "62": (36.06, 103.83),
    "63": (36.62, 101.78), "64": (38.49, 106.23), "65": (43.83, 87.62),
}  # fmt: skip
ZHEJIANG_CITIES = {
    "3301": (30.27, 120.16), "3302": (29.87, 121.54), "3303": (28.00, 120.70),
    "3304": (30.75, 120.76), "3305": (30.89, 120.09), "3306": (30.00, 120.58),
    "3307": (29.08, 119.65), "3308": (28.94, 118.87), "3309": (29.99, 122.21),
    "3310": (28.66, 121.42), "3311": (28.47, 119.92),
}  # fmt: skip
MUNICIPALITIES = ("11", "12", "31", "50")


def customer_regions() -> tuple[list[tuple[Division, list[Division]]], list[float]]:
    """Provinces with the cities customers sit in, and their weights."""
    mainland = [p for p in provinces() if p.code[:2] in CENTRES]
    others = [p for p in mainland if p.code[:2] not in PROVINCE_WEIGHTS]
    rows, weights = [], []
    for province in mainland:
        prefix = province.code[:2]
        if prefix in MUNICIPALITIES:
            places = [province]
        else:
            places = [c for c in cities(province.code) if c.code.endswith("00")]
            if prefix == "33":  # the home province: its county-level cities too (义乌, 东阳)
                places += [c for c in cities(province.code) if c.name.endswith("市")][:40]
        rows.append((province, places or [province]))
        weights.append(PROVINCE_WEIGHTS.get(prefix, OTHER_PROVINCES / len(others)))
    return rows, weights


def city_point(rng: random.Random, city: Division) -> tuple[Decimal, Decimal]:
    centre = ZHEJIANG_CITIES.get(city.code[:4])
    spread = 0.15
    if centre is None:
        centre = CENTRES[city.code[:2]]
        spread = 0.15 if city.code[:2] in MUNICIPALITIES else 0.9
    lat = centre[0] + rng.uniform(-spread, spread)
    lng = centre[1] + rng.uniform(-spread, spread)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def near_point(
    rng: random.Random, lat: Decimal, lng: Decimal, metres: float
) -> tuple[Decimal, Decimal]:
    angle = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(angle) / 111_000
    dlng = metres * math.sin(angle) / (111_000 * math.cos(math.radians(float(lat))))
    return Decimal(f"{float(lat) + dlat:.6f}"), Decimal(f"{float(lng) + dlng:.6f}")
