"""S3 services called directly: register (and submit), decide, ask, answer, attach, outcome."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from helpers import tiny_pdf, tiny_png

from fieldsales.core.errors import (
    Forbidden,
    InvalidTransition,
    NotFound,
    RuleBroken,
    ServiceError,
)
from fieldsales.core.sheets import new_workbook, put, workbook_bytes
from fieldsales.crm.models import Customer
from fieldsales.sales.inquiries.models import InquiryStatus
from fieldsales.sales.inquiries.selectors import (
    can_quote,
    has_unanswered_requests,
    open_requests,
    quotable_inquiry,
)
from fieldsales.sales.inquiries.services import (
    clean_items,
    inquiry_answer,
    inquiry_ask,
    inquiry_attach,
    inquiry_decide,
    inquiry_outcome,
    inquiry_register,
    parse_money,
    parse_quantity,
)
from fieldsales.sales.versions import SalesPolicyVersion

pytestmark = pytest.mark.django_db


def data(code="C-0001", **extra):
    return {
        "kind": "inquiry",
        "customer": Customer.objects.get(code=code).pk,
        "items": [{"description": "逆变器 50kW", "quantity": "2"}],
        "deadline": timezone.localdate() + timedelta(days=5),
        "estimated_amount": Decimal("1000.00"),
    } | extra


def xlsx_bytes() -> bytes:
    wb = new_workbook()
    put(wb.active, 1, 1, "招标清单")
    return workbook_bytes(wb)


def test_register_submits_to_the_department_manager(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data(title="测试"))
    assert inquiry.status == InquiryStatus.SUBMITTED
    assert inquiry.pending_user_id == cast["head"].pk
    assert inquiry.items == [{"description": "逆变器 50kW", "quantity": "2.000", "unit": ""}]


def test_s3_2_major_amount_comes_from_the_sales_policy_version(cast):
    SalesPolicyVersion.objects.create(
        name="测试",
        effective_from=timezone.localdate() - timedelta(days=1),
        major_amount=Decimal("900.00"),
    )
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    assert [s["role"] for s in inquiry.chain] == ["dept_manager", "gm"]


def test_s3_2_exactly_major_amount_is_major(cast):
    inquiry = inquiry_register(
        actor=cast["sales1"], data=data(estimated_amount=Decimal("500000.00"))
    )
    assert [s["role"] for s in inquiry.chain] == ["dept_manager", "gm"]
    below = inquiry_register(actor=cast["sales1"], data=data(estimated_amount=Decimal("499999.99")))
    assert [s["role"] for s in below.chain] == ["dept_manager"]


def test_a_managers_own_inquiry_goes_to_the_gm_alone(cast):
    inquiry = inquiry_register(actor=cast["head"], data=data())
    assert [s["role"] for s in inquiry.chain] == ["gm"]
    inquiry = inquiry_decide(inquiry=inquiry, actor=cast["gm"], participate=True)
    assert inquiry.status == InquiryStatus.PARTICIPATING


def test_technical_purchasing_and_finance_may_not_register(cast):
    for name in ("tech", "buyer", "finance"):
        with pytest.raises(Forbidden):
            inquiry_register(actor=cast[name], data=data())


def test_register_needs_a_customer_the_salesperson_sees(cast):
    # C-0002 is sales2's customer
    with pytest.raises(RuleBroken) as error:
        inquiry_register(actor=cast["sales1"], data=data(code="C-0002"))
    assert error.value.field == "customer"


def test_items_are_checked_line_by_line():
    assert clean_items([{"description": " 组件 ", "quantity": "0.125", "unit": "MW"}]) == [
        {"description": "组件", "quantity": "0.125", "unit": "MW"}
    ]
    for bad in (
        [],
        "x",
        [{"description": "", "quantity": "1"}],
        [{"description": "a", "quantity": "0"}],
        [{"description": "a", "quantity": "1.2345"}],
        [{"description": "a", "quantity": 3}],
        [{"description": "a", "quantity": "-1"}],
        [{"description": "a", "quantity": "1", "unit": "x" * 11}],
        ["not a dict"],
    ):
        with pytest.raises(RuleBroken) as error:
            clean_items(bad)
        assert error.value.field == "items"


def test_parse_quantity_and_money():
    assert parse_quantity("10") == Decimal("10")
    assert parse_quantity("0.001") == Decimal("0.001")
    assert parse_quantity("0") is None
    assert parse_quantity("１０") is None  # full-width digits are no number here
    assert parse_money("750000.00") == Decimal("750000.00")
    assert parse_money("7.505") is None


def test_deadline_in_the_past_is_refused(cast):
    with pytest.raises(RuleBroken) as error:
        inquiry_register(
            actor=cast["sales1"], data=data(deadline=timezone.localdate() - timedelta(days=1))
        )
    assert error.value.field == "deadline"


def test_opportunity_must_be_of_the_same_customer(cast):
    from factories import OpportunityFactory

    other = OpportunityFactory(customer=Customer.objects.get(code="C-0003"), actor=cast["sales1"])
    with pytest.raises(RuleBroken) as error:
        inquiry_register(actor=cast["sales1"], data=data(opportunity=other.pk))
    assert error.value.field == "opportunity"
    same = OpportunityFactory(customer=Customer.objects.get(code="C-0001"), actor=cast["sales1"])
    inquiry = inquiry_register(actor=cast["sales1"], data=data(opportunity=same.pk))
    assert inquiry.opportunity_id == same.pk


def test_attachments_pdf_png_and_xlsx_are_stored(cast):
    files = [
        SimpleUploadedFile("询价书.pdf", tiny_pdf()),
        SimpleUploadedFile("现场.png", tiny_png()),
        SimpleUploadedFile("清单.xlsx", xlsx_bytes()),
    ]
    inquiry = inquiry_register(actor=cast["sales1"], data=data(), attachments=files)
    kinds = sorted(a.content_type for a in inquiry.attachments.all())
    assert kinds == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/png",
    ]


def test_an_attachment_of_another_type_is_refused_and_nothing_is_saved(cast):
    from fieldsales.sales.inquiries.models import Inquiry

    before = Inquiry.objects.count()
    with pytest.raises(ServiceError) as error:
        inquiry_register(
            actor=cast["sales1"],
            data=data(),
            attachments=[SimpleUploadedFile("a.txt", b"hello world")],
        )
    assert (error.value.field, error.value.status_code) == ("attachments", 400)
    assert Inquiry.objects.count() == before


def test_a_zip_that_is_no_workbook_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(RuleBroken) as error:
        inquiry_register(
            actor=cast["sales1"],
            data=data(),
            attachments=[SimpleUploadedFile("x.xlsx", buffer.getvalue())],
        )
    assert error.value.field == "attachments"


def test_a_zip_bomb_is_refused_before_unpacking(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/sharedStrings.xml", "a" * (60 * 1024 * 1024))
    with pytest.raises(RuleBroken) as error:
        inquiry_register(
            actor=cast["sales1"],
            data=data(),
            attachments=[SimpleUploadedFile("bomb.xlsx", buffer.getvalue())],
        )
    assert error.value.field == "attachments"


def test_attach_after_registering_by_the_salesperson_only(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    stored = inquiry_attach(
        inquiry=inquiry, actor=cast["sales1"], attachments=[SimpleUploadedFile("a.pdf", tiny_pdf())]
    )
    assert len(stored) == 1
    with pytest.raises(Forbidden):
        inquiry_attach(
            inquiry=inquiry,
            actor=cast["tech"],
            attachments=[SimpleUploadedFile("a.pdf", tiny_pdf())],
        )
    with pytest.raises(RuleBroken):
        inquiry_attach(inquiry=inquiry, actor=cast["sales1"], attachments=[])


def test_s3_2_decline_needs_a_reason_and_closes_the_inquiry(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    with pytest.raises(RuleBroken) as error:
        inquiry_decide(inquiry=inquiry, actor=cast["head"], participate=False, reason="  ")
    assert error.value.field == "reason"
    inquiry = inquiry_decide(
        inquiry=inquiry, actor=cast["head"], participate=False, reason="产能不足"
    )
    assert inquiry.status == InquiryStatus.DECLINED
    assert can_quote(inquiry) is False
    with pytest.raises(RuleBroken) as error:
        quotable_inquiry(cast["sales1"], inquiry.pk)
    assert error.value.field == "inquiry"


def test_s3_2_gm_may_decline_after_the_managers_yes(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data(estimated_amount=Decimal("600000")))
    inquiry = inquiry_decide(inquiry=inquiry, actor=cast["head"], participate=True)
    assert inquiry.status == InquiryStatus.SUBMITTED
    with pytest.raises(Forbidden):
        inquiry_decide(inquiry=inquiry, actor=cast["head"], participate=True)
    inquiry = inquiry_decide(inquiry=inquiry, actor=cast["gm"], participate=False, reason="风险大")
    assert inquiry.status == InquiryStatus.DECLINED


def test_quotable_inquiry_is_404_for_what_the_user_does_not_see(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    with pytest.raises(NotFound):
        quotable_inquiry(cast["buyer"], inquiry.pk)
    with pytest.raises(NotFound):
        quotable_inquiry(cast["sales1"], "abc")


def test_s3_3_requests_go_to_the_role_and_are_answered_once(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    request = inquiry_ask(
        inquiry=inquiry, actor=cast["sales1"], kind="purchasing", question="硅料价格？"
    )
    assert list(open_requests(inquiry)) == [request]
    with pytest.raises(Forbidden):
        inquiry_answer(request=request, actor=cast["tech"], answer="不是我的")
    with pytest.raises(RuleBroken) as error:
        inquiry_answer(request=request, actor=cast["buyer"], answer=" ")
    assert error.value.field == "answer"
    answered = inquiry_answer(
        request=request,
        actor=cast["buyer"],
        answer="每瓦 0.9 元，交期 15 天",
        attachments=[SimpleUploadedFile("报价.pdf", tiny_pdf())],
    )
    assert answered.answered and answered.attachments.count() == 1
    assert has_unanswered_requests(inquiry) is False
    with pytest.raises(InvalidTransition):
        inquiry_answer(request=request, actor=cast["buyer"], answer="again")


def test_s3_3_who_may_ask(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    inquiry_ask(inquiry=inquiry, actor=cast["head"], kind="technical", question="经理也可以问")
    for name in ("sales2", "tech", "finance"):
        with pytest.raises(Forbidden):
            inquiry_ask(inquiry=inquiry, actor=cast[name], kind="technical", question="?")
    with pytest.raises(RuleBroken) as error:
        inquiry_ask(inquiry=inquiry, actor=cast["sales1"], kind="legal", question="?")
    assert error.value.field == "kind"
    with pytest.raises(RuleBroken) as error:
        inquiry_ask(inquiry=inquiry, actor=cast["sales1"], kind="technical", question="")
    assert error.value.field == "question"


def test_s3_3_no_request_or_answer_on_a_closed_inquiry(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    request = inquiry_ask(inquiry=inquiry, actor=cast["sales1"], kind="technical", question="?")
    inquiry_outcome(inquiry=inquiry, actor=cast["sales1"], outcome="withdrawn")
    with pytest.raises(InvalidTransition):
        inquiry_ask(inquiry=inquiry, actor=cast["sales1"], kind="technical", question="?")
    with pytest.raises(InvalidTransition):
        inquiry_answer(request=request, actor=cast["tech"], answer="晚了")


def test_s3_4_outcomes(cast):
    inquiry = inquiry_register(actor=cast["sales1"], data=data())
    with pytest.raises(InvalidTransition):
        inquiry_outcome(inquiry=inquiry, actor=cast["sales1"], outcome="won")
    inquiry = inquiry_decide(inquiry=inquiry, actor=cast["head"], participate=True)
    with pytest.raises(RuleBroken) as error:
        inquiry_outcome(inquiry=inquiry, actor=cast["sales1"], outcome="maybe")
    assert error.value.field == "outcome"
    with pytest.raises(RuleBroken) as error:
        inquiry_outcome(inquiry=inquiry, actor=cast["sales1"], outcome="lost")
    assert error.value.field == "reason"
    with pytest.raises(Forbidden):
        inquiry_outcome(inquiry=inquiry, actor=cast["sales2"], outcome="won")
    won = inquiry_outcome(inquiry=inquiry, actor=cast["sales1"], outcome="won", reason="签约在即")
    assert won.status == InquiryStatus.WON and won.outcome_at is not None
