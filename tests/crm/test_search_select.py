"""Forms never list a whole table (issue 15): a customer or opportunity drop-down shows its
first rows and the chosen one, and a JSON search finds the rest with the same visibility and
scope as the form; what a page posts is still checked against the form's own rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import many_customers

from fieldsales.core.widgets import SHOWN
from fieldsales.crm.models import Customer
from fieldsales.crm.service.models import ServiceRequest

pytestmark = pytest.mark.django_db


def options_of(html, name="customer"):
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return select.count("<option"), select


def test_a_form_lists_its_first_rows_and_offers_a_search_for_the_rest(client, cast):
    far = many_customers(cast["sales1"], SHOWN + 10)
    client.force_login(cast["sales1"])
    html = client.get("/crm/service/new/").content.decode()
    count, select = options_of(html)
    assert count == SHOWN + 1  # the empty choice and the first rows
    assert 'data-search-url="/crm/customers/pick/?scope=not_pool"' in select
    assert "远方光伏电站" not in select
    # The first rows carry what the form's script reads (the contact, the kind).
    assert "data-contact-name=" in select and "data-kind=" in select

    # Posted with a row beyond the first ones, the form comes back with that row chosen.
    html = client.post("/crm/service/new/", {"customer": far.pk}).content.decode()
    count, select = options_of(html)
    assert count == SHOWN + 2
    chosen = re.search(rf'<option value="{far.pk}"[^>]*>', select).group(0)
    assert " selected" in chosen
    assert "远方光伏电站" in select


def test_a_short_list_has_every_row_and_no_search(client, cast):
    client.force_login(cast["sales1"])
    html = client.get("/crm/service/new/").content.decode()
    _, select = options_of(html)
    assert "data-search-url" not in select
    for customer in Customer.objects.filter(owner=cast["sales1"]).exclude(status="pool"):
        assert f'value="{customer.pk}"' in select


def test_the_search_finds_by_name_code_or_city_within_the_scope_and_visibility(client, cast):
    far = many_customers(cast["sales1"], SHOWN + 1)
    client.force_login(cast["sales1"])
    found = client.get("/crm/customers/pick/", {"q": "远方", "scope": "not_pool"}).json()
    assert found["results"] == [
        {
            "id": far.pk,
            "label": f"{far.code} 远方光伏电站",
            "data": {
                "kind": far.kind,
                "contact-name": far.contact_name,
                "contact-phone": far.contact_phone,
            },
        }
    ]
    assert [
        r["id"] for r in client.get("/crm/customers/pick/", {"q": far.code}).json()["results"]
    ] == [far.pk]
    # At most 20 rows a search, by code.
    many = client.get("/crm/customers/pick/", {"q": "批量"}).json()["results"]
    assert len(many) == 20 and [r["label"] for r in many] == sorted(r["label"] for r in many)

    # Another salesperson does not see them; finance does not use the CRM at all (404).
    client.force_login(cast["sales2"])
    assert client.get("/crm/customers/pick/", {"q": "远方"}).json()["results"] == []
    client.force_login(cast["finance"])
    assert client.get("/crm/customers/pick/", {"q": "C-"}).status_code == 404


def test_a_scope_leaves_out_the_rows_its_form_refuses(client, cast):
    many_customers(cast["sales1"], 3, status="pool")
    client.force_login(cast["sales1"])
    pooled = client.get("/crm/customers/pick/", {"q": "远方"}).json()["results"]
    assert len(pooled) == 1  # the pool is visible to a salesperson
    assert client.get("/crm/customers/pick/", {"q": "远方", "scope": "not_pool"}).json() == {
        "results": []
    }
    assert client.get("/crm/customers/pick/", {"q": "远方", "scope": "active"}).json() == {
        "results": []
    }


def test_a_row_outside_the_form_is_refused_whatever_was_posted(client, cast):
    theirs = many_customers(cast["sales2"], 1)
    client.force_login(cast["sales1"])
    for value in (theirs.pk, "9" * 30, "１２", "-1", "x"):
        response = client.post(
            "/crm/service/new/",
            {"customer": value, "kind": "install", "title": "t", "description": "d"},
        )
        assert response.status_code == 200
        assert not ServiceRequest.objects.filter(customer=theirs).exists()
        assert "field-error" in response.content.decode()


def test_the_form_page_needs_as_many_queries_for_many_customers_as_for_few(client, cast):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/crm/service/new/").status_code == 200
        return len(captured)

    client.force_login(cast["gm"])
    few = queries()
    many_customers(cast["sales1"], SHOWN * 3)
    assert queries() == few


def test_the_opportunity_search_keeps_to_visible_opportunities(client, cast):
    client.force_login(cast["sales1"])
    mine = client.get("/crm/opportunities/pick/", {"q": ""}).json()["results"]
    assert mine and all(" · " in r["label"] for r in mine)
    client.force_login(cast["sales2"])
    theirs = {r["id"] for r in client.get("/crm/opportunities/pick/").json()["results"]}
    assert theirs.isdisjoint(r["id"] for r in mine)
    client.force_login(cast["finance"])
    assert client.get("/crm/opportunities/pick/").status_code == 404
    client.logout()
    assert client.get("/crm/opportunities/pick/").status_code == 302
