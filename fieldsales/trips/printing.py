"""Printed forms (PDF) of trips, advances, claims, visit feedback and trip reports (forms.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fieldsales.core.money import format_yuan
from fieldsales.core.people import display_name
from fieldsales.core.printing import (
    cn_date,
    cn_span,
    money,
    month_day,
    printed_label,
    render_pdf,
)
from fieldsales.core.printing import form_context as base_form_context

# 客户拜访反馈表 is crm's form; trips prints it for a trip's visits and re-exports it.
from fieldsales.crm.visits.printing import feedback_number, feedback_pdf
from fieldsales.crm.visits.selectors import visits_for_trip
from fieldsales.org.selectors import company_name
from fieldsales.trips import selectors
from fieldsales.trips.models import (
    Advance,
    AdvanceStatus,
    Claim,
    Trip,
    TripReport,
)
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.policy_versions import policy_in_force
from fieldsales.trips.services import trip_estimate
from fieldsales.trips.vocabulary import CITY_RIDES, SEATS, TICKETS

__all__ = [
    "advance_pdf",
    "claim_pdf",
    "cn_date",
    "feedback_number",
    "feedback_pdf",
    "trip_pdf",
    "trip_report_pdf",
]

BUDGET_GROUPS = dict.fromkeys((*TICKETS, *CITY_RIDES), "transport") | {
    "allowance": "lodging",
    "lodging": "lodging",
    "entertainment": "entertainment",
}
ZERO = Decimal("0.00")


# ---------------------------------------------------------------- shared


def _department(trip: Trip, user: Any) -> str:
    """The trip's department for its traveller (as it was when planned), else the user's own."""
    if user.pk == trip.traveller_id and trip.department:
        return trip.department.name
    employee = getattr(user, "employee", None)
    return employee.department.name if employee and employee.department else ""


def _title(user: Any) -> str:
    employee = getattr(user, "employee", None)
    return employee.title if employee else ""


def _destinations(trip: Trip) -> str:
    return "、".join(f"{d.province}{d.city}" for d in trip.destinations.all())


def _payment(method: str, on: Any, at: Any, voucher: str, by: Any) -> dict[str, Any] | None:
    """How money moved (issue 10.5), as the cashier's line prints it; None before it moved."""
    if at is None:
        return None
    return {
        "method": method,
        "on": cn_date(on or at),
        "voucher": voucher,
        "by": display_name(by),
    }


def form_context(document: Any, **header: Any) -> dict[str, Any]:
    """core.printing's shared header and boxes, under the company's name (org.Company)."""
    return base_form_context(document, company=company_name(), **header)


# ---------------------------------------------------------------- 出差申请单


def _trip_budget(trip: Trip) -> dict[str, Any]:
    estimate = trip_estimate(trip=trip)
    groups = {"transport": ZERO, "lodging": ZERO, "entertainment": ZERO, "other": ZERO}
    for line in estimate.get("lines", []):
        groups[BUDGET_GROUPS.get(line["kind"], "other")] += Decimal(line["reimbursed"])
    advances = trip.advances.exclude(
        status__in=[AdvanceStatus.REJECTED, AdvanceStatus.CANCELLED]
    ).values_list("amount", flat=True)
    return {key: format_yuan(value) if value else "" for key, value in groups.items()} | {
        "total": money(sum(groups.values(), ZERO)),
        "advance": money(sum(advances, ZERO)),
    }


def _report_summary(report: TripReport | None, trip: Trip) -> dict[str, Any] | None:
    if report is None:
        return None
    changed = (report.actual_depart, report.actual_return) != (trip.depart, trip.return_date)
    return {
        "span": cn_span(report.actual_depart, report.actual_return),
        "changed": changed,
        "summary": "；".join(
            text for text in (report.route, report.results, report.orders_signed) if text
        ),
    }


