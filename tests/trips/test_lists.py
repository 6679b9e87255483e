"""Issue 10 item 10: the trips, claims and advances lists are filtered and searched within
what the user sees, exported to Excel as shown, and finance sees what waits to be paid."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from factories import TAXI, TRAIN, AdvanceFactory, ClaimFactory, TripFactory
from openpyxl import load_workbook

from fieldsales.crm.models import Customer
from fieldsales.trips import lists
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db

NINGBO = [{"province": "浙江", "city": "宁波"}]
GUANGZHOU = [{"province": "广东", "city": "广州"}]


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


def numbers(response) -> list[str]:
    """The document numbers in the list's first column, in order."""
    html = response.content.decode()
    return re.findall(r'<td data-label="[^"]*"><a href="[^"]+">((?:CC|BX|JK)\d+)</a>', html)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


# ---------------------------------------------------------------- trips


def test_a_salesperson_never_sees_another_s_trips_even_asking_by_person(login, cast):
    own = TripFactory(traveller=cast["sales1"])
    other = TripFactory(traveller=cast["sales2"])
    client = login("sales1")
    for query in (
        {"scope": "visible"},
        {"scope": "visible", "person": cast["sales2"].pk},
        {"scope": "visible", "q": "李娜"},
        {"scope": "visible", "q": other.number},
    ):
        shown = numbers(client.get("/trips/", query))
        assert other.number not in shown, query
    assert numbers(client.get("/trips/", {"scope": "visible"})) == [own.number]
    # and the export is the same rows
    rows = xlsx_rows(client.get("/trips/export/", {"scope": "visible", "q": "李娜"}))
    assert rows == [[str(c.label) for c in lists.TRIP_COLUMNS]]


def test_a_salesperson_gets_no_person_or_department_filter(login):
    html = login("sales1").get("/trips/").content.decode()
    assert 'name="person"' not in html
    assert 'name="department"' not in html
    head = login("head").get("/trips/?scope=visible").content.decode()
    assert 'name="person"' in head
    assert ">张伟</option>" in head


def test_the_head_filters_trips_by_status_person_destination_and_dates(login, cast):
    today = timezone.localdate()
    hz = TripFactory(traveller=cast["sales1"], status="submitted")
    nb = TripFactory(traveller=cast["sales2"], destinations=NINGBO)
    late = TripFactory(
        traveller=cast["sales2"],
        destinations=GUANGZHOU,
        depart=today + timedelta(days=40),
        return_date=today + timedelta(days=42),
    )
    client = login("head")
    base = {"scope": "visible"}
    assert numbers(client.get("/trips/", base)) == [late.number, nb.number, hz.number]
    assert numbers(client.get("/trips/", base | {"status": "submitted"})) == [hz.number]
    assert numbers(client.get("/trips/", base | {"person": cast["sales2"].pk})) == [
        late.number,
        nb.number,
    ]
    assert numbers(client.get("/trips/", base | {"destination": "宁波"})) == [nb.number]
    assert numbers(client.get("/trips/", base | {"destination": "广东"})) == [late.number]
    # a trip is in a date range when it is on the road any day of it
    in_range = {"date_from": (today + timedelta(days=41)).isoformat()}
    assert numbers(client.get("/trips/", base | in_range)) == [late.number]
    before = {"date_to": (today + timedelta(days=39)).isoformat()}
    assert numbers(client.get("/trips/", base | before)) == [nb.number, hz.number]
    department = cast["sales1"].employee.department
    assert numbers(client.get("/trips/", base | {"department": department.pk})) == [
        late.number,
        nb.number,
        hz.number,
    ]


def test_trip_search_finds_number_person_destination_and_customer(login, cast):
    customer = Customer.objects.get(code="C-0004")  # 广州南粤能源工程有限公司
    hz = TripFactory(traveller=cast["sales1"])
    gz = TripFactory(traveller=cast["sales2"], destinations=GUANGZHOU, customers=[customer.pk])
    client = login("gm")
    base = {"scope": "visible"}

    def found(text):
        return numbers(client.get("/trips/", base | {"q": text}))

    assert found(hz.number) == [hz.number]
    assert found(hz.number.lower()) == [hz.number]
    assert found("张伟") == [hz.number]
    assert found("sales2") == [gz.number]
    assert found("杭州") == [hz.number]
    assert found("南粤") == [gz.number]
    assert found("没有这样的") == []


