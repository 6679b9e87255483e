"""The small public helpers of the crm services modules, each checked on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from factories import OpportunityFactory, VisitFactory

from fieldsales.core.errors import Forbidden, RuleBroken
from fieldsales.crm.customers.services import (
    customer_fields,
    customer_transfer,
    follows_owner,
    owner_name,
    require_sales,
    touch,
    with_fields,
)
from fieldsales.crm.models import Customer, Opportunity, Visit
from fieldsales.crm.pipeline.services import onward_stage, open_opportunities_follow_owner
from fieldsales.crm.surveys.services import satisfaction_score
from fieldsales.crm.visits.services import planned_visits_follow_owner, trip_still_open

pytestmark = pytest.mark.django_db


def test_touch_keeps_a_customer_out_of_the_pool(cast):
    customer = Customer.objects.get(code="C-0001")
    Customer.objects.filter(pk=customer.pk).update(
        last_activity_at=timezone.now() - timedelta(days=90)
    )
    touch(customer)
    customer.refresh_from_db()
    assert timezone.now() - customer.last_activity_at < timedelta(minutes=1)


def test_owner_name_is_the_person_or_the_pool(cast):
    assert owner_name(None) == "公海"
    assert owner_name(cast["sales1"]) == "张伟"


def test_only_sales_roles_do_customer_business(cast):
    require_sales(cast["sales1"])
    with pytest.raises(Forbidden):
        require_sales(cast["finance"])


def test_customer_fields_check_the_name_and_the_credit_code():
    fields = customer_fields(
        {"name": "金华商贸", "credit_code": "91330701ma2e1x2y3k"}, partial=True
    )
    assert fields == {"name": "金华商贸", "credit_code": "91330701MA2E1X2Y3K"}
    with pytest.raises(RuleBroken) as empty:
        customer_fields({"name": " "}, partial=True)
    assert empty.value.field == "name"
    with pytest.raises(RuleBroken) as short:
        customer_fields({"credit_code": "123"}, partial=True)
    assert short.value.field == "credit_code"


def test_a_follower_registered_twice_runs_once_when_the_owner_changes(cast):
    calls = []

    def follower(customer, new_owner):
        calls.append((customer.pk, new_owner.pk))

    assert follows_owner(follower) is follower
    follows_owner(follower)
    customer = Customer.objects.filter(owner=cast["sales1"]).first()
    customer_transfer(customer=customer, actor=cast["head"], to_user=cast["sales2"], reason="调岗")
    assert calls == [(customer.pk, cast["sales2"].pk)]


def test_with_fields_sets_and_saves_only_those_fields(cast):
    customer = Customer.objects.get(code="C-0001")
    with_fields(remarks="见面谈过")(customer, "active")
    customer.refresh_from_db()
    assert customer.remarks == "见面谈过"


def test_onward_stage_is_one_step_forward_and_none_at_the_end():
    first = Opportunity._meta.get_field("stage").default
    assert onward_stage(first) not in (None, first)
    assert onward_stage("won") is None


def test_open_work_follows_the_customer_to_a_new_owner(cast):
    customer = Customer.objects.get(code="C-0001")
    opportunity = OpportunityFactory(customer=customer)
    visit = VisitFactory(customer=customer)
    open_opportunities_follow_owner(customer, cast["sales2"])
    planned_visits_follow_owner(customer, cast["sales2"])
    opportunity.refresh_from_db()
    visit.refresh_from_db()
    assert opportunity.owner == cast["sales2"]
    assert (visit.salesperson, visit.trip_id) == (cast["sales2"], None)


def test_satisfaction_is_one_to_four_or_nothing():
    assert satisfaction_score("4") == 4
    assert satisfaction_score("") is None
    for bad in ("5", "0", "3.0", True, "x"):
        with pytest.raises(RuleBroken):
            satisfaction_score(bad)


def test_a_visit_without_a_trip_is_never_closed_by_one(cast):
    visit = VisitFactory(customer=Customer.objects.get(code="C-0001"))
    assert Visit.objects.get(pk=visit.pk).trip_id is None
    trip_still_open(visit)  # no trip: nothing to refuse
