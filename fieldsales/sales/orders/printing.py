"""销售合同 summary as an A4 PDF (issue 12, forms.md shared conventions): the parties, the
lines, the total in figures and capitals, the installments, delivery, the contract review's
checklist and 审批记录, the signing; boxes for 部门负责人 and 总经理."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.money import format_yuan
from fieldsales.core.people import display_name
from fieldsales.core.printing import cn_date, form_context, money, render_pdf
from fieldsales.org.models import Company
from fieldsales.org.selectors import company_name
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import (
    CHECKLIST,
    CHECKLIST_LABELS,
    SIGNED_OR_LATER,
    Order,
    OrderStatus,
)

PRINTABLE = (OrderStatus.APPROVED, *SIGNED_OR_LATER)


def refusal(order: Order) -> str:
    """Why the summary does not print yet ("" when it does): only a reviewed contract."""
    if order.status in PRINTABLE:
        return ""
    return _("合同审核通过后才能打印销售合同（S5.2）")


def order_context(order: Order) -> dict[str, Any]:
    employee = getattr(order.salesperson, "employee", None)
    department = employee.department if employee is not None else None
    company = Company.objects.first()
    lines = [
        {
            "n": index,
            "code": line.product.code,
            "name": line.product.name,
            "model": line.product.model,
            "unit": line.product.unit,
            "quantity": f"{line.quantity.normalize():f}",
            "unit_price": format_yuan(line.unit_price),
            "amount": format_yuan(line.amount),
        }
        for index, line in enumerate(order.lines.select_related("product"), start=1)
    ]
    installments = [
        {"label": i.label, "amount": format_yuan(i.amount), "due": cn_date(i.due)}
        for i in selectors.installments_of(order)
    ]
    reviews = [
        {
            "who": display_name(r.reviewer),
            "ticks": "、".join(str(CHECKLIST_LABELS[t]) for t in CHECKLIST if t in r.ticks),
            "decision": "通过" if r.decision == "approve" else "驳回",
            "comment": r.comment,
            "at": cn_date(r.at),
        }
        for r in order.reviews.select_related("reviewer").order_by("round", "step", "pk")
    ]
    return form_context(
        order,
        company=company_name(),
        title="销售合同",
        number=order.number,
        department=department.name if department is not None else "",
        filled_on=order.created_at,
        boxes=("gm", "dept_head"),
    ) | {
        "order": order,
        "customer": order.customer,
        "salesperson": display_name(order.salesperson),
        "phone": employee.phone if employee is not None else "",
        "lines": lines,
        "total": money(order.total),
        "installments": installments,
        "reviews": reviews,
        "planned_delivery": cn_date(order.planned_delivery) if order.planned_delivery else "—",
        "signed_on": cn_date(order.signed_on) if order.signed_on else "",
        "quote": order.quote.number if order.quote_id else "",
        "company_address": company.address if company else "",
    }


def order_pdf(order: Order, *, paper: str = "A4") -> bytes:
    return render_pdf("sales/orders/print.html", order_context(order), paper=paper)
