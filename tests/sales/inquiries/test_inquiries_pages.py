"""The inquiry pages: list, register form with item rows, detail with its actions, the tech
home block and inbox, the customer timeline, the nav tab."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from helpers import tiny_pdf

from fieldsales.crm.models import Customer
from fieldsales.demo import sales_inquiries
from fieldsales.demo.sales_inquiries import INQUIRY_TITLE, TENDER_TITLE
from fieldsales.sales.inquiries.models import InputRequest, Inquiry, InquiryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_inquiries(cast):
    """The demo's tender and inquiry (the cast leaves the demo's documents out)."""
    sales_inquiries.load(cast)


def form(**extra):
    return {
        "kind": "tender",
        "customer": Customer.objects.get(code="C-0001").pk,
        "title": "网页登记的招标",
        "deadline": (timezone.localdate() + timedelta(days=9)).isoformat(),
        "estimated_amount": "800000",
        "item_description": ["组件 550W", "", ""],
        "item_quantity": ["100", "", ""],
        "item_unit": ["块", "", ""],
    } | extra


def test_demo_has_the_tender_waiting_for_the_gm_and_an_answered_inquiry(cast):
    tender = Inquiry.objects.get(title=TENDER_TITLE)
    assert (tender.kind, tender.status, tender.estimated_amount) == ("tender", "submitted", 800000)
    assert tender.customer.code == "C-0001" and tender.salesperson == cast["sales1"]
    assert tender.current_step()["role"] == "gm"
    assert tender.requests.get().answered is False
    small = Inquiry.objects.get(title=INQUIRY_TITLE)
    assert (small.salesperson, small.status) == (cast["sales2"], InquiryStatus.PARTICIPATING)
    assert small.requests.get().answered_by == cast["tech"]


def test_demo_is_idempotent(cast):
    from fieldsales.demo.sales_inquiries import load

    before = Inquiry.objects.count()
    load(cast)
    assert Inquiry.objects.count() == before


def test_register_page_creates_and_submits(client, cast):
    client.force_login(cast["sales1"])
    page = client.get(f"/sales/inquiries/new/?customer={Customer.objects.get(code='C-0001').pk}")
    assert page.status_code == 200 and "item_description" in page.content.decode()
    data = form(attachments=[SimpleUploadedFile("招标文件.pdf", tiny_pdf())])
    response = client.post("/sales/inquiries/new/", data)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(title="网页登记的招标")
    assert inquiry.status == "submitted"
    assert inquiry.items == [{"description": "组件 550W", "quantity": "100.000", "unit": "块"}]
    assert inquiry.attachments.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "等待审批" in detail and "组件 550W" in detail


def test_register_page_shows_the_items_error(client, cast):
    client.force_login(cast["sales1"])
    data = form(item_description=["", ""], item_quantity=["", ""], item_unit=["", ""])
    response = client.post("/sales/inquiries/new/", data)
    assert response.status_code == 200
    assert "至少填写一项询价内容" in response.content.decode()
    data = form(item_quantity=["abc", "", ""])
    response = client.post("/sales/inquiries/new/", data)
    assert "第1项数量" in response.content.decode()
    assert response.context["rows"][0]["quantity"] == "abc"  # what was typed stays


def test_register_page_is_403_for_tech(client, cast):
    client.force_login(cast["tech"])
    assert client.get("/sales/inquiries/new/").status_code == 403


def test_list_mine_and_department_with_filters(client, cast):
    client.force_login(cast["head"])
    page = client.get("/sales/inquiries/").content.decode()
    assert TENDER_TITLE in page and INQUIRY_TITLE in page
    page = client.get("/sales/inquiries/?kind=tender").content.decode()
    assert TENDER_TITLE in page and INQUIRY_TITLE not in page
    page = client.get("/sales/inquiries/?status=participating").content.decode()
    assert TENDER_TITLE not in page and INQUIRY_TITLE in page
    assert TENDER_TITLE not in client.get("/sales/inquiries/?scope=mine").content.decode()
    client.force_login(cast["sales1"])
    page = client.get("/sales/inquiries/").content.decode()
    assert TENDER_TITLE in page and INQUIRY_TITLE not in page


def test_gm_decides_from_the_detail_page_and_the_quote_link_appears(client, cast):
    tender = Inquiry.objects.get(title=TENDER_TITLE)
    client.force_login(cast["gm"])
    page = client.get(f"/sales/inquiries/{tender.pk}/").content.decode()
    assert "不参与" in page and "新建报价" not in page
    response = client.post(f"/sales/inquiries/{tender.pk}/decline/", {"reason": ""})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "submitted"  # no reason: refused
    client.post(f"/sales/inquiries/{tender.pk}/participate/", {"reason": "同意"})
    tender.refresh_from_db()
    assert tender.status == "participating"
    client.force_login(cast["sales1"])
    page = client.get(f"/sales/inquiries/{tender.pk}/").content.decode()
    assert f"/sales/quotes/new/?inquiry={tender.pk}" in page
    assert "还有未答复的协助请求" in page


def test_tech_answers_from_the_page_and_sees_no_price(client, cast):
    tender = Inquiry.objects.get(title=TENDER_TITLE)
    request = tender.requests.get()
    client.force_login(cast["tech"])
    home = client.get("/").content.decode()
    assert "待答复的协助请求" in home and "彩钢瓦" in home
    page = client.get(f"/sales/inquiries/{tender.pk}/").content.decode()
    assert "800,000" not in page and "预计金额" not in page
    client.post(
        f"/sales/inquiries/{tender.pk}/answer/",
        {
            "request": request.pk,
            "answer": "采用铝合金导轨夹具",
            "attachments": [SimpleUploadedFile("排布图.pdf", tiny_pdf())],
        },
    )
    request.refresh_from_db()
    assert request.answer == "采用铝合金导轨夹具" and request.attachments.count() == 1
    assert "没有待答复的请求" in client.get("/").content.decode()


def test_salesperson_asks_attaches_and_records_the_outcome_from_the_page(client, cast):
    small = Inquiry.objects.get(title=INQUIRY_TITLE)
    client.force_login(cast["sales2"])
    client.post(f"/sales/inquiries/{small.pk}/ask/", {"kind": "purchasing", "question": "交期？"})
    assert InputRequest.objects.filter(inquiry=small, kind="purchasing").exists()
    client.post(
        f"/sales/inquiries/{small.pk}/attach/",
        {"attachments": [SimpleUploadedFile("询价书.pdf", tiny_pdf())]},
    )
    assert small.attachments.filter(request__isnull=True).count() == 1
    client.post(f"/sales/inquiries/{small.pk}/outcome/", {"outcome": "lost", "reason": ""})
    small.refresh_from_db()
    assert small.status == "participating"
    client.post(
        f"/sales/inquiries/{small.pk}/outcome/",
        {"outcome": "lost", "reason": "价格高", "winning_price": "140,000.00"},
    )
    small.refresh_from_db()
    assert (small.status, str(small.winning_price)) == ("lost", "140000.00")
    assert client.post(f"/sales/inquiries/{small.pk}/nonsense/").status_code == 404


def test_invisible_detail_is_404(client, cast):
    small = Inquiry.objects.get(title=INQUIRY_TITLE)
    client.force_login(cast["sales1"])
    assert client.get(f"/sales/inquiries/{small.pk}/").status_code == 404
    client.force_login(cast["buyer"])
    assert client.get(f"/sales/inquiries/{small.pk}/").status_code == 404


def test_inbox_pages_list_inquiries_for_gm_and_requests_for_tech(client, cast):
    client.force_login(cast["gm"])
    rows = client.get("/approvals/").context["page"].object_list
    assert [r.kind for r in rows if r.kind.startswith("inquiry")] == ["inquiry"]
    client.force_login(cast["tech"])
    rows = client.get("/approvals/").context["page"].object_list
    assert [r.kind for r in rows] == ["inquiry_request"]
    assert rows[0].amount is None


def test_customer_timeline_shows_the_inquiry(client, cast):
    customer = Customer.objects.get(code="C-0001")
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/customers/{customer.pk}/").content.decode()
    assert TENDER_TITLE in page


def test_the_sales_tab_has_an_inquiries_section_for_people_who_sell(client, cast):
    client.force_login(cast["sales1"])
    urls = [item["url"] for item in client.get("/").context["nav"]]
    assert "/sales/" in urls
    tabs = client.get("/sales/quotes/").content.decode()
    assert 'class="tabs sales-tabs"' in tabs and 'href="/sales/inquiries/"' in tabs
    client.force_login(cast["tech"])  # asked through the inbox; no selling tab
    urls = [item["url"] for item in client.get("/").context["nav"]]
    assert "/sales/" not in urls
    assert client.get("/sales/").status_code == 404


def test_inbox_search_finds_an_inquiry_by_number_or_customer(api, cast):
    tender = Inquiry.objects.get(title=TENDER_TITLE)

    def found(q):
        rows = api("gm").get("/api/approvals/inbox/", {"q": q}).data["results"]
        return [r["id"] for r in rows if r["kind"] == "inquiry"]

    assert found(tender.number) == [tender.pk]
    rows = api("gm").get("/api/approvals/inbox/").data["results"]
    row = next(r for r in rows if r["kind"] == "inquiry")
    assert (row["number"], row["amount"], row["subject"]) == (
        tender.number,
        "800000.00",
        "杭州阳光新能源科技有限公司",
    )
    assert found("阳光新能源") == [tender.pk]
    assert found("没有这个客户") == []


def test_gm_approves_the_tender_in_bulk_from_the_inbox(api):
    tender = Inquiry.objects.get(title=TENDER_TITLE)
    response = api("gm").post(
        "/api/approvals/approve/", {"items": [{"kind": "inquiry", "id": tender.pk}]}, format="json"
    )
    assert response.status_code == 200, response.data
    tender.refresh_from_db()
    assert tender.status == "participating"


def test_a_salesperson_lists_inquiries_on_their_customers_under_visible(client, cast):
    from fieldsales.sales.inquiries.services import inquiry_register

    inquiry_register(
        actor=cast["head"],
        data={
            "kind": "inquiry",
            "customer": Customer.objects.get(code="C-0001").pk,
            "title": "部长替张伟登记",
            "items": [{"description": "支架", "quantity": "5"}],
            "deadline": timezone.localdate() + timedelta(days=3),
            "estimated_amount": Decimal("1000.00"),
        },
    )
    client.force_login(cast["sales1"])
    assert "部长替张伟登记" not in client.get("/sales/inquiries/").content.decode()
    assert "部长替张伟登记" in client.get("/sales/inquiries/?scope=visible").content.decode()


def test_tech_lists_only_what_they_are_asked_and_buyer_home_is_empty(client, cast):
    client.force_login(cast["tech"])
    page = client.get("/sales/inquiries/").content.decode()
    assert TENDER_TITLE in page and INQUIRY_TITLE in page  # both asked of tech
    assert "800,000" not in page and "登记询价" not in page
    client.force_login(cast["buyer"])
    assert "没有待答复的请求" in client.get("/").content.decode()
    page = client.get("/sales/inquiries/").content.decode()
    assert TENDER_TITLE not in page and "没有询价或招标" in page


def test_the_customer_page_lists_its_inquiries_and_registers_one(client, cast):
    customer = Customer.objects.get(code="C-0001")
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/customers/{customer.pk}/").content.decode()
    assert 'data-related="inquiries"' in page
    assert f"/sales/inquiries/new/?customer={customer.pk}" in page
    assert TENDER_TITLE in page
    client.force_login(cast["tech"])  # no selling role: no block (and no prices)
    page = client.get(f"/crm/customers/{customer.pk}/")
    assert 'data-related="inquiries"' not in page.content.decode()