def trip_pdf(trip: Trip, *, paper: str = "A5") -> bytes:
    """出差申请单, with the lower part filled from the trip report once it is filed."""
    chain = settings_in_force(trip.depart).trip_chain
    context = form_context(
        trip,
        title="出差申请单",
        number=trip.number,
        department=_department(trip, trip.traveller),
        filled_on=trip.submitted_at or trip.created_at,
        boxes=(*chain, "payee"),
        payee="出差人",
    ) | {
        "trip": trip,
        "traveller": display_name(trip.traveller),
        "job_title": _title(trip.traveller),
        "companions": "、".join(
            display_name(c.user) + ("（受邀）" if c.invited else "") for c in trip.companions.all()
        ),
        "destinations": _destinations(trip),
        "customers": "、".join(c.name for c in trip.customers.all()),
        "span": cn_span(trip.depart, trip.return_date),
        "budget": _trip_budget(trip),
        "report": _report_summary(selectors.report_of(trip), trip),
    }
    return render_pdf("print/trip.html", context, paper=paper)


# ---------------------------------------------------------------- 借款单


def advance_pdf(advance: Advance, *, paper: str = "A5") -> bytes:
    """借款单 / 预支差旅费单 with 前账不清，后账不借 (P2.4) printed small."""
    trip = advance.trip
    chain = settings_in_force(trip.depart).advance_chain
    reason = advance.reason or (
        f"{trip.number} 赴{_destinations(trip)}{trip.get_purpose_display()}"
        f"（{cn_date(trip.depart)}至{cn_date(trip.return_date)}）预支差旅费"
    )
    context = form_context(
        advance,
        title="借款单",
        number=advance.number,
        department=_department(trip, advance.traveller),
        filled_on=advance.submitted_at or advance.created_at,
        boxes=(*chain, "cashier", "payee"),
        payee="领款人",
    ) | {
        "advance": advance,
        "borrower": display_name(advance.traveller),
        "reason": reason,
        "amount": money(advance.amount),
        "repay_on": cn_date(trip.return_date),
        "paid": _payment(
            advance.paid_method,
            advance.paid_on,
            advance.paid_at,
            advance.paid_voucher,
            advance.paid_by,
        ),
        "repaid": _payment(
            advance.repaid_method,
            advance.repaid_on,
            advance.repaid_at,
            advance.repaid_voucher,
            advance.repaid_by,
        ),
        "repaid_amount": format_yuan(advance.repaid_amount) if advance.repaid_amount else "",
    }
    return render_pdf("print/advance.html", context, paper=paper)


# ---------------------------------------------------------------- 差旅费报销单


def _item_label(item: dict[str, Any]) -> str:
    kind = item.get("kind", "")
    seat = item.get("seat") or item.get("cabin") or ""
    # A cabin is free text: only a known seat or cabin is printed after the ticket's kind.
    seat_label = printed_label("seat", seat) if kind in TICKETS and seat in SEATS else ""
    return printed_label("claim_item_kind", kind) + seat_label


def _item_row(item: dict[str, Any], amount: Decimal) -> dict[str, Any]:
    """One row of the detail table for one receipt, its amount in its column."""
    kind = item.get("kind", "")
    month, day = month_day(item.get("date"))
    row: dict[str, Any] = {"month": month, "day": day, "from": item.get("from", "")}
    row |= {"to": item.get("to", "") or item.get("city", ""), "label": _item_label(item)}
    if kind in TICKETS:
        row |= {"tickets": 1, "fare": amount, "back_month": month, "back_day": day}
    elif kind in CITY_RIDES:
        row["city"] = amount
    elif kind == "lodging":
        row["lodging"], row["label"] = amount, "住宿"
    else:
        row["other"] = amount
    return row


