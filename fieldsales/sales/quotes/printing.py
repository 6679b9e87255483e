"""报价单 as an A4 PDF (selling.md S4.4, forms.md): header, lines, total in figures and
capitals, validity, terms, a 盖章 box and the salesperson's contact."""

from __future__ import annotations

from typing import Any

from fieldsales.core.money import format_yuan
from fieldsales.core.people import display_name
from fieldsales.core.printing import cn_date, form_context, money, render_pdf
from fieldsales.org.models import Company
from fieldsales.org.selectors import company_name
from fieldsales.sales.quotes.models import Quote


def _contact(user: Any) -> dict[str, str]:
    employee = getattr(user, "employee", None)
    department = employee.department if employee is not None else None
    return {
        "name": display_name(user),
        "title": employee.title if employee is not None else "",
        "phone": employee.phone if employee is not None else "",
        "email": user.email or "",
        "department": department.name if department is not None else "",
    }


def quote_context(quote: Quote) -> dict[str, Any]:
    contact = _contact(quote.salesperson)
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
        for index, line in enumerate(quote.lines.select_related("product"), start=1)
    ]
    return form_context(
        quote,
        company=company_name(),
        title="报价单",
        number=quote.number,
        department=contact["department"],
        filled_on=quote.quoted_on,
        boxes=(),
    ) | {
        "quote": quote,
        "customer": quote.customer,
        "lines": lines,
        "total": money(quote.total),
        "quoted_on": cn_date(quote.quoted_on),
        "valid_until": cn_date(quote.valid_until),
        "contact": contact,
        "company_address": company.address if company else "",
        "company_phone": company.phone if company else "",
    }


def quote_pdf(quote: Quote, *, paper: str = "A4") -> bytes:
    """The quote on A4 (a document for the customer, not a voucher to bind)."""
    return render_pdf("sales/quotes/print.html", quote_context(quote), paper=paper)