def test_bad_filter_input_is_ignored_with_a_message_never_a_500(login, cast):
    trip = TripFactory(traveller=cast["sales1"])
    client = login("gm")  # the GM has every filter: person and department too
    for query in (
        {"status": "bogus"},
        {"date_from": "2026-13-45"},
        {"person": "²"},
        {"person": "9" * 20},
        {"person": "-1"},
        {"department": "x"},
        {"q": "a\x00b"},
        {"destination": "a\x00b"},
        {"scope": "everything"},
        {"page": "x"},
    ):
        response = client.get("/trips/", {"scope": "visible"} | query)
        assert response.status_code == 200, query
        html = response.content.decode()
        if "page" not in query:
            assert "以下筛选条件无效，已忽略" in html, query
        # the other filters still apply; the invalid one is left out
        if "scope" not in query:
            assert trip.number in numbers(response), query
        export = client.get("/trips/export/", {"scope": "visible"} | query)
        assert export.status_code == 200, query


def test_the_trip_export_has_every_filtered_row_on_all_pages_with_the_page_s_columns(login, cast):
    for _ in range(22):
        TripFactory(traveller=cast["sales2"])
    TripFactory(traveller=cast["sales1"], destinations=NINGBO)
    client = login("head")
    query = {"scope": "visible", "destination": "杭州"}
    first, second = client.get("/trips/", query), client.get("/trips/", query | {"page": 2})
    shown = numbers(first) + numbers(second)
    assert len(shown) == 22
    rows = xlsx_rows(client.get("/trips/export/", query | {"page": 2}))
    assert rows[0] == [str(c.label) for c in lists.TRIP_COLUMNS]
    assert [row[0] for row in rows[1:]] == shown
    trip = Trip.objects.get(pk=int(shown[0][-5:]))
    assert rows[1][1:4] == ["李娜", "销售部", "杭州市"]
    assert rows[1][4].date() == trip.depart  # typed dates, not text
    assert rows[1][5].date() == trip.return_date
    assert rows[1][6] == 2


# ---------------------------------------------------------------- claims and advances


def test_claims_filter_by_amount_status_and_search(login, cast):
    cheap = ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"))
    dear = ClaimFactory(
        trip=TripFactory(traveller=cast["sales2"], status="approved", destinations=NINGBO),
        items=[dict(TAXI), dict(TRAIN)],
        status="submitted",
    )
    assert cheap.reimbursed_total < dear.reimbursed_total
    client = login("head")
    base = {"scope": "visible"}
    assert numbers(client.get("/claims/", base)) == [dear.number, cheap.number]
    assert numbers(client.get("/claims/", base | {"status": "submitted"})) == [dear.number]
    low = {"amount_max": f"{cheap.reimbursed_total}"}
    assert numbers(client.get("/claims/", base | low)) == [cheap.number]
    high = {"amount_min": f"{cheap.reimbursed_total + Decimal('0.01')}"}
    assert numbers(client.get("/claims/", base | high)) == [dear.number]
    assert numbers(client.get("/claims/", base | {"destination": "宁波"})) == [dear.number]
    assert numbers(client.get("/claims/", base | {"q": dear.number})) == [dear.number]
    assert numbers(client.get("/claims/", base | {"q": cheap.trip.number})) == [cheap.number]
    assert numbers(client.get("/claims/", base | {"q": "张伟"})) == [cheap.number]
    today = timezone.localdate().isoformat()
    assert len(numbers(client.get("/claims/", base | {"date_from": today, "date_to": today}))) == 2
    bad = client.get("/claims/", base | {"amount_min": "abc", "amount_max": "1e400"})
    assert bad.status_code == 200
    assert "以下筛选条件无效，已忽略" in bad.content.decode()
    assert numbers(bad) == [dear.number, cheap.number]


def test_a_salesperson_s_claims_and_advances_are_their_own_only(login, cast):
    mine = ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"))
    theirs = ClaimFactory(trip=TripFactory(traveller=cast["sales2"], status="approved"))
    advance = AdvanceFactory(trip=TripFactory(traveller=cast["sales2"], status="approved"))
    client = login("sales1")
    query = {"scope": "visible", "person": cast["sales2"].pk}
    assert numbers(client.get("/claims/", query)) == [mine.number]
    assert theirs.number not in str(xlsx_rows(client.get("/claims/export/", query)))
    assert numbers(client.get("/advances/", query)) == []
    assert advance.number not in str(xlsx_rows(client.get("/advances/export/", query)))


