"""The lists of trips, advances and claims: their filters (django-filter, over the selectors'
visible rows), their columns (one set for the page and its Excel export) and finance's
lists of what waits to be paid, with their totals summed in the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fieldsales.core.lists import (
    ALL,
    Column,
    PersonFilter,
    amount_filter,
    date_filter,
    number_q,
    people_choices,
    person_q,
    search_filter,
)
from fieldsales.core.people import display_name
from fieldsales.org.access import department_ids, sees_company, visible_people
from fieldsales.org.models import Department
from fieldsales.trips import selectors
from fieldsales.trips.models import (
    Advance,
    AdvanceStatus,
    Claim,
    ClaimStatus,
    Purpose,
    Trip,
    TripDestination,
    TripStatus,
)

SCOPES = [("mine", _("我的")), ("visible", _("我可查看的"))]


def destinations_text(trip: Trip) -> str:
    """`杭州市、宁波市` (destinations prefetched)."""
    return "、".join(d.city for d in trip.destinations.all())


def _destination_q(text: str, trip: str = "") -> Q:
    """Rows whose trip (`trip` is the path to it, "" for a trip) goes to a place like `text`."""
    places = TripDestination.objects.filter(
        Q(city__icontains=text) | Q(province__icontains=text), trip=OuterRef(f"{trip}pk")
    )
    return Q(Exists(places))


def _customer_q(text: str, trip: str = "") -> Q:
    visited = Trip.customers.through.objects.filter(
        trip=OuterRef(f"{trip}pk"), customer__name__icontains=text
    )
    return Q(Exists(visited))


class DocumentFilter(django_filters.FilterSet):
    """What the three lists share: whose (scope, person), which department, where to; the
    choices are those the user sees, and a person or department they do not see is no choice."""

    PERSON = "traveller"
    DEPARTMENT = "trip__department"
    TRIP = "trip__"  # the path from the row to its trip

    scope = django_filters.ChoiceFilter(
        label=_("范围"), choices=SCOPES, method="by_scope", empty_label=None
    )
    person = PersonFilter(
        label=_("人员"), method="by_person", queryset=people_choices(None), empty_label=ALL
    )
    department = django_filters.ModelChoiceFilter(
        label=_("部门"),
        method="by_department",
        queryset=Department.objects.none(),
        empty_label=ALL,
    )
    destination = django_filters.CharFilter(
        label=_("目的地"), method="by_destination", max_length=30
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            if not data.get("scope"):
                data["scope"] = "mine"
        super().__init__(data, *args, **kwargs)
        user = self.request.user
        people = visible_people(user)
        if people is not None and len(people) <= 1:
            del self.filters["person"]  # they see only their own documents
        else:
            self.filters["person"].queryset = people_choices(people)
        departments = Department.objects.order_by("name")
        if not sees_company(user):
            departments = departments.filter(pk__in=department_ids(user))
        self.filters["department"].queryset = departments
        if not sees_company(user) and len(department_ids(user)) <= 1:
            del self.filters["department"]

    def by_scope(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "mine":
            return queryset.filter(**{self.PERSON: self.request.user})
        return queryset

    def by_person(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(**{self.PERSON: value}) if value else queryset

    def by_department(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(**{self.DEPARTMENT: value}) if value else queryset

    def by_destination(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(_destination_q(value, self.TRIP)) if value else queryset

    def by_created_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(created_at__date__gte=value) if value else queryset

    def by_created_to(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(created_at__date__lte=value) if value else queryset

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Free text: the document's number or its trip's, the person's name, a destination
        or a customer of the trip."""
        text = value.strip()
        if not text:
            return queryset
        condition = (
            person_q(self.PERSON, text)
            | _destination_q(text, self.TRIP)
            | _customer_q(text, self.TRIP)
        )
        for prefix, path in self.NUMBERS:
            number = number_q(text, prefix, path)
            if number is not None:
                condition |= number
        return queryset.filter(condition)


