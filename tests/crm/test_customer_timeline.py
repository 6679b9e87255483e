"""Issue 10 item 11: the customer page's one timeline (trips, visits, feedback, service
requests, surveys), newest first, paged, as the user may see it, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldsales.crm.customers import timeline
from fieldsales.crm.customers.timeline import TimelineEntry, TimelineSource
from fieldsales.crm.models import Customer, SatisfactionSurvey, ServiceRequest, Visit
from fieldsales.crm.service import services as service_services
from fieldsales.trips import services as trip_services

pytestmark = pytest.mark.django_db


def c0001():
    return Customer.objects.get(code="C-0001")


def visit(customer, salesperson, days_ago, purpose="例行回访"):
    return Visit.objects.create(
        customer=customer,
        salesperson=salesperson,
        purpose=purpose,
        date=timezone.localdate() - timedelta(days=days_ago),
    )


def test_every_kind_on_one_timeline_newest_first(client, cast):
    customer = c0001()
    sales1 = cast["sales1"]
    visit(customer, sales1, 30, "三十天前的拜访")
    service_services.service_request_open(
        actor=sales1,
        customer=customer,
        data={"kind": "complaint", "title": "逆变器报警", "description": "客户来电"},
    )
    SatisfactionSurvey.objects.create(
        customer=customer,
        kind="quarterly",
        quarter="2026Q1",
        score=4,
        recorded_by=sales1,
        salesperson=sales1,
    )
    trip_services.trip_create(
        traveller=sales1,
        data={
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江省", "city": "杭州市"}],
            "depart": timezone.localdate() + timedelta(days=3),
            "return_date": timezone.localdate() + timedelta(days=4),
            "customers": [customer.pk],
        },
    )
    client.force_login(sales1)
    page = client.get(f"/crm/customers/{customer.pk}/")
    assert page.status_code == 200
    entries = page.context["timeline"].entries
    kinds = [str(e.kind) for e in entries]
    assert {"出差", "拜访", "投诉", "满意度"} <= set(kinds)
    assert kinds[0] == "出差"  # the trip departs in three days: the newest
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    html = page.content.decode()
    assert "逆变器报警" in html and "三十天前的拜访" in html


def test_what_the_user_may_not_see_is_not_on_the_timeline(client, cast):
    customer = c0001()  # sales1's customer
    visit(customer, cast["sales2"], 2, "sales2 顺路拜访")
    client.force_login(cast["sales1"])
    entries = client.get(f"/crm/customers/{customer.pk}/").context["timeline"].entries
    assert "sales2 顺路拜访" not in [e.title for e in entries]
    client.force_login(cast["head"])
    entries = client.get(f"/crm/customers/{customer.pk}/").context["timeline"].entries
    assert "sales2 顺路拜访" in [e.title for e in entries]


def test_paged_with_more_and_the_next_page_by_htmx(client, cast):
    customer = c0001()
    for n in range(20):
        visit(customer, cast["sales1"], 100 + n, f"拜访{n:02d}")
    client.force_login(cast["sales1"])
    first = client.get(f"/crm/customers/{customer.pk}/").context["timeline"]
    assert len(first.entries) == timeline.PAGE_SIZE and first.has_more
    more = client.get(
        f"/crm/customers/{customer.pk}/timeline/?timeline=2", headers={"HX-Request": "true"}
    )
    second = more.context["timeline"]
    assert not second.has_more
    seen = [e.title for e in first.entries] + [e.title for e in second.entries]
    assert len(seen) == len(set(seen))  # no entry twice across the pages
    assert all(f"拜访{n:02d}" in seen for n in range(20))
    assert "显示更早的记录" not in more.content.decode()
    # Without htmx, the "more" link is the page itself with the next page of the timeline.
    assert client.get(f"/crm/customers/{customer.pk}/?timeline=x").status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_entries(client, cast):
    customer = c0001()
    client.force_login(cast["sales1"])
    url = f"/crm/customers/{customer.pk}/"
    for n in range(2):
        visit(customer, cast["sales1"], 50 + n)
    few = _queries(client, url)
    for n in range(25):
        visit(customer, cast["sales1"], 60 + n)
        ServiceRequest.objects.create(
            customer=customer,
            kind="service",
            title=f"售后{n}",
            description="x",
            owner=cast["sales1"],
            opened_by=cast["sales1"],
            deadline=timezone.localdate(),
        )
    assert _queries(client, url) == few


def test_a_domain_above_crm_adds_its_entries_by_registering(client, cast):
    """The hook the sales app (quotes, orders) will use, as trips does."""

    def quotes(user, customer, limit):
        return [
            TimelineEntry(at=timezone.now() + timedelta(days=400), kind="报价", title="报价单 Q1")
        ][:limit]

    timeline.register_timeline(TimelineSource("test.quotes", quotes, 90))
    try:
        client.force_login(cast["sales1"])
        entries = client.get(f"/crm/customers/{c0001().pk}/").context["timeline"].entries
        assert entries[0].title == "报价单 Q1"
    finally:
        timeline._sources.pop("test.quotes")


def test_trips_registered_their_source_at_start_up():
    names = [s.name for s in timeline.timeline_sources()]
    assert {"trips.trips", "crm.visits", "crm.feedback", "crm.service", "crm.surveys"} <= set(names)
