"""Run the generator's parts in order, inside one transaction."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from django.db import transaction

from fieldsales.demo.generate import Context, timed
from fieldsales.demo.generate import crm as crm_part
from fieldsales.demo.generate import department as department_part
from fieldsales.demo.generate import org as org_part
from fieldsales.demo.generate import receipts as receipts_part
from fieldsales.demo.generate import selling as selling_part
from fieldsales.demo.generate import trips as trips_part

STEPS = (
    ("org", org_part.generate),
    ("crm", crm_part.generate),
    # Selling before trips: the claims' stored evaluations read the customers' last signed
    # order (P6.1), which the orders set.
    ("selling", selling_part.generate),
    ("trips", trips_part.generate),
    ("receipts", receipts_part.generate),
    ("department", department_part.generate),
)


def generate(*, size: str, seed: int, today: date, log: Callable[[str], None]) -> Context:
    ctx = Context(size=size, seed=seed, today=today, rng=random.Random(seed), log=log)
    with transaction.atomic():
        for name, part in STEPS:
            timed(ctx, name, part)
    return ctx
