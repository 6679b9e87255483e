"""The five-stage development pipeline (五、客户开发与维护 2): transitions and history."""

from __future__ import annotations

import pytest
from helpers import today

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.models import Customer, Opportunity, Stage
from fieldsales.crm.pipeline import selectors as pipeline_selectors
from fieldsales.crm.pipeline import services as pipeline_services

pytestmark = pytest.mark.django_db


def new_opportunity(cast, code="C-0003", user="sales1", **extra):
    customer = Customer.objects.get(code=code)
    data = {"title": "农光互补二期", "amount": "200000.00"} | extra
    return pipeline_services.opportunity_create(customer=customer, actor=cast[user], data=data)


def move(cast, opportunity, stage, user="sales1", **kw):
    return pipeline_services.opportunity_move(
        opportunity=opportunity, actor=cast[user], to_stage=stage, **kw
    )


def test_the_five_stages_in_order_then_won_with_dated_history(cast):
    opportunity = new_opportunity(cast)
    for stage in ("contacted", "needs_understood", "contract_signed", "in_execution", "won"):
        opportunity = move(cast, opportunity, stage)
    assert opportunity.stage == Stage.WON
    assert opportunity.closed_at is not None
    history = list(opportunity.changes.values_list("from_stage", "to_stage"))
    assert history == [
        ("", "lead_found"),
        ("lead_found", "contacted"),
        ("contacted", "needs_understood"),
        ("needs_understood", "contract_signed"),
        ("contract_signed", "in_execution"),
        ("in_execution", "won"),
    ]
    assert all(
        change.at is not None and change.by.username == "sales1"
        for change in opportunity.changes.all()
    )


def test_skipping_a_stage_is_409(cast):
    opportunity = new_opportunity(cast)
    with pytest.raises(InvalidTransition) as error:
        move(cast, opportunity, "contract_signed")
    assert "查找潜在客户" in error.value.message
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "lead_found"


def test_one_step_back_before_the_contract_but_not_after(cast):
    opportunity = move(cast, new_opportunity(cast), "contacted")
    opportunity = move(cast, opportunity, "lead_found")
    assert opportunity.stage == "lead_found"
    for stage in ("contacted", "needs_understood", "contract_signed"):
        opportunity = move(cast, opportunity, stage)
    with pytest.raises(InvalidTransition):
        move(cast, opportunity, "needs_understood")


def test_lost_needs_a_reason_and_may_be_reopened_as_a_lead(cast):
    opportunity = new_opportunity(cast)
    with pytest.raises(RuleBroken) as error:
        move(cast, opportunity, "lost")
    assert error.value.field == "reason"
    opportunity = move(cast, opportunity, "lost", reason="客户选择了竞争对手")
    assert (opportunity.stage, opportunity.lost_reason) == ("lost", "客户选择了竞争对手")
    with pytest.raises(InvalidTransition):
        move(cast, opportunity, "contacted")
    assert move(cast, opportunity, "lead_found").stage == "lead_found"


def test_contract_signed_needs_an_amount_and_does_not_restart_the_p6_1_count(cast):
    opportunity = new_opportunity(cast, amount="0")
    opportunity = move(cast, move(cast, opportunity, "contacted"), "needs_understood")
    with pytest.raises(RuleBroken) as error:
        move(cast, opportunity, "contract_signed")
    assert error.value.field == "amount"
    opportunity = move(cast, opportunity, "contract_signed", amount="350000.00")
    customer = Customer.objects.get(code="C-0003")
    assert str(opportunity.amount) == "350000.00"
    # selling.md S7.1: only a signed order restarts P6.1, never an opportunity move.
    assert customer.last_order_signed is None


def test_signing_turns_a_prospect_into_an_end_customer(cast):
    opportunity = new_opportunity(cast, code="C-0006", user="sales2")
    for stage in ("contacted", "needs_understood", "contract_signed"):
        opportunity = move(cast, opportunity, stage, user="sales2")
    assert Customer.objects.get(code="C-0006").kind == "end_customer"


def test_only_the_owner_or_their_head_moves_it(cast):
    opportunity = new_opportunity(cast)
    with pytest.raises(Forbidden):
        move(cast, opportunity, "contacted", user="sales2")
    with pytest.raises(Forbidden):
        move(cast, opportunity, "contacted", user="finance")
    assert move(cast, opportunity, "contacted", user="head").stage == "contacted"


def test_an_opportunity_on_a_pool_customer_must_be_claimed_first(cast):
    with pytest.raises(InvalidTransition):
        new_opportunity(cast, code="C-0007")


def test_new_opportunities_start_in_the_first_three_stages(cast):
    with pytest.raises(RuleBroken) as error:
        new_opportunity(cast, stage="contract_signed")
    assert error.value.field == "stage"
    assert new_opportunity(cast, stage="needs_understood").stage == "needs_understood"


def test_next_stages_follow_the_table():
    assert pipeline_services.next_stages("lead_found") == ["contacted", "lost"]
    assert pipeline_services.next_stages("needs_understood") == [
        "contract_signed",
        "contacted",
        "lost",
    ]
    assert pipeline_services.next_stages("won") == []


def test_board_shows_the_five_columns_with_counts_and_totals(cast):
    new_opportunity(cast, amount="100000.00")
    columns = pipeline_selectors.pipeline_board(user=cast["sales1"])
    assert [c.label for c in columns] == [
        "查找潜在客户",
        "建立联系",
        "推荐产品、了解需求",
        "确定合作意向、签订合同",
        "跟进合同执行",
    ]
    # sales1's own: the demo's two opportunities and this one.
    assert [(c.stage, c.count, str(c.amount)) for c in columns] == [
        ("lead_found", 2, "450000.00"),
        ("contacted", 1, "1280000.00"),
        ("needs_understood", 0, "0.00"),
        ("contract_signed", 0, "0.00"),
        ("in_execution", 0, "0.00"),
    ]
    team = pipeline_selectors.pipeline_board(user=cast["head"])
    assert [c.count for c in team] == [2, 1, 1, 0, 0]


def test_follow_up_reminders_list_open_opportunities_due(cast):
    opportunity = new_opportunity(cast, next_follow_up=today())
    due = pipeline_selectors.follow_ups_due(user=cast["sales1"], today=today())
    assert opportunity in due
    move(cast, opportunity, "lost", reason="预算取消")
    assert opportunity not in pipeline_selectors.follow_ups_due(user=cast["sales1"], today=today())
