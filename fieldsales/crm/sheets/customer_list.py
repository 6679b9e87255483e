"""The customer list: filtered (django-filter, over the customers the user sees), searched,
paged in the database and exported to Excel as shown (core.lists). Here, above pipeline,
because a customer is found by the stage of its opportunities too."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fieldsales.core.lists import (
    ALL,
    Column,
    PersonFilter,
    UserRequest,
    list_context,
    people_choices,
    person_q,
    search_filter,
)
from fieldsales.core.people import display_name
from fieldsales.crm.customers import selectors
from fieldsales.crm.customers.models import (
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
    Intent,
)
from fieldsales.crm.pipeline.models import Opportunity, Stage
from fieldsales.notifications.exports import export_response

SCOPES = [("mine", _("我的客户")), ("team", _("团队客户"))]
STATUSES = [(CustomerStatus.ACTIVE, _("正常")), (CustomerStatus.INACTIVE, _("停用"))]


class CustomerFilter(django_filters.FilterSet):
    """Whose (scope, owner), what kind of customer, its grade, intent, status, the stage of
    its opportunities and its province; the choices are among what the user sees."""

    q = search_filter(_("名称、编号、联系人、电话、城市、业务员"))
    scope = django_filters.ChoiceFilter(
        label=_("范围"), choices=SCOPES, method="by_scope", empty_label=None
    )
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=CustomerKind.choices, empty_label=ALL
    )
    grade = django_filters.ChoiceFilter(label=_("等级"), choices=Grade.choices, empty_label=ALL)
    intent = django_filters.ChoiceFilter(
        label=_("意向程度"), choices=Intent.choices, empty_label=ALL
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=STATUSES, empty_label=ALL)
    stage = django_filters.ChoiceFilter(
        label=_("商机阶段"), choices=Stage.choices, method="by_stage", empty_label=ALL
    )
    owner = PersonFilter(
        label=_("负责业务员"), field_name="owner", queryset=people_choices([]), empty_label=ALL
    )
    region = django_filters.ChoiceFilter(
        label=_("省份"), field_name="province", choices=[], empty_label=ALL
    )

    class Meta:
        model = Customer
        fields = ["q", "scope", "kind", "grade", "intent", "status", "stage", "owner", "region"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        user = kwargs["request"].user
        self.sees_more = selectors.sees_more_than_own(user)
        if data is not None:
            data = data.copy()
            # A salesperson's list is always their own; the others start with the team's.
            if not self.sees_more or not data.get("scope"):
                data["scope"] = "team" if self.sees_more else "mine"
        super().__init__(data, *args, **kwargs)
        if self.sees_more:
            self.filters["owner"].queryset = selectors.team_members(user=user)
        else:
            del self.filters["owner"]
        provinces = self.queryset.order_by("province").values_list("province", flat=True).distinct()
        self.filters["region"].extra["choices"] = [(p, p) for p in provinces if p]

    def by_scope(self, queryset: QuerySet[Customer], name: str, value: str) -> Any:
        return queryset.filter(owner=self.request.user) if value == "mine" else queryset

    def by_stage(self, queryset: QuerySet[Customer], name: str, value: str) -> Any:
        if not value:
            return queryset
        at_stage = Opportunity.objects.filter(customer=OuterRef("pk"), stage=value)
        return queryset.filter(Exists(at_stage))

    def search(self, queryset: QuerySet[Customer], name: str, value: str) -> Any:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text)
            | Q(code__icontains=text)
            | Q(contact_name__icontains=text)
            | Q(contact_phone__icontains=text)
            | Q(city__icontains=text)
            | person_q("owner", text)
        )


def customers_for_list(*, user: Any) -> QuerySet[Customer]:
    """The customers (not the pool's) a list may show, by code."""
    return (
        selectors.visible_customers(user=user)
        .exclude(status=CustomerStatus.POOL)
        .select_related("owner")
        .order_by("code")
    )


def _region(customer: Customer) -> str:
    city = "" if customer.city == customer.province else customer.city
    return f"{customer.province}{city}"


def _status_badge(customer: Customer) -> str:
    return (
        "badge badge-approved"
        if customer.status == CustomerStatus.ACTIVE
        else "badge badge-cancelled"
    )


CUSTOMER_COLUMNS = [
    Column(
        _("客户编号"),
        lambda c: c.code,
        link=lambda c: reverse("crm:customer_detail", args=[c.pk]),
        width=10,
    ),
    Column(_("客户名称"), lambda c: c.name, width=30),
    Column(_("类型"), lambda c: c.get_kind_display(), width=10),
    Column(_("等级"), lambda c: c.grade, width=6),
    Column(_("地区"), _region, width=14),
    Column(_("联系人"), lambda c: c.contact_name, width=10),
    Column(_("电话"), lambda c: c.contact_phone, width=15),
    Column(_("负责业务员"), lambda c: display_name(c.owner), width=11),
    Column(_("意向程度"), lambda c: c.get_intent_display() if c.intent else "", width=9),
    Column(_("状态"), lambda c: c.get_status_display(), "status", badge=_status_badge, width=8),
]


CUSTOMER_LIST_EXPORT = "crm.customer_list"


def customer_filter(user: Any, params: Any) -> CustomerFilter:
    """The list's filter over the customers `user` sees (a page's, or a background export's)."""
    return CustomerFilter(params, queryset=customers_for_list(user=user), request=UserRequest(user))


def _filterset(request: HttpRequest) -> CustomerFilter:
    return customer_filter(request.user, request.GET)


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """Customers I may see, filtered and searched, paginated, with their Excel export."""
    filterset = _filterset(request)
    context = list_context(request, filterset, CUSTOMER_COLUMNS)
    return render(
        request,
        "crm/customer_list.html",
        context
        | {
            "section": "customers",
            "scope": filterset.data["scope"],
            "sees_more": filterset.sees_more,
            "list_url": reverse("crm:customer_list"),
            "export_url": reverse("crm:customer_list_export"),
            "pool_count": selectors.pool_customers(user=request.user).count(),
        },
    )


@login_required
def customer_list_export(request: HttpRequest) -> HttpResponse:
    """The filtered list in Excel: now, or built in the background when it is long."""
    rows = _filterset(request).qs.count()
    return export_response(request, CUSTOMER_LIST_EXPORT, rows=rows)