def _allowance_row(claim: Claim, line: dict[str, Any]) -> dict[str, Any]:
    params = policy_in_force(claim.trip.depart)
    depart, ret = selectors.actual_dates(claim.trip)
    standards = {
        "P3.1": params.allowance_day_trip_in,
        "P3.2": params.allowance_overnight_in,
        "P3.3": params.allowance_out,
    }
    month, day = month_day(depart)
    back_month, back_day = month_day(ret)
    return {
        "month": month,
        "day": day,
        "from": params.home_region,
        "back_month": back_month,
        "back_day": back_day,
        "to": "、".join(d.city for d in claim.trip.destinations.all()),
        "days": claim.evaluation.get("paid_days", ""),
        "standard": standards.get(line.get("rule")),
        "allowance": Decimal(line["reimbursed"]),
    }


MONEY_COLUMNS = ("fare", "allowance", "lodging", "city", "other")


def claim_rows(claim: Claim) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    """The detail table (reimbursed amounts, allowance last) and its 合计 row."""
    lines = {line["item"]: line for line in claim.evaluation.get("lines", [])}
    rows = [
        _item_row(item, Decimal(lines[str(item["id"])]["reimbursed"]))
        for item in claim.items
        if str(item.get("id")) in lines
    ]
    rows += [_allowance_row(claim, line) for line in lines.values() if line["kind"] == "allowance"]
    totals = dict.fromkeys((*MONEY_COLUMNS, "subtotal"), ZERO)
    for row in rows:
        row["subtotal"] = sum((row.get(c, ZERO) for c in MONEY_COLUMNS), ZERO)
        for column in totals:
            totals[column] += row.get(column, ZERO)
    return rows, totals


def claim_cuts(claim: Claim) -> list[dict[str, str]]:
    """核减说明: every line reimbursed below its claim, with its rule and reason."""
    evaluation = claim.evaluation
    reasons = {v["item"]: v["message"] for v in evaluation.get("violations", []) if v["item"]}
    items = {str(item.get("id")): item for item in claim.items}
    cuts = []
    for line in evaluation.get("lines", []):
        claimed, reimbursed = Decimal(line["claimed"]), Decimal(line["reimbursed"])
        if reimbursed >= claimed:
            continue
        item = items.get(line["item"], {"kind": line["kind"]})
        note = item.get("note", "")
        cuts.append(
            {
                "item": _item_label(item) + (f"（{note}）" if note else ""),
                "claimed": format_yuan(claimed),
                "reimbursed": format_yuan(reimbursed),
                "cut": format_yuan(claimed - reimbursed),
                "rule": printed_label("policy.rule", line["rule"]),
                "reason": line.get("reason") or reasons.get(line["item"], ""),
            }
        )
    return cuts


def claim_reviews(claim: Claim) -> list[dict[str, str]]:
    """审批人调整、说明与同意: each override (P9), note (P4.6 d) and consent (P4.6) with who,
    when and why, as recorded; none of them comes from the claimant."""
    items = {str(item.get("id")): item for item in claim.items}
    # A line by its number on the form (第1行), never by its stored id.
    numbers = {key: n for n, key in enumerate(items, start=1)}
    reviews = selectors.reviews_of(claim=claim)
    what = {
        "overrides": lambda o: f"调整为{format_yuan(o.amount)}（P9）",
        "consents": lambda c: "部门负责人同意（P4.6）",
        "notes": lambda n: "审核说明（P4.6）",
    }
    rows = []
    for kind, describe in what.items():
        for row in reviews[kind]:
            item = items.get(row.item, {"kind": ""})
            rows.append(
                {
                    "item": (
                        f"第{numbers[row.item]}行 {_item_label(item)}"
                        if row.item in numbers
                        else "已删除的一行"
                    ),
                    "what": describe(row),
                    "by": display_name(row.by),
                    "at": cn_date(row.at),
                    "why": getattr(row, "reason", None) or getattr(row, "note", ""),
                    "void": not row.applies,
                    "sort": row.at,
                }
            )
    return sorted(rows, key=lambda r: r.pop("sort"))


def _settlement(claim: Claim) -> dict[str, Any]:
    # forms.md: never a negative number; two boxes and exactly one of them filled.
    if claim.return_to_company > 0:
        return {"return": money(claim.return_to_company), "pay": None}
    return {"return": None, "pay": money(claim.pay_to_traveller)}


