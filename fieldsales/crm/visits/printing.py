"""The printed 客户拜访反馈表 (forms.md), through core.printing; trips prints it from here too."""

from __future__ import annotations

import base64
from typing import Any

from django.utils import timezone

from fieldsales.core.people import display_name
from fieldsales.core.printing import cn_date, form_context, render_pdf
from fieldsales.crm.surveys.models import Satisfaction
from fieldsales.crm.visits.feedback import visit_feedback_seal_status
from fieldsales.crm.visits.links import trip_link
from fieldsales.crm.visits.models import SealStatus
from fieldsales.org.selectors import company_name


def feedback_number(signature: Any) -> str:
    """The visit's number (BF...) names its one feedback form."""
    return str(signature.visit.number)


def _department(visit: Any) -> str:
    """The department the visit's trip was planned under, else the salesperson's own."""
    link = trip_link()
    planned = link.department(visit) if visit.trip_id and link is not None else ""
    employee = getattr(visit.salesperson, "employee", None)
    return planned or (employee.department.name if employee and employee.department else "")


def _times(visit: Any) -> str:
    """起止时间: the check-in and check-out times, as far as the visit has them."""
    if not visit.check_in_at:
        return ""
    times = f"{timezone.localtime(visit.check_in_at):%H:%M}"
    if visit.check_out_at:
        times += f" 至 {timezone.localtime(visit.check_out_at):%H:%M}"
    return times


def feedback_pdf(signature: Any, *, paper: str = "A4") -> bytes:
    """客户拜访反馈表 of one visit (crm.VisitSignature), the one design for a visit checked in
    on the phone and a visit named in a trip report: the visit record, the customer's drawn
    signature, 拜访日期 = the day of the visit; the record printed is the version the customer
    signed, and the foot names that version, the signing time, the seal and its check."""
    visit = signature.visit
    contact = visit.contact
    status = visit_feedback_seal_status(signature)
    png = base64.b64encode(bytes(signature.signature_png)).decode()
    context = form_context(
        visit,
        company=company_name(),
        title="客户拜访反馈表",
        number=feedback_number(signature),
        department=_department(visit),
        filled_on=visit.date,
        boxes=(),
    ) | {
        "visit": visit,
        "feedback": signature,
        "customer": visit.customer,
        "contact_name": contact.name if contact else visit.customer.contact_name,
        "contact_title": contact.title if contact else "",
        "contact_phone": contact.phone if contact else visit.customer.contact_phone,
        "salesperson": display_name(visit.salesperson),
        "visited_on": cn_date(visit.date),
        "times": _times(visit),
        "purpose": visit.purpose,
        "trip": visit.trip,
        "satisfaction": [
            (value, label, value == signature.satisfaction) for value, label in Satisfaction.choices
        ],
        "signature": f"data:image/png;base64,{png}",
        "signed_on": cn_date(signature.signed_at),
        "signed_time": f"{timezone.localtime(signature.signed_at):%Y-%m-%d %H:%M}",
        "intact": status == SealStatus.INTACT,
        "seal_label": SealStatus(status).label,
        "revised": signature.version < visit.record_version,
    }
    return render_pdf("print/feedback.html", context, paper=paper)
