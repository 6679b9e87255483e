"""The filtered lists, their exports and finance's to-pay page issue as many queries for 2
documents as for 20 (paged and summed in the database, related rows fetched in bulk)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import AdvanceFactory, ClaimFactory, CustomerFactory, TripFactory, user_with_role

from fieldsales.org.models import Role

pytestmark = pytest.mark.django_db

NINGBO = [{"province": "浙江", "city": "宁波"}, {"province": "浙江", "city": "杭州"}]


def make_documents(cast, n: int) -> None:
    """`n` new salespeople of the sales department, each with an approved trip to two cities,
    an approved claim, an advance approved and waiting to be paid, and a customer."""
    department = cast["sales1"].employee.department
    for _ in range(n):
        person = user_with_role(Role.SALESPERSON, department=department)
        trip = TripFactory(traveller=person, status="approved", destinations=NINGBO)
        AdvanceFactory(trip=trip, status="approved")
        ClaimFactory(trip=trip, status="submitted")
        CustomerFactory(actor=person)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    if "export" not in url and url != "/":
        assert b"<tbody><tr>" in response.content, url  # the filters left rows to show
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("head", "/trips/?scope=visible&destination=宁波&q=测试员"),
        ("head", "/trips/export/?scope=visible&status=approved"),
        ("head", "/claims/?scope=visible&amount_min=0"),
        ("head", "/claims/export/?scope=visible"),
        ("finance", "/advances/?scope=visible&status=approved"),
        ("finance", "/advances/export/?scope=visible"),
        ("finance", "/finance/to-pay/"),
        ("finance", "/"),
        ("head", "/crm/?scope=team&q=测试"),
        ("head", "/crm/customers/export/?scope=team"),
    ],
)
def test_list_queries_do_not_grow_with_data(cast, client, username, url):
    client.force_login(cast[username])
    make_documents(cast, 2)
    client.get(url)  # warm up: what a user's first request caches is not data
    few = queries_for(client, url)
    make_documents(cast, 18)
    many = queries_for(client, url)
    assert many == few
