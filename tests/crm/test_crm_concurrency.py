"""Issue 8 item 13: customers created at the same moment get distinct codes, none fails."""

from __future__ import annotations

import pytest
from helpers import client_for, run_together

from fieldsales.core.counters import next_number
from fieldsales.core.models import Counter
from fieldsales.crm.models import Customer

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 12


def test_item13_parallel_customer_creation_allocates_distinct_codes(cast):
    sales1 = cast["sales1"]

    def create(n):
        body = {
            "name": f"并发测试{n:02d}号新能源有限公司",
            "province": "浙江",
            "city": "金华",
            "confirm_duplicates": True,
        }
        return client_for(sales1).post("/api/customers/", body, format="json").status_code

    codes = run_together([lambda n=n: create(n) for n in range(PARALLEL)])
    assert codes == [201] * PARALLEL
    made = Customer.objects.filter(name__startswith="并发测试").values_list("code", flat=True)
    assert sorted(made) == [f"C-{n:04d}" for n in range(8, 8 + PARALLEL)]
    assert Counter.objects.get(name="customer").value == 7 + PARALLEL


def test_item13_a_new_series_starts_after_start_and_skips_nothing():
    assert [next_number("test", start=lambda: 41) for _ in range(3)] == [42, 43, 44]
    assert next_number("other") == 1
