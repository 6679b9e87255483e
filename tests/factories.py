"""factory_boy factories for test data.

Organisation rows (company, departments, teams, users and their employees) are plain model
factories. Every document with a life of its own (customers, contacts, opportunities, visits,
trips, advances, claims) is built *through its service*, so it carries the audit rows, the
resolved approval chain and the history a real one has; a factory's `status` argument walks
the document through the services to that state, never by writing the status.

    trip = TripFactory(traveller=cast["sales1"], status="approved")
    advance = AdvanceFactory(trip=trip, status="paid")
    claim = ClaimFactory(trip=trip, status="approved")
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone
from factory.django import DjangoModelFactory

from fieldsales.core.errors import Forbidden, InvalidTransition
from fieldsales.crm.customers.services import contact_add, customer_create
from fieldsales.crm.models import Contact, Customer, Opportunity, Visit
from fieldsales.crm.pipeline.services import opportunity_create
from fieldsales.crm.visits.services import visit_plan
from fieldsales.org.models import Company, Department, Employee, Role, Team, TeamKind
from fieldsales.trips import services as trip_services
from fieldsales.trips.models import Advance, Claim, Trip

HANGZHOU = [{"province": "浙江", "city": "杭州"}]
TAXI = {"id": "x1", "kind": "taxi", "amount": "26.00", "city": "杭州市", "note": "送样"}
TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


# ---------------------------------------------------------------- the organisation


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"测试公司{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"测试部{n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    kind = TeamKind.SALES
    name = factory.Sequence(lambda n: f"小组{n}")


class UserFactory(DjangoModelFactory):
    """A login without an employee record (use EmployeeFactory for one with a role)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"测试员{n}")
    last_name = ""
    password = factory.PostGenerationMethodCall("set_password", "test-pass-2026")


class EmployeeFactory(DjangoModelFactory):
    """An employee with a role; `EmployeeFactory(role=Role.GM).user` is a GM who can log in."""

    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    role = Role.SALESPERSON
    title = factory.LazyAttribute(lambda e: Role(e.role).label)


def user_with_role(role: str, **employee: Any) -> Any:
    """A user holding `role` (a `Role` value), with any Employee fields given."""
    return EmployeeFactory(role=role, **employee).user


def department_with_head(**fields: Any) -> Department:
    """A department whose head is a new dept_head in it, with a sales team the head leads."""
    department = DepartmentFactory(**fields)
    team = TeamFactory(department=department)
    head = user_with_role(Role.DEPT_HEAD, department=department, team=team)
    department.head = department.manager = team.leader = head
    department.save(update_fields=["head", "manager"])
    team.save(update_fields=["leader"])
    return department


# ---------------------------------------------------------------- approvals through the services


def approve_through_chain(document: Any, decide: Any, *, comments: Any = (), **named: Any) -> None:
    """Approve every step of `document`'s chain through its service, `decide(<name>=document,
    actor=..., action="approve", comment=...)`, as whichever user the service accepts for the
    step; `comments[i]` is the comment on step i (none when missing).

    The service itself says who may decide (a refusal is 403 or 409), so the chain's
    resolution stays the service's business, not the factory's."""
    model = type(document)
    users = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    (name,) = named
    step = 0
    while model.objects.get(pk=document.pk).status == "submitted":
        comment = comments[step] if step < len(comments) else ""
        for user in users:
            try:
                decide(**{name: document}, actor=user, action="approve", comment=comment)
            except (Forbidden, InvalidTransition):
                continue
            break
        else:
            raise AssertionError(f"nobody may approve {model.__name__} {document.pk}")
        step += 1


def _refetch(document: Any) -> Any:
    return type(document).objects.get(pk=document.pk)


# ---------------------------------------------------------------- crm


class CustomerFactory(DjangoModelFactory):
    """A customer created by `actor` (a salesperson, who owns it) through customer_create."""

    class Meta:
        model = Customer

    actor = factory.LazyFunction(lambda: user_with_role(Role.SALESPERSON))
    name = factory.Sequence(lambda n: f"测试客户{n:04d}号有限公司")
    province = "浙江"
    city = "金华"
    contact_name = factory.Sequence(lambda n: f"联系人{n}")
    contact_phone = factory.Sequence(lambda n: f"1380000{n:04d}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, actor: Any, **data: Any) -> Customer:
        created = customer_create(actor=actor, data=data, confirm_duplicates=True)
        return created.customer


def many_customers(owner, count, *, status="active", prefix="Z"):
    """`count` customers of `owner` (codes Z-0001…, copies of one made by the service), the
    last named 远方光伏电站: more than a drop-down lists (core.widgets.SHOWN). Pool customers
    have no owner."""
    model = CustomerFactory(actor=owner)
    rows = []
    for i in range(1, count + 1):
        row = Customer.objects.get(pk=model.pk)
        row.pk = None
        row.code = f"{prefix}-{i:04d}"
        row.name = "远方光伏电站" if i == count else f"批量客户{i:04d}"
        row.status = status
        if status == "pool":
            row.owner = None
        rows.append(row)
    Customer.objects.bulk_create(rows)
    return Customer.objects.get(code=f"{prefix}-{count:04d}")


class ContactFactory(DjangoModelFactory):
    """A contact added by the customer's owner through contact_add."""

    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    actor = factory.LazyAttribute(lambda c: c.customer.owner)
    name = factory.Sequence(lambda n: f"联系人{n}")
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, customer: Any, actor: Any, **data: Any) -> Any:
        return contact_add(customer=customer, actor=actor, data=data)


