"""Item 15: one display name for people, family name first (张伟), everywhere."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from test_api_lifecycle import approved_trip
from test_printing import pdf_text

from fieldsales.core.people import display_name
from fieldsales.crm.models import Customer
from fieldsales.crm.sheets import exports as sheets_exports
from fieldsales.trips import printing
from fieldsales.trips.models import Trip


def person(username="u", first="", last=""):
    return SimpleNamespace(username=username, first_name=first, last_name=last)


@pytest.mark.parametrize(
    ("user", "shown"),
    [
        (person(first="伟", last="张"), "张伟"),  # family name first, no space
        (person(first="张伟"), "张伟"),  # the demo keeps the whole name in first_name
        (person(last="欧阳"), "欧阳"),
        (person(first=" 娜 ", last=" 李 "), "李娜"),
        (person(first="John", last="Smith"), "Smith John"),
        (person(username="sales9"), "sales9"),
        (None, ""),
    ],
)
def test_display_name_is_family_name_first(user, shown):
    assert display_name(user) == shown


@pytest.fixture
def split_names(cast):
    """sales1 stored the way the admin form stores a name: 姓 in last_name, 名 in first_name."""
    user = cast["sales1"]
    user.first_name, user.last_name = "伟", "张"
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.mark.django_db
def test_pages_api_pdf_and_excel_all_name_zhang_wei(api, cast, client, split_names, tmp_path):
    trip = approved_trip(api)
    customer = Customer.objects.get(code="C-0001")

    # API: the trip's traveller and its approvals, a customer's owner
    data = api("sales1").get(f"/api/trips/{trip['id']}/").data
    assert data["traveller_name"] == "张伟"
    assert api("sales1").get(f"/api/customers/{customer.pk}/").data["owner_name"] == "张伟"

    # Pages: the trip page (and the user chip), the head's trip list, the companion choice
    client.force_login(split_names)
    page = client.get(f"/trips/{trip['id']}/").content.decode()
    assert "张伟" in page and "伟 张" not in page
    client.force_login(cast["sales2"])
    picked = client.get("/trips/pick/companions/", {"q": "张伟"}).json()["results"]
    assert [p["name"] for p in picked] == ["张伟"]
    client.force_login(cast["head"])
    page = client.get("/trips/?scope=all").content.decode()
    assert "张伟" in page and "伟 张" not in page

    # PDF and Excel
    text = pdf_text(printing.trip_pdf(Trip.objects.get(pk=trip["id"])), tmp_path)
    assert "张伟" in text
    customers = Customer.objects.filter(owner=split_names)
    wb = load_workbook(
        BytesIO(sheets_exports.target_sheet_xlsx(customers, prepared_by=split_names))
    )
    values = [c.value for row in wb.active.iter_rows() for c in row if c.value]
    assert any("张伟" in str(v) for v in values)
    assert not any("伟 张" in str(v) for v in values)
