"""Reads: who sees which trip, advance and claim; the facts the engine needs; the inbox."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fieldsales.core.memo import remembered
from fieldsales.core.people import display_name
from fieldsales.core.workflow import (
    has_role,
    prefetch_approvals,
    prefetch_history,
    role_of,
    waiting_for,
)
from fieldsales.crm.customers.selectors import search_customers, visible_customers
from fieldsales.crm.models import Customer
from fieldsales.crm.visits.selectors import prefetch_done_visits, signed_customer_ids_for_trip
from fieldsales.org.access import department_ids, visible_people
from fieldsales.org.models import Role
from fieldsales.policy import render_stored
from fieldsales.policy.money import is_amount
from fieldsales.policy.params import DEFAULT_POLICY
from fieldsales.trips import deals
from fieldsales.trips.models import (
    REVIEWER_ITEM_FIELDS,
    Advance,
    AdvanceStatus,
    Claim,
    ClaimItemKey,
    ClaimStatus,
    ReceiptDraft,
    Trip,
    TripCompanion,
    TripReport,
    TripStatus,
)
from fieldsales.trips.policy_versions import PolicyVersion, params_of, policy_in_force


def _scope(user: Any) -> tuple[list[int], list[int]] | None:
    """The people whose documents the user sees and the departments they answer for (as
    org.access computes them), or None when they see the whole company."""
    people = visible_people(user)
    if people is None:
        return None
    return people, department_ids(user)


def _department_trips(departments: list[int]) -> QuerySet[Trip]:
    return Trip.objects.filter(department_id__in=departments).values("pk")


def _trips_along(people: list[int]) -> list[int]:
    """The trips `people` travel on as companions (a few per person), once per request."""
    return remembered(
        ("trips.along", tuple(people)),
        lambda: list(
            TripCompanion.objects.filter(user_id__in=people).values_list("trip_id", flat=True)
        ),
        forget_on_save=True,
    )


def visible_trips(*, user: Any) -> QuerySet[Trip]:
    """Trips the user may see: those they or the people they oversee travel on (companions
    included), and those filed in a department they head; all for the company's roles.

    Member ids first, and the trips they travel on as companions read first too, then `__in`
    on indexed columns of the trip itself: no OR across a join, which scanned every trip, nor
    a semi-join inside the OR, which PostgreSQL ran against every trip too (issue 15)."""
    trips = Trip.objects.select_related("traveller", "department")
    scope = _scope(user)
    if scope is None:
        return trips
    people, departments = scope
    condition = Q(traveller_id__in=people) | Q(pk__in=_trips_along(people))
    if departments:
        condition |= Q(department_id__in=departments)
    return trips.filter(condition)


def visible_advances(*, user: Any) -> QuerySet[Advance]:
    advances = Advance.objects.select_related("trip", "traveller")
    scope = _scope(user)
    if scope is None:
        return advances
    people, departments = scope
    condition = Q(traveller_id__in=people)
    if departments:
        condition |= Q(trip_id__in=_department_trips(departments))
    return advances.filter(condition)


def visible_claims(*, user: Any) -> QuerySet[Claim]:
    claims = Claim.objects.select_related("trip", "claimant")
    scope = _scope(user)
    if scope is None:
        return claims
    # A companion's claim is the claimant's department's (their head approves it, item 13),
    # and whoever a step names (an alternate) sees what waits for them.
    people, departments = scope
    condition = Q(claimant_id__in=people) | Q(pending_user_id=user.pk)
    if departments:
        condition |= Q(trip_id__in=_department_trips(departments))
    return claims.filter(condition)


def report_of(trip: Trip) -> TripReport | None:
    if Trip.report.is_cached(trip):  # select_related("report") in a list
        return getattr(trip, "report", None)
    return TripReport.objects.filter(trip=trip).first()


def actual_dates(trip: Trip) -> tuple[date, date]:
    report = report_of(trip)
    if report is not None:
        return report.actual_depart, report.actual_return
    return trip.depart, trip.return_date


def prior_trips(*, customer: Customer, trip: Trip) -> int:
    """P6.1 (api.md): the company's other trips (any traveller's) that listed the customer,
    departed after the last order signed with it, and whose claim has been approved, in
    whatever order those claims were approved. Claim approval recounts it under a lock."""
    others = Trip.objects.filter(customers=customer).filter(Exists(_reimbursed(OuterRef("pk"))))
    if trip.pk is not None:
        others = others.exclude(pk=trip.pk)
    if customer.last_order_signed is not None:
        others = others.filter(depart__gt=customer.last_order_signed)
    return others.distinct().count()


# Only a paid advance is deducted at settlement (api.md); a repaid one is not.
_DEDUCTED = Q(status=AdvanceStatus.PAID) | Q(status=AdvanceStatus.SETTLED, repaid_at__isnull=True)
_PAID_ADVANCES = "paid_advances"


def paid_advance(*, trip: Trip, traveller: Any) -> Decimal:
    """Only a paid advance is deducted at settlement (api.md); a repaid one is not."""
    fetched = getattr(trip, _PAID_ADVANCES, None)  # trip_page() fetched the page's
    if fetched is not None:
        amounts = [a.amount for a in fetched if a.traveller_id == traveller.pk]
        return sum(amounts, Decimal("0.00"))
    total = (
        Advance.objects.filter(trip=trip, traveller=traveller)
        .filter(_DEDUCTED)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal("0.00")


def _reimbursed(trip: Any) -> QuerySet[Claim]:
    """P6.1: the trip's claim counts once approved (a correction does not count again)."""
    return Claim.objects.filter(
        trip=trip, corrects__isnull=True, status__in=[ClaimStatus.APPROVED, ClaimStatus.SETTLED]
    )