class OpportunityFactory(DjangoModelFactory):
    """An opportunity opened by the customer's owner through opportunity_create."""

    class Meta:
        model = Opportunity

    customer = factory.SubFactory(CustomerFactory)
    actor = factory.LazyAttribute(lambda o: o.customer.owner)
    title = factory.Sequence(lambda n: f"商机{n}")
    amount = "100000"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, customer: Any, actor: Any, **data: Any) -> Any:
        return opportunity_create(customer=customer, actor=actor, data=data)


class VisitFactory(DjangoModelFactory):
    """A visit planned by its salesperson (`actor`) through visit_plan, for today by default."""

    class Meta:
        model = Visit

    customer = factory.SubFactory(CustomerFactory)
    actor = factory.LazyAttribute(lambda v: v.customer.owner)
    date = factory.LazyFunction(timezone.localdate)
    purpose = factory.Sequence(lambda n: f"第{n}次拜访")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, customer: Any, actor: Any, **data: Any) -> Any:
        return visit_plan(actor=actor, customer=customer, data=data)


# ---------------------------------------------------------------- trips, advances, claims


def next_free_day(traveller: Any) -> date:
    """Tomorrow, or two days after the traveller's last trip returns if that is later."""
    last = Trip.objects.filter(traveller=traveller).aggregate(last=Max("return_date"))["last"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    return max(tomorrow, last + timedelta(days=2)) if last else tomorrow


class TripFactory(DjangoModelFactory):
    """A trip to 杭州 through trip_create; `status` "submitted" or "approved" takes it on.

    A trip starts a free day after the traveller's last one returns, so their trips never
    overlap; pass `depart` and `return_date` for fixed dates."""

    class Meta:
        model = Trip

    traveller = factory.LazyFunction(lambda: user_with_role(Role.SALESPERSON))
    purpose = "customer_visit"
    destinations = HANGZHOU
    depart = factory.LazyAttribute(lambda t: next_free_day(t.traveller))
    return_date = factory.LazyAttribute(lambda t: t.depart + timedelta(days=1))
    status = "draft"
    comments = ()  # the approvers' comments, step by step

    @classmethod
    def _create(
        cls, model_class: Any, *args: Any, traveller: Any, status: str, comments: Any, **data: Any
    ) -> Trip:
        trip = trip_services.trip_create(traveller=traveller, data=data)
        if status == "draft":
            return trip
        trip_services.trip_submit(trip=trip, actor=traveller)
        if status == "approved":
            approve_through_chain(trip, trip_services.trip_decide, comments=comments, trip=trip)
        elif status != "submitted":
            raise ValueError(f"TripFactory builds draft, submitted or approved trips, not {status}")
        return _refetch(trip)


class AdvanceFactory(DjangoModelFactory):
    """An advance on `trip` requested by its traveller; `status` "approved" or "paid" takes it
    through the chain (and finance's payment)."""

    class Meta:
        model = Advance

    trip = factory.SubFactory(TripFactory, status="approved")
    amount = Decimal("300.00")
    reason = ""
    status = "submitted"
    comments = ()

    @classmethod
    def _create(
        cls, model_class: Any, *args: Any, trip: Trip, status: str, comments: Any, **data: Any
    ) -> Any:
        advance = trip_services.advance_request(trip=trip, actor=trip.traveller, **data)
        if status in ("approved", "paid"):
            approve_through_chain(
                advance, trip_services.advance_decide, comments=comments, advance=advance
            )
        if status == "paid":
            finance = get_user_model().objects.filter(employee__role=Role.FINANCE).first()
            trip_services.advance_pay(advance=advance, actor=finance)
        elif status not in ("submitted", "approved"):
            raise ValueError(f"AdvanceFactory builds submitted, approved or paid, not {status}")
        return _refetch(advance)


class ClaimFactory(DjangoModelFactory):
    """The traveller's claim for `trip` through claim_create; `status` "submitted",
    "approved" or "settled" takes it on (settled: finance settles it)."""

    class Meta:
        model = Claim

    trip = factory.SubFactory(TripFactory, status="approved")
    items = factory.LazyFunction(lambda: [dict(TAXI)])
    status = "draft"
    comments = ()

    @classmethod
    def _create(
        cls, model_class: Any, *args: Any, trip: Trip, status: str, items: Any, comments: Any
    ) -> Any:
        claim = trip_services.claim_create(trip=trip, actor=trip.traveller, items=items)
        if status == "draft":
            return claim
        trip_services.claim_submit(claim=claim, actor=trip.traveller)
        if status in ("approved", "settled"):
            approve_through_chain(claim, trip_services.claim_decide, comments=comments, claim=claim)
        if status == "settled":
            finance = get_user_model().objects.filter(employee__role=Role.FINANCE).first()
            trip_services.claim_settle(claim=claim, actor=finance)
        elif status not in ("submitted", "approved"):
            raise ValueError(f"ClaimFactory builds draft to settled claims, not {status}")
        return _refetch(claim)
