"""D6's facts of one salesperson's quarter, each figure with the documents behind it.

- sales: orders signed in the quarter (signed_on), their totals;
- sales_target: the person's quarter share of the department's split in force (the three
  months' sales lines; a split without months: a quarter of the year);
- sales_last_year: the same for the same quarter a year before;
- due / collected: installments of the person's signed orders due in the quarter, and the
  collections dated in it (S6.3's `due_in` and `collected_in`);
- new_customers: customers whose first signed order (anyone's) was signed in the quarter by
  this person (docs/notes-scorecards.md);
- satisfaction: the surveys counted for the person in the quarter (their `quarter`), and the
  signed visit feedback of the quarter's visits that have no survey of their own;
- expenses: the approved or settled claims of the person's trips that departed in the quarter;
- incidents: every registered source (fieldsales.department.incidents).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from fieldsales.crm.models import Customer
from fieldsales.crm.surveys.models import SatisfactionSurvey
from fieldsales.crm.visits.models import VisitSignature
from fieldsales.department import incidents as incident_registry
from fieldsales.department.incidents import Incident
from fieldsales.department.scorecards.quarters import Quarter
from fieldsales.department.targets import selectors as targets
from fieldsales.department.targets.models import Measure
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Order
from fieldsales.sales.orders.selectors import collected_in, due_in
from fieldsales.trips.models import Claim, ClaimStatus

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


@dataclass
class Gathered:
    """The facts as D6's JSON (without manager_points), the evidence per figure and the
    incidents (scored and listed-only)."""

    facts: dict[str, Any]
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    incidents: list[dict[str, Any]] = field(default_factory=list)


def _row(label: str, *, amount: Any = None, day: Any = None, url: str = "") -> dict[str, Any]:
    return {
        "label": label,
        "amount": _money(amount) if isinstance(amount, Decimal) else amount,
        "date": day.isoformat() if day is not None else None,
        "url": url,
    }


def _signed_orders(person_id: int, quarter: Quarter) -> list[Order]:
    return list(
        Order.objects.filter(
            salesperson_id=person_id,
            status__in=SIGNED_OR_LATER,
            signed_on__gte=quarter.start,
            signed_on__lte=quarter.end,
        )
        .select_related("customer")
        .order_by("signed_on", "pk")
    )


def _sales(person_id: int, quarter: Quarter) -> tuple[Decimal, list[dict[str, Any]]]:
    orders = _signed_orders(person_id, quarter)
    rows = [
        _row(
            f"{o.number} {o.customer.name}",
            amount=o.total,
            day=o.signed_on,
            url=reverse("sales:order_detail", args=[o.pk]),
        )
        for o in orders
    ]
    return sum((o.total for o in orders), ZERO), rows


def _target(person_id: int, department_id: int, quarter: Quarter) -> tuple[Decimal, list]:
    split = targets.in_force(year=quarter.year, department_id=department_id)
    if split is None:
        return ZERO, []
    lines = split.lines.filter(
        measure=Measure.SALES, salesperson_id=person_id, category__isnull=True
    )
    months = [line for line in lines if line.month in quarter.months]
    if months:
        amount = sum((line.amount for line in months), ZERO)
        how = _("%(months)s月目标之和") % {"months": "、".join(str(m) for m in quarter.months)}
    else:
        year = next((line.amount for line in lines if line.month == 0), ZERO)
        amount = (year / 4).quantize(CENT, rounding=ROUND_HALF_UP)
        how = _("年度目标的四分之一")
    url = reverse("department:target_detail", args=[split.pk])
    return amount, [_row(f"{split.number} {how}", amount=amount, url=url)]


def _orders_of(person_id: int) -> Any:
    return Order.objects.filter(salesperson_id=person_id, status__in=SIGNED_OR_LATER)


def _due(person_id: int, quarter: Quarter) -> tuple[Decimal, list]:
    rows, total = [], ZERO
    for item in (
        due_in(_orders_of(person_id), quarter.start, quarter.end)
        .select_related("order")
        .order_by("due", "pk")
    ):
        total += item.amount
        rows.append(
            _row(
                f"{item.order.number} {item.label}",
                amount=item.amount,
                day=item.due,
                url=reverse("sales:order_detail", args=[item.order_id]),
            )
        )
    return total, rows


def _collected(person_id: int, quarter: Quarter) -> tuple[Decimal, list]:
    rows, total = [], ZERO
    for money in (
        collected_in(_orders_of(person_id), quarter.start, quarter.end)
        .select_related("order")
        .order_by("date", "pk")
    ):
        total += money.amount
        rows.append(
            _row(
                f"{money.order.number} {money.get_method_display()} {money.reference}".strip(),
                amount=money.amount,
                day=money.date,
                url=reverse("sales:order_detail", args=[money.order_id]),
            )
        )
    return total, rows


def _new_customers(person_id: int, quarter: Quarter) -> tuple[int, list]:
    first = (
        Order.objects.filter(customer=OuterRef("pk"), status__in=SIGNED_OR_LATER)
        .order_by("signed_on", "pk")
        .values("pk")[:1]
    )
    customers = (
        Customer.objects.annotate(
            first_signed=Min("orders__signed_on", filter=Q(orders__status__in=SIGNED_OR_LATER)),
            first_order=Subquery(first),
        )
        .filter(first_signed__gte=quarter.start, first_signed__lte=quarter.end)
        .order_by("first_signed", "pk")
    )
    rows = []
    for customer in customers:
        order = Order.objects.filter(pk=customer.first_order).first()
        if order is None or order.salesperson_id != person_id:
            continue
        rows.append(
            _row(
                _("%(customer)s（首单 %(order)s）")
                % {"customer": customer.name, "order": order.number},
                amount=1,
                day=order.signed_on,
                url=reverse("crm:customer_detail", args=[customer.pk]),
            )
        )
    return len(rows), rows


def _satisfaction(person_id: int, quarter: Quarter) -> tuple[list[int], list]:
    scores, rows = [], []
    surveys = (
        SatisfactionSurvey.objects.filter(salesperson_id=person_id, quarter=quarter.label)
        .select_related("customer")
        .order_by("recorded_at", "pk")
    )
    for survey in surveys:
        scores.append(survey.score)
        url = (
            reverse("crm:visit_detail", args=[survey.visit_id])
            if survey.visit_id
            else reverse("crm:customer_detail", args=[survey.customer_id])
        )
        rows.append(
            _row(
                _("满意度调查（%(kind)s）%(customer)s：%(score)s")
                % {
                    "kind": survey.get_kind_display(),
                    "customer": survey.customer.name,
                    "score": survey.get_score_display(),
                },
                amount=survey.score,
                day=survey.recorded_at.date(),
                url=url,
            )
        )
    # The signed visit feedback (拜访反馈表) of the quarter's visits without a survey of their
    # own; of several signed versions the latest counts.
    signatures = (
        VisitSignature.objects.filter(
            visit__salesperson_id=person_id,
            visit__date__gte=quarter.start,
            visit__date__lte=quarter.end,
            visit__survey__isnull=True,
            satisfaction__isnull=False,
        )
        .select_related("visit__customer")
        .order_by("visit__date", "visit_id", "-version")
    )
    seen: set[int] = set()
    for signature in signatures:
        if signature.visit_id in seen:
            continue
        seen.add(signature.visit_id)
        scores.append(signature.satisfaction)
        rows.append(
            _row(
                _("拜访反馈 %(customer)s：%(score)s")
                % {
                    "customer": signature.visit.customer.name,
                    "score": signature.get_satisfaction_display(),
                },
                amount=signature.satisfaction,
                day=signature.visit.date,
                url=reverse("crm:visit_detail", args=[signature.visit_id]),
            )
        )
    return scores, rows


def _expenses(person_id: int, quarter: Quarter) -> tuple[Decimal, list]:
    claims = (
        Claim.objects.filter(
            claimant_id=person_id,
            status__in=(ClaimStatus.APPROVED, ClaimStatus.SETTLED),
            trip__depart__gte=quarter.start,
            trip__depart__lte=quarter.end,
        )
        .select_related("trip")
        .order_by("trip__depart", "pk")
    )
    rows, total = [], ZERO
    for claim in claims:
        total += claim.reimbursed_total
        rows.append(
            _row(
                _("%(claim)s（出差 %(trip)s）")
                % {"claim": claim.number, "trip": claim.trip.number},
                amount=claim.reimbursed_total,
                day=claim.trip.depart,
                url=reverse("trips:claim_detail", args=[claim.pk]),
            )
        )
    return total, rows


def _incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "kind": incident.kind,
        "scored": incident.kind in incident_registry.SCORED_KINDS,
        "label": incident.label,
        "date": incident.day.isoformat(),
        "url": incident.url,
    }


def incidents_of(people: Iterable[Any], quarter: Quarter) -> dict[int, list[Incident]]:
    return incident_registry.incidents_for(list(people), quarter.start, quarter.end)


def gather_person(
    person: Any, department_id: int, quarter: Quarter, incidents: list[Incident]
) -> Gathered:
    """The facts of one person's quarter (D6's JSON, manager_points left to the manager)."""
    pk = person.pk
    sales, sales_rows = _sales(pk, quarter)
    target, target_rows = _target(pk, department_id, quarter)
    last_year, last_rows = _sales(pk, quarter.last_year())
    due, due_rows = _due(pk, quarter)
    collected, collected_rows = _collected(pk, quarter)
    new, new_rows = _new_customers(pk, quarter)
    scores, score_rows = _satisfaction(pk, quarter)
    expenses, expense_rows = _expenses(pk, quarter)
    facts = {
        "quarter": quarter.label,
        "sales": _money(sales),
        "sales_target": _money(target),
        "sales_last_year": _money(last_year),
        "collected": _money(collected),
        "due": _money(due),
        "new_customers": new,
        "satisfaction": scores,
        "expenses": _money(expenses),
        "incidents": incident_registry.counts(incidents),
        "manager_points": None,
    }
    evidence = {
        "sales": sales_rows,
        "sales_target": target_rows,
        "sales_last_year": last_rows,
        "due": due_rows,
        "collected": collected_rows,
        "new_customers": new_rows,
        "satisfaction": score_rows,
        "expenses": expense_rows,
    }
    return Gathered(facts, evidence, [_incident_row(i) for i in incidents])