def test_advances_filter_by_amount_and_status_and_export_as_shown(login, cast):
    small = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), amount=Decimal("200.00")
    )
    large = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales2"], status="approved"),
        amount=Decimal("450.00"),
        status="approved",
    )
    client = login("finance")
    base = {"scope": "visible"}
    assert numbers(client.get("/advances/", base)) == [large.number, small.number]
    assert numbers(client.get("/advances/", base | {"status": "approved"})) == [large.number]
    assert numbers(client.get("/advances/", base | {"amount_min": "300"})) == [large.number]
    assert numbers(client.get("/advances/", base | {"q": small.number})) == [small.number]
    rows = xlsx_rows(client.get("/advances/export/", base | {"amount_max": "300"}))
    assert rows[0] == [str(c.label) for c in lists.ADVANCE_COLUMNS]
    assert [r[0] for r in rows[1:]] == [small.number]
    assert rows[1][1] == "张伟"
    assert Decimal(str(rows[1][6])) == Decimal("200.00")


# ---------------------------------------------------------------- finance: to pay


def test_finance_sees_what_waits_to_be_paid_with_totals_from_the_database(login, cast):
    approved = [
        ClaimFactory(trip=TripFactory(traveller=cast[name], status="approved"), status="approved")
        for name in ("sales1", "sales2")
    ]
    ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"), status="settled")
    to_pay_out = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales2"], status="approved"),
        amount=Decimal("450.50"),
        status="approved",
    )
    paid = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"),
        amount=Decimal("300.25"),
        status="paid",
    )
    work = lists.to_pay(user=cast["finance"])
    expected_pay = sum((c.pay_to_traveller for c in approved), Decimal("0"))
    assert work["claims_total"]["pay"] == expected_pay
    assert isinstance(work["claims_total"]["pay"], Decimal)
    assert work["claims_total"]["count"] == 2
    assert work["advances_total"] == {"count": 1, "amount": Decimal("450.50")}
    assert work["to_settle_total"] == {"count": 1, "amount": Decimal("300.25")}

    html = login("finance").get("/finance/to-pay/").content.decode()
    for document in (*approved, to_pay_out, paid):
        assert document.number in html
    assert f"/advances/{to_pay_out.pk}/#pay" in html
    assert f"/claims/{approved[0].pk}/#settle" in html
    assert "¥450.50" in html and "¥300.25" in html


def test_nothing_to_pay_totals_zero(cast):
    work = lists.to_pay(user=cast["finance"])
    assert work["claims_total"]["pay"] == Decimal("0.00")
    assert work["advances_total"] == {"count": 0, "amount": Decimal("0.00")}


def test_the_to_pay_page_is_finance_s_only(login):
    for username in ("sales1", "head", "gm"):
        assert login(username).get("/finance/to-pay/").status_code == 404
        assert 'href="/finance/to-pay/"' not in login(username).get("/").content.decode()
    home = login("finance").get("/").content.decode()
    assert re.search(r'<a href="/finance/to-pay/"', home)  # the nav tab
    assert "预支待付款" in home  # the home block


def test_a_long_export_is_built_in_the_background_with_the_lists_filters(
    login, cast, settings, django_capture_on_commit_callbacks
):
    # Issue 15: no cap on a list's export; a long one is built in the background, as its
    # owner, with the list's filters, and holds what the short one would have.
    from io import BytesIO

    import openpyxl

    from fieldsales.notifications.models import Export, ExportStatus

    def sheet(content):
        book = openpyxl.load_workbook(BytesIO(content), read_only=True)
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]

    TripFactory(traveller=cast["sales1"])
    TripFactory(traveller=cast["sales1"])
    TripFactory(traveller=cast["sales2"])
    client = login("sales1")
    inline = client.get("/trips/export/", {"status": "draft"})
    assert inline.status_code == 200 and len(sheet(inline.content)) == 1 + 2

    settings.FIELDSALES_INLINE_EXPORT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/trips/export/", {"status": "draft", "page": "2"})
    assert response.status_code == 302 and response["Location"] == "/exports/"
    export = Export.objects.get(owner=cast["sales1"])
    assert (export.name, export.query, export.rows) == ("trips.trips", "status=draft", 2)
    assert export.status == ExportStatus.DONE and "出差申请" in export.title
    built = client.get(f"/exports/{export.pk}/")
    assert sheet(b"".join(built.streaming_content)) == sheet(inline.content)
    assert client.get("/trips/export/", {"q": "没有这样的"}).status_code == 200