class TripFilter(DocumentFilter):
    DEPARTMENT = "department"
    TRIP = ""
    NUMBERS = (("CC", ""),)

    q = search_filter(_("编号、出差人、目的地、客户"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=TripStatus.choices, empty_label=ALL
    )
    purpose = django_filters.ChoiceFilter(
        label=_("出差事由"), choices=Purpose.choices, empty_label=ALL
    )
    date_from = date_filter(_("出差日期起"), "by_date_from")
    date_to = date_filter(_("出差日期止"), "by_date_to")

    class Meta:
        model = Trip
        fields = [
            "q",
            "scope",
            "status",
            "person",
            "department",
            "destination",
            "purpose",
            "date_from",
            "date_to",
        ]

    # A trip is in the range when it overlaps it (on the road any day of the range).
    def by_date_from(self, queryset: QuerySet[Trip], name: str, value: Any) -> QuerySet[Trip]:
        return queryset.filter(return_date__gte=value) if value else queryset

    def by_date_to(self, queryset: QuerySet[Trip], name: str, value: Any) -> QuerySet[Trip]:
        return queryset.filter(depart__lte=value) if value else queryset


# Claims and advances filter on the same fields (an amount range besides the trip's).
MONEY_DOCUMENT_FIELDS = [
    "q",
    "scope",
    "status",
    "person",
    "department",
    "destination",
    "date_from",
    "date_to",
    "amount_min",
    "amount_max",
]


class ClaimFilter(DocumentFilter):
    PERSON = "claimant"
    NUMBERS = (("BX", ""), ("CC", "trip__"))

    q = search_filter(_("编号、报销人、目的地、客户"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ClaimStatus.choices, empty_label=ALL
    )
    date_from = date_filter(_("填报日期起"), "by_created_from")
    date_to = date_filter(_("填报日期止"), "by_created_to")
    amount_min = amount_filter(_("核准金额起"), "reimbursed_total", "gte")
    amount_max = amount_filter(_("核准金额止"), "reimbursed_total", "lte")

    class Meta:
        model = Claim
        fields = MONEY_DOCUMENT_FIELDS


class AdvanceFilter(DocumentFilter):
    NUMBERS = (("JK", ""), ("CC", "trip__"))

    q = search_filter(_("编号、借款人、目的地、客户"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=AdvanceStatus.choices, empty_label=ALL
    )
    date_from = date_filter(_("填报日期起"), "by_created_from")
    date_to = date_filter(_("填报日期止"), "by_created_to")
    amount_min = amount_filter(_("金额起"), "amount", "gte")
    amount_max = amount_filter(_("金额止"), "amount", "lte")

    class Meta:
        model = Advance
        fields = MONEY_DOCUMENT_FIELDS


# ---------------------------------------------------------------- the rows and their columns


def trips_for_list(*, user: Any) -> QuerySet[Trip]:
    """The trips a list may show, with what its columns read fetched in a fixed number of
    queries, newest first."""
    return (
        selectors.visible_trips(user=user)
        .select_related("traveller", "department")
        .prefetch_related("destinations")
        .order_by("-created_at", "-pk")
    )


def claims_for_list(*, user: Any) -> QuerySet[Claim]:
    return (
        selectors.visible_claims(user=user)
        .select_related("trip", "claimant", "trip__department")
        .prefetch_related("trip__destinations")
        .order_by("-created_at", "-pk")
    )


def advances_for_list(*, user: Any) -> QuerySet[Advance]:
    return (
        selectors.visible_advances(user=user)
        .select_related("trip", "traveller", "trip__department")
        .prefetch_related("trip__destinations")
        .order_by("-created_at", "-pk")
    )


def _department(trip: Trip) -> str:
    return trip.department.name if trip.department_id else ""


def _badge(document: Any) -> str:
    return f"badge badge-{document.status}"


TRIP_COLUMNS = [
    Column(_("编号"), lambda t: t.number, link=lambda t: reverse("trips:detail", args=[t.pk])),
    Column(_("出差人"), lambda t: display_name(t.traveller), width=10),
    Column(_("部门"), _department, width=12),
    Column(_("目的地"), destinations_text, width=18),
    Column(_("出发日期"), lambda t: t.depart, "date", width=12),
    Column(_("返回日期"), lambda t: t.return_date, "date", width=12),
    Column(_("天数"), lambda t: t.days, "number", width=6),
    Column(_("出差事由"), lambda t: t.get_purpose_display(), width=12),
    Column(_("状态"), lambda t: t.get_status_display(), "status", badge=_badge, width=10),
]

CLAIM_COLUMNS = [
    Column(
        _("编号"), lambda c: c.number, link=lambda c: reverse("trips:claim_detail", args=[c.pk])
    ),
    Column(_("报销人"), lambda c: display_name(c.claimant), width=10),
    Column(_("出差单"), lambda c: c.trip.number, width=14),
    Column(_("部门"), lambda c: _department(c.trip), width=12),
    Column(_("目的地"), lambda c: destinations_text(c.trip), width=18),
    Column(_("填报日期"), lambda c: c.created_at, "date", width=12),
    Column(_("申报金额"), lambda c: c.claimed_total, "money", width=12),
    Column(_("核准金额"), lambda c: c.reimbursed_total, "money", width=12),
    Column(_("应补付"), lambda c: c.pay_to_traveller, "money", width=12),
    Column(_("应退还"), lambda c: c.return_to_company, "money", width=12),
    Column(_("状态"), lambda c: c.get_status_display(), "status", badge=_badge, width=10),
]

ADVANCE_COLUMNS = [
    Column(
        _("编号"),
        lambda a: a.number,
        link=lambda a: reverse("trips:advance_detail", args=[a.pk]),
    ),
    Column(_("借款人"), lambda a: display_name(a.traveller), width=10),
    Column(_("出差单"), lambda a: a.trip.number, width=14),
    Column(_("部门"), lambda a: _department(a.trip), width=12),
    Column(_("目的地"), lambda a: destinations_text(a.trip), width=18),
    Column(_("填报日期"), lambda a: a.created_at, "date", width=12),
    Column(_("金额"), lambda a: a.amount, "money", width=12),
    Column(_("借款事由"), lambda a: a.reason, width=20),
    Column(_("状态"), lambda a: a.get_status_display(), "status", badge=_badge, width=10),
]


# ---------------------------------------------------------------- finance: what waits to be paid


def _sums(queryset: QuerySet[Any], **fields: str) -> dict[str, Any]:
    """The row count and each field's sum, computed by the database (0.00 when none)."""
    sums = queryset.aggregate(count=Count("pk"), **{k: Sum(f) for k, f in fields.items()})
    return {k: Decimal("0.00") if v is None else v for k, v in sums.items()}


def to_pay(*, user: Any) -> dict[str, Any]:
    """Finance's work: approved claims to settle (pay the traveller or collect the rest),
    approved advances to pay out, and paid advances still to be settled by a claim or a
    repayment; each with its count and totals summed in the database. Nobody's own."""
    claims = (
        claims_for_list(user=user)
        .filter(status=ClaimStatus.APPROVED)
        .exclude(claimant=user)
        .order_by("created_at", "pk")  # oldest first: who has waited longest
    )
    advances = advances_for_list(user=user).exclude(traveller=user).order_by("created_at", "pk")
    to_pay_out = advances.filter(status=AdvanceStatus.APPROVED)
    to_settle = advances.filter(status=AdvanceStatus.PAID)
    return {
        "claims": claims,
        "claims_total": _sums(
            claims,
            pay="pay_to_traveller",
            back="return_to_company",
            reimbursed="reimbursed_total",
        ),
        "advances": to_pay_out,
        "advances_total": _sums(to_pay_out, amount="amount"),
        "to_settle": to_settle,
        "to_settle_total": _sums(to_settle, amount="amount"),
    }
