"""How fast this machine runs Python right now, printed beside every benchmark's figures.

The machines are shared and their speed varies: on 2026-12-05 the policy engine priced 7,100
claims/s in the morning, 3,300-5,300 around 11:00 UTC and 9,200 at 12:50 on the same code. A
page's milliseconds and a load test's percentiles mean little without this figure of the same
run."""

from __future__ import annotations

import random
import time

from bench_engine import TODAY, make_claim

from fieldsales.policy import DEFAULT_POLICY, evaluate, evaluation_as_dict, parse_claim

CLAIMS = 3_000


def engine_rate() -> float:
    """Claims per second the policy engine prices (parse, evaluate, serialise), best of 3."""
    rng = random.Random(20120331)
    claims = [make_claim(rng) for _ in range(CLAIMS)]
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for data in claims:
            evaluation_as_dict(evaluate(parse_claim(data, today=TODAY), DEFAULT_POLICY))
        best = max(best, CLAIMS / (time.perf_counter() - start))
    return best


def speed_line() -> str:
    return (
        f"Machine speed: the policy engine priced {engine_rate():,.0f} claims/s just before "
        "(bench/machine.py; 9,200 on the fastest machine measured)"
    )
