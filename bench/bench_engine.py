"""Benchmark the policy engine: parse + evaluate + serialise many varied claims.

Run `python bench/bench_engine.py [N]`; exits 1 when under the budget of claims per second.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fieldsales.policy import DEFAULT_POLICY, evaluate, evaluation_as_dict, parse_claim  # noqa: E402

BUDGET = 2_000  # claims per second, parse + evaluate + serialise, one core
N = 20_000
TODAY = date(2026, 3, 20)
PLACES = [
    ("浙江", "杭州市"),
    ("浙江省", "宁波市"),
    ("浙江", "义乌市"),
    ("广东", "广州市"),
    ("上海市", "上海"),
]
CITIES = [None, "浦江县", "义乌市", "金华市", "东阳", "杭州市", "广州市"]
SEATS = ["hard_seat", "second_class", "hard_sleeper", "soft_sleeper", "first_class"]
REASONS = [
    None,
    "night_work",
    "bulky_or_valuable_cargo",
    "no_bus_or_over_3km",
    "other_special",
    "x",
]


def _amount(rng: random.Random, high: int) -> str:
    return f"{rng.randint(0, high * 100) / 100:.2f}"


def _item(rng: random.Random, index: int) -> dict[str, Any]:
    kind = rng.choice(
        [
            "train",
            "train",
            "coach",
            "city_bus",
            "taxi",
            "tricycle",
            "lodging",
            "meal",
            "entertainment",
        ]
        + ["flight", "ship", "other"]
    )
    item: dict[str, Any] = {"id": f"i{index}", "kind": kind, "amount": _amount(rng, 800)}
    if rng.random() < 0.5:
        item["city"] = rng.choice(CITIES)
    if kind == "train":
        item["seat"] = rng.choice(SEATS)
        item["hours"] = rng.choice([1.5, 6, 9.99, 10, 14.5])
        if rng.random() < 0.5:
            item["standard_fare"] = _amount(rng, 500)
    elif kind in ("coach", "city_bus"):
        item["invoice"], item["record"] = rng.random() < 0.5, rng.random() < 0.5
    elif kind in ("taxi", "tricycle"):
        item |= {"reason": rng.choice(REASONS), "from": "车站", "to": "客户", "note": "送样"}
        item["head_consent"] = rng.random() < 0.2
    elif kind in ("ship", "flight"):
        item["cabin"] = rng.choice(["economy", "economy", "business"])
    elif kind == "entertainment":
        item["deal_amount"], item["deal_closed"] = _amount(rng, 90_000), rng.random() < 0.7
    if rng.random() < 0.05:
        item["override"] = {"amount": _amount(rng, 300), "by": "gm", "reason": "特批"}
    return item


def make_claim(rng: random.Random) -> dict[str, Any]:
    """One realistic claim: 3-8 items of mixed kinds on a 1-7 day trip."""
    depart = date(2026, 1, 5) + timedelta(days=rng.randint(0, 60))
    ret = depart + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 4, 6]))
    places = rng.sample(PLACES, rng.randint(1, 2))
    trip = {
        "traveller_role": "salesperson",
        "approved": rng.random() < 0.95,
        "purpose": rng.choice(["customer_visit", "customer_visit", "new_market"]),
        "destinations": [{"province": p, "city": c} for p, c in places],
        "depart": depart.isoformat(),
        "return": ret.isoformat(),
        "vehicle": rng.choice([None] * 8 + ["company", "host"]),
        "invited_colleague": rng.random() < 0.03,
        "flight_preapproved": rng.random() < 0.3,
        "special_case": rng.random() < 0.05,
        "customers": [
            {
                "id": f"C-{rng.randint(1, 500)}-{n}",
                "prior_trips": rng.randint(0, 3),
                "feedback_signed": rng.random() < 0.8,
            }
            for n in range(rng.randint(0, 3))
        ],
        "market_report": rng.random() < 0.5,
        "report_submitted": rng.choice(
            [None, (ret + timedelta(days=rng.randint(0, 6))).isoformat()]
        ),
        "advance": rng.choice(["0.00", "300.00", "500.00"]),
    }
    items = [_item(rng, i) for i in range(rng.randint(3, 8))]
    return {"as_of": "2026-03-20", "trip": trip, "items": items}


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N
    rng = random.Random(20120331)
    claims = [make_claim(rng) for _ in range(n)]
    texts = [json.dumps(c, ensure_ascii=False) for c in claims]

    start = time.perf_counter()
    for data in claims:
        evaluation_as_dict(evaluate(parse_claim(data, today=TODAY), DEFAULT_POLICY))
    engine_rate = n / (time.perf_counter() - start)

    # The CLI's path too: JSON text in, JSON text out.
    start = time.perf_counter()
    for text in texts:
        result = evaluate(parse_claim(json.loads(text), today=TODAY), DEFAULT_POLICY)
        json.dumps(evaluation_as_dict(result), ensure_ascii=False, indent=1)
    json_rate = n / (time.perf_counter() - start)

    print(f"{n} claims, 3-8 items each")
    print(f"parse + evaluate + serialise: {engine_rate:,.0f} claims/s (budget {BUDGET:,} claims/s)")
    print(f"with JSON text in and out:    {json_rate:,.0f} claims/s")
    if engine_rate < BUDGET:
        print(f"FAIL: under the budget of {BUDGET:,} claims/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