def with_prior_trips(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """Customers annotated `reimbursed_trips`: the company's trips that listed the customer,
    departed after its last signed order, and whose claim is approved (P6.1, the trip at hand
    included: `prior_trips_on` takes it out). One subquery, so a page of trips stays flat."""
    trips = (
        Trip.objects.filter(customers=OuterRef("pk"))
        .filter(Exists(_reimbursed(OuterRef("pk"))))
        .filter(depart__gt=Coalesce(OuterRef("last_order_signed"), Value(date.min)))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return customers.annotate(reimbursed_trips=Coalesce(Subquery(trips), 0))


def prior_trips_on(*, customer: Customer, trip: Trip) -> int:
    """prior_trips() read from `with_prior_trips()`: the counted trips other than `trip`
    (`trip.is_reimbursed` annotated by trip_page(), else asked)."""
    counted = customer.reimbursed_trips  # type: ignore[attr-defined]
    reimbursed = getattr(trip, "is_reimbursed", None)
    if reimbursed is None:
        reimbursed = _reimbursed(trip).exists()
    signed = customer.last_order_signed
    if reimbursed and (signed is None or trip.depart > signed):
        counted -= 1
    return int(counted)


def unpaid_advances(*, trip_id: int, traveller_id: int) -> QuerySet[Advance]:
    """The traveller's advances on the trip still waiting for approval or payment."""
    return Advance.objects.filter(
        trip_id=trip_id, traveller_id=traveller_id, status__in=Advance.UNPAID
    ).order_by("pk")


def unpaid_advance_message(advances: list[Advance]) -> str | None:
    """Why a claim cannot have its final approval yet (issue 7.3), or None."""
    if not advances:
        return None
    numbers = "、".join(advance.number for advance in advances)
    return _(
        "该出差还有未付款的预支差旅费 %(numbers)s（审批中或已批准未付款）："
        "须由财务付款，或撤回、驳回、作废该预支后，才能批准报销单"
    ) % {"numbers": numbers}


def claim_approval_blocker(*, claim: Claim) -> str | None:
    """The message shown by the approve button while an advance blocks the final approval."""
    if claim.status != ClaimStatus.SUBMITTED or claim.step + 1 < len(claim.chain):
        return None
    return unpaid_advance_message(
        list(unpaid_advances(trip_id=claim.trip_id, traveller_id=claim.claimant_id))
    )


def _approved_in_time(trip: Trip, depart: date) -> bool:
    # P1.3 (api.md): approved when the last approval falls on or before the actual departure.
    return trip.approved_at is not None and timezone.localdate(trip.approved_at) <= depart


def trip_input(*, trip: Trip, claimant: Any | None = None) -> dict[str, Any]:
    """The `trip` object of claim-format.md for this trip and claimant."""
    claimant = claimant or trip.traveller
    report = report_of(trip)
    depart, ret = actual_dates(trip)
    companion = next((c for c in trip.companions.all() if c.user_id == claimant.pk), None)
    # P7.2: every visit of the trip (checked in on the phone or named in the report) is signed.
    signed = signed_customer_ids_for_trip(trip)
    gm_approved = any(step.get("role") == Role.GM for step in trip.chain)
    return {
        "traveller_role": role_of(claimant) or "salesperson",
        "approved": _approved_in_time(trip, depart),
        "purpose": trip.purpose,
        "destinations": [{"province": d.province, "city": d.city} for d in trip.destinations.all()],
        "depart": depart.isoformat(),
        "return": ret.isoformat(),
        "vehicle": trip.vehicle or None,
        "invited_colleague": bool(companion and companion.invited),
        "flight_preapproved": bool(
            trip.flight_requested and gm_approved and _approved_in_time(trip, depart)
        ),
        "special_case": trip.special_case,
        "customers": [
            {
                "id": customer.code,
                "prior_trips": prior_trips_on(customer=customer, trip=trip),
                "feedback_signed": customer.pk in signed,
            }
            for customer in _customers_with_prior_trips(trip)
        ],
        "market_report": bool(report and report.market_report.strip()),
        "report_submitted": report.submitted_on.isoformat() if report else None,
        "advance": f"{paid_advance(trip=trip, traveller=claimant):.2f}",
    }


def _customers_with_prior_trips(trip: Trip) -> list[Customer]:
    fetched = getattr(trip, "_prefetched_objects_cache", {}).get("customers")
    if fetched is not None and all(hasattr(c, "reimbursed_trips") for c in fetched):
        return list(fetched)  # trip_page()
    return list(with_prior_trips(trip.customers.all()))


def trip_page(trips: QuerySet[Trip]) -> QuerySet[Trip]:
    """Trips with everything their API answer reads (estimate, report and its visits,
    decisions, history, companions, customers with their P6.1 counts, paid advances),
    in a fixed number of queries however many trips the page holds."""
    trips = trips.select_related("traveller__employee", "department", "report").annotate(
        is_reimbursed=Exists(_reimbursed(OuterRef("pk")))
    )
    trips = prefetch_history(prefetch_approvals(trips))
    return trips.prefetch_related(
        "destinations",
        "companions",
        Prefetch("customers", queryset=with_prior_trips(Customer.objects.all())),
        Prefetch(
            "advances",
            queryset=Advance.objects.filter(_DEDUCTED).only(
                "pk", "trip_id", "traveller_id", "amount"
            ),
            to_attr=_PAID_ADVANCES,
        ),
        prefetch_done_visits(),
    )


def policies_on(days: set[date]) -> dict[date, Any]:
    """The policy parameters in force on each of `days`, from one query (a page of trips)."""
    if not days:
        return {}
    versions = list(
        PolicyVersion.objects.filter(effective_from__lte=max(days)).order_by("-effective_from")
    )
    found = {}
    for day in days:
        version = next((v for v in versions if v.effective_from <= day), None)
        found[day] = params_of(version) if version is not None else DEFAULT_POLICY
    return found


def claimant_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item as the claimant may state it: without the fields only a reviewer states."""
    return {k: v for k, v in item.items() if k not in REVIEWER_ITEM_FIELDS}


def _applies(row: Any, item: dict[str, Any]) -> bool:
    """A reviewer's statement holds while the line is as it was when they made it."""
    return not row.line or row.line == item


REVIEW_KINDS = ("overrides", "notes", "consents")


def with_reviews(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their reviewers' statements and authors fetched in three queries in all."""
    return claims.prefetch_related(
        *(
            Prefetch(
                kind, queryset=getattr(Claim, kind).rel.related_model.objects.select_related("by")
            )
            for kind in REVIEW_KINDS
        )
    )


def reviews_of(*, claim: Claim) -> dict[str, list[Any]]:
    """The reviewers' statements on the claim's lines, oldest first, each marked whether it
    still applies (`row.applies`: false once the claimant changed the line)."""
    if not claim.pk:
        return {"overrides": [], "notes": [], "consents": []}
    items = {str(i.get("id")): claimant_item(i) for i in claim.items if isinstance(i, dict)}
    fetched = getattr(claim, "_prefetched_objects_cache", {})  # with_reviews() was used
    reviews = {
        kind: list(fetched[kind] if kind in fetched else getattr(claim, kind).select_related("by"))
        for kind in REVIEW_KINDS
    }
    for rows in reviews.values():
        for row in rows:
            row.applies = row.item in items and _applies(row, items[row.item])
    return reviews


def claim_input(*, claim: Claim, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole claim-format.md input for a claim: the claimant's facts (whatever reviewer
    fields their items carry are dropped) and the reviewers' own rows: overrides (P9), notes
    (P4.6 d) and the department head's consents (P4.6)."""
    merged = [claimant_item(item) for item in (claim.items if items is None else items)]
    overrides: dict[str, Any] = {}
    notes: dict[str, Any] = {}
    consents: dict[str, Any] = {}
    if claim.pk:
        # The latest statement on a line wins.
        overrides = {o.item: o for o in claim.overrides.all()}
        notes = {n.item: n for n in claim.notes.all()}
        consents = {c.item: c for c in claim.consents.all()}
    for item in merged:
        key = str(item.get("id"))
        fact = claimant_item(item)
        override = overrides.get(key)
        if override is not None and _applies(override, fact):
            # P9: never more than was spent (an override older than that rule is capped here).
            claimed = item.get("amount")
            amount = override.amount
            if isinstance(claimed, str) and is_amount(claimed):
                amount = min(amount, Decimal(claimed))
            item["override"] = {
                "amount": f"{amount:.2f}",
                "by": override.role,
                "reason": override.reason,
            }
        note = notes.get(key)
        if note is not None and _applies(note, fact):
            item["reviewer_note"] = note.note
        consent = consents.get(key)
        if consent is not None and _applies(consent, fact):
            item["head_consent"] = True
    # S7.2: an entertainment line's deal is the named order's or opportunity's.
    merged = deals.with_deals(merged, trip=claim.trip)
    trip = trip_input(trip=claim.trip, claimant=claim.claimant)
    if claim.corrects_id is not None:
        # What the corrected claim already paid out counts like an advance: the correction
        # settles only the difference (P8.2).
        trip["advance"] = f"{claim.corrects.reimbursed_total:.2f}"
    return {"as_of": timezone.localdate().isoformat(), "trip": trip, "items": merged}


def trips_waiting(user: Any) -> QuerySet[Trip]:
    """Trips whose current approval step is the user's (not their own)."""
    return waiting_for(Trip, user).exclude(traveller=user)


def advances_waiting(user: Any) -> QuerySet[Advance]:
    """Advances whose current approval step is the user's (not their own)."""
    return waiting_for(Advance, user).exclude(traveller=user)


def claims_waiting(user: Any) -> QuerySet[Claim]:
    """Claims whose current approval step is the user's (not their own)."""
    return waiting_for(Claim, user).exclude(claimant=user)


def deal_corrections_of(user: Any) -> QuerySet[Claim]:
    """The user's own corrections made on an order's signing (S7.3), while they are reviewed."""
    return Claim.objects.filter(
        claimant=user, deal_order__isnull=False, status=ClaimStatus.SUBMITTED
    )


def advances_to_pay(user: Any) -> QuerySet[Advance]:
    """Approved advances finance pays out (not their own)."""
    return Advance.objects.filter(status=AdvanceStatus.APPROVED).exclude(traveller=user)


def claims_to_settle(user: Any) -> QuerySet[Claim]:
    """Approved claims finance settles (not their own)."""
    return Claim.objects.filter(status=ClaimStatus.APPROVED).exclude(claimant=user)


def is_finance(user: Any) -> bool:
    """Finance's own role or a granted one (a person may hold several)."""
    return has_role(user, Role.FINANCE)


def overdue_reports(*, user: Any) -> QuerySet[Trip]:
    """P7.1: trips past their report date without a report, among those the user sees."""
    today = timezone.localdate()
    cutoff = today - timedelta(days=policy_in_force(today).report_due_days)
    return visible_trips(user=user).filter(
        status__in=[TripStatus.APPROVED, TripStatus.CLAIMED, TripStatus.SETTLED],
        report__isnull=True,
        return_date__lt=cutoff,
    )


def duplicate_receipts(*, claim: Claim) -> list[dict[str, Any]]:
    """Lines whose receipt the same claimant already claimed on another claim: the same kind,
    amount and date (a warning, not a rule). A colleague's equal fare on the same day is their
    own ticket, and a correction repeats the lines of the claim it corrects by design.

    One indexed query on ClaimItemKey (issue 15), never a scan of other claims' items."""
    if claim.pk is None:
        return []
    same = {"kind": OuterRef("kind"), "amount": OuterRef("amount"), "date": OuterRef("date")}
    mine = ClaimItemKey.objects.filter(claim_id=claim.pk, **same).order_by("pk")
    related = [pk for pk in (claim.pk, claim.corrects_id) if pk is not None]
    found = (
        ClaimItemKey.objects.filter(claimant_id=claim.claimant_id)
        .exclude(claim_id__in=related)
        .exclude(claim__corrects_id=claim.pk)
        .annotate(mine=Subquery(mine.values("item")[:1]))
        .filter(mine__isnull=False)
        .select_related("claim__claimant")
        .defer("claim__items", "claim__evaluation")
        .order_by("claim_id", "pk")
    )
    return [{"item": row.mine, "claim": row.claim, "other_item": row.item} for row in found]


def engine_lang() -> str:
    """The engine's message language for the active Django language."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def evaluation_in_language(evaluation: dict[str, Any]) -> dict[str, Any]:
    """A stored evaluation as the API and pages show it: its messages rendered in the user's
    language from the stored codes, variants and figures, the engine not run again."""
    return render_stored(evaluation, engine_lang())


# ---------------------------------------------------------------- the trip form's pickers

# Who may travel along (the trip form's companions): colleagues in the sales roles.
COMPANION_ROLES = (Role.SALESPERSON, Role.DEPT_HEAD, Role.DEPT_MANAGER)
PICK_LIMIT = 20


def companion_candidates(*, user: Any) -> QuerySet[Any]:
    """The colleagues the user may name as companions: active, in a sales role, not themselves."""
    return (
        get_user_model()
        .objects.filter(is_active=True, employee__role__in=COMPANION_ROLES)
        .exclude(pk=user.pk)
        .select_related("employee__department")
        .order_by("last_name", "first_name", "pk")
    )


def pick_companions(*, user: Any, q: str) -> list[dict[str, Any]]:
    """Companions whose name contains `q`: id, name and department (never the login name)."""
    people = companion_candidates(user=user)
    q = q.strip()
    if q:
        # As people are named (core.people): 张伟, Smith John, or John Smith typed.
        people = people.annotate(
            family_first=Concat("last_name", "first_name"),
            family_spaced=Concat("last_name", Value(" "), "first_name"),
            given_spaced=Concat("first_name", Value(" "), "last_name"),
        ).filter(
            Q(family_first__icontains=q)
            | Q(family_spaced__icontains=q)
            | Q(given_spaced__icontains=q)
        )
    return [
        {
            "id": p.pk,
            "name": display_name(p),
            "meta": getattr(getattr(p.employee, "department", None), "name", ""),
        }
        for p in people[:PICK_LIMIT]
    ]


def pick_customers(*, user: Any, q: str) -> list[dict[str, Any]]:
    """Customers the user may see whose name, code or city contains `q`: id, name and city."""
    customers = search_customers(visible_customers(user=user), q)
    return [
        {"id": c.pk, "name": c.name, "meta": c.city}
        for c in customers.order_by("name", "pk")[:PICK_LIMIT]
    ]


def receipt_drafts_of(*, owner: Any, tokens: list[str]) -> list[Any]:
    """The owner's receipt drafts with these tokens, in that order; another's draft or an
    unknown token is none of theirs and is left out (issue 10)."""
    tokens = [t for t in tokens if t]
    found = {d.token: d for d in ReceiptDraft.objects.filter(owner=owner, token__in=tokens)}
    return [found[t] for t in dict.fromkeys(tokens) if t in found]