def claim_pdf(claim: Claim, *, paper: str = "A5") -> bytes:
    """差旅费报销单: the detail table, the total in capitals, the settlement and 核减说明."""
    trip = claim.trip
    chain = settings_in_force(trip.depart).claim_chain
    rows, totals = claim_rows(claim)
    depart, ret = selectors.actual_dates(trip)
    receipts = claim.receipts.count()
    context = form_context(
        claim,
        title="差旅费报销单",
        number=claim.number,
        department=_department(trip, claim.claimant),
        filled_on=claim.submitted_at or claim.created_at,
        boxes=(*chain, "cashier", "payee"),
        payee="报销人",
        attachments=receipts or None,
    ) | {
        "claim": claim,
        "claimant": display_name(claim.claimant),
        "job_title": _title(claim.claimant),
        "purpose": f"{trip.get_purpose_display()}（{_destinations(trip)}）",
        "span": cn_span(depart, ret),
        "rows": rows,
        "totals": totals,
        "blank_rows": range(max(0, 5 - len(rows))),
        "total": money(claim.reimbursed_total),
        "claimed": format_yuan(claim.claimed_total),
        "advance": format_yuan(claim.advance_deducted),
        "settlement": _settlement(claim),
        # 付款 when the company pays the difference, 收款 when the claimant returns it.
        "receiving": claim.return_to_company > 0,
        "payment": _payment(
            claim.settled_method,
            claim.settled_on,
            claim.settled_at,
            claim.settled_voucher,
            claim.settled_by,
        ),
        "cuts": claim_cuts(claim),
        "reviews": claim_reviews(claim),
        "trip_notes": [v for v in claim.evaluation.get("violations", []) if not v["item"]],
    }
    return render_pdf("print/claim.html", context, paper=paper)


# ---------------------------------------------------------------- 出差报告


def _visits(trip: Trip) -> list[dict[str, str]]:
    """The report's visit rows: every visit made on the trip, one per visit, then the trip's
    customers nobody visited (P7.2 shows them unsigned)."""
    rows = visits_for_trip(trip)
    visits = [
        {
            "date": cn_date(row.date),
            "customer": row.customer.name,
            "contact": row.signer_name or row.customer.contact_name,
            "content": row.content,
            "result": (row.satisfaction_label or "已签字") if row.signed else "未签反馈表",
        }
        for row in rows
    ]
    seen = {row.customer.pk for row in rows}
    visits += [
        {
            "date": "",
            "customer": customer.name,
            "contact": customer.contact_name,
            "content": "",
            "result": "未签反馈表",
        }
        for customer in trip.customers.all()
        if customer.pk not in seen
    ]
    return visits


def _expenses(trip: Trip) -> dict[str, str]:
    claim = trip.claims.filter(claimant=trip.traveller).first()
    return {
        "budget": _trip_budget(trip)["total"]["figures"],
        "actual": format_yuan(claim.reimbursed_total) if claim else "",
        "advance": format_yuan(selectors.paid_advance(trip=trip, traveller=trip.traveller)),
    }


def trip_report_pdf(trip: Trip, *, paper: str = "A4") -> bytes:
    """出差报告, from the filed TripReport (the caller checks that there is one)."""
    report = trip.report
    context = form_context(
        report,
        title="出差报告",
        number=trip.number,
        department=_department(trip, trip.traveller),
        filled_on=report.submitted_on,
        boxes=(),
    ) | {
        "trip": trip,
        "report": report,
        "traveller": display_name(trip.traveller),
        "companions": "、".join(display_name(c.user) for c in trip.companions.all()),
        "destinations": _destinations(trip),
        "span": cn_span(report.actual_depart, report.actual_return),
        "visits": _visits(trip),
        "expenses": _expenses(trip),
    }
    return render_pdf("print/trip_report.html", context, paper=paper)
