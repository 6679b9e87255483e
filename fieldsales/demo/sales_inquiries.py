"""The demo company's inquiries (selling.md S3), loaded idempotently by `fieldsales demo`
through the services: a major tender waiting for the GM with a technical question open, and a
smaller inquiry already participating with its technical question answered."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fieldsales.crm.models import Customer
from fieldsales.sales.inquiries import services
from fieldsales.sales.inquiries.models import Inquiry

TENDER_TITLE = "阳光新能源 2MW 屋顶电站组件招标"
INQUIRY_TITLE = "恒达光电 逆变器询价"


def load(users: dict[str, Any]) -> None:
    """A tender of 800,000.00 by sales1 for C-0001, decided by head and waiting for the GM,
    with an unanswered technical request; a smaller inquiry by sales2, participating, whose
    technical request tech answered."""
    today = timezone.localdate()
    if not Inquiry.objects.filter(title=TENDER_TITLE).exists():
        tender = services.inquiry_register(
            actor=users["sales1"],
            data={
                "kind": "tender",
                "customer": Customer.objects.get(code="C-0001").pk,
                "title": TENDER_TITLE,
                "items": [
                    {"description": "单晶硅光伏组件 550W", "quantity": "3640", "unit": "块"},
                    {"description": "组串式逆变器 110kW", "quantity": "18", "unit": "台"},
                ],
                "deadline": today + timedelta(days=21),
                "estimated_amount": Decimal("800000.00"),
                "note": "招标文件见附件，投标保证金 2 万元",
            },
        )
        services.inquiry_decide(
            inquiry=tender, actor=users["head"], participate=True, reason="重点客户，参与投标"
        )
        services.inquiry_ask(
            inquiry=tender,
            actor=users["sales1"],
            kind="technical",
            question="屋顶为彩钢瓦，请确认组件排布方案和支架型号。",
        )
    if not Inquiry.objects.filter(title=INQUIRY_TITLE).exists():
        inquiry = services.inquiry_register(
            actor=users["sales2"],
            data={
                "kind": "inquiry",
                "customer": Customer.objects.get(code="C-0002").pk,
                "title": INQUIRY_TITLE,
                "items": [{"description": "组串式逆变器 50kW", "quantity": "6", "unit": "台"}],
                "deadline": today + timedelta(days=10),
                "estimated_amount": Decimal("150000.00"),
            },
        )
        services.inquiry_decide(inquiry=inquiry, actor=users["head"], participate=True)
        request = services.inquiry_ask(
            inquiry=inquiry,
            actor=users["sales2"],
            kind="technical",
            question="50kW 逆变器能否兼容客户现有的 545W 组件？",
        )
        services.inquiry_answer(
            request=request,
            actor=users["tech"],
            answer="兼容：每路 MPPT 可接 18 块 545W 组件，建议 4 路输入。",
        )
