"""Writes of the pipeline: open, edit and move opportunities."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.customers import inputs
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Customer, CustomerKind, CustomerStatus
from fieldsales.crm.customers.services import follows_owner, touch, with_fields
from fieldsales.crm.pipeline import rules
from fieldsales.crm.pipeline.models import BOARD_STAGES, Opportunity, Stage, StageChange
from fieldsales.org.access import enforce


def next_stages(stage: str) -> list[str]:
    """The stages an opportunity may move to from `stage`: onwards first, then back, then lost."""
    return [to for _action, to in rules.stage_moves(Opportunity.TRANSITIONS, stage)]


def onward_stage(stage: str) -> str | None:
    """The one stage forward from `stage` (the board's quick move), if any."""
    moves = rules.stage_moves(Opportunity.TRANSITIONS, stage)
    return next((to for action, to in moves if action in rules.ONWARDS), None)


@follows_owner
def open_opportunities_follow_owner(customer: Customer, new_owner: Any) -> None:
    """A customer's open opportunities go with it to its new salesperson."""
    Opportunity.objects.filter(customer=customer, stage__in=BOARD_STAGES).update(owner=new_owner)


@transaction.atomic
def opportunity_create(*, customer: Customer, actor: Any, data: dict[str, Any]) -> Opportunity:
    """A new opportunity at 查找潜在客户 (or a later stage named in `stage`, never closed)."""
    customer = (
        Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    )
    if customer.status == CustomerStatus.POOL:
        raise InvalidTransition(_("客户在公海中，请先认领"))
    if not customer_rules.manages_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以为该客户建立商机"))
    title = inputs.text(data, "title", 120)
    if not title:
        raise RuleBroken(_("请填写商机名称"), field="title")
    stage = data.get("stage") or Stage.LEAD_FOUND
    if stage not in BOARD_STAGES or stage in (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION):
        raise RuleBroken(_("新商机只能从前三个阶段开始"), field="stage")
    opportunity = Opportunity.objects.create(
        customer=customer,
        owner=customer.owner or actor,
        title=title,
        stage=stage,
        amount=inputs.money(data.get("amount"), "amount"),
        expected_close=data.get("expected_close") or None,
        next_follow_up=data.get("next_follow_up") or None,
        products=inputs.text(data, "products", 200),
        note=inputs.text(data, "note", 2000),
    )
    StageChange.objects.create(
        opportunity=opportunity, to_stage=stage, by=actor, note=_("新建商机")
    )
    touch(customer)
    audit(document=opportunity, actor=actor, action="create", to_status=stage)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, actor: Any, data: dict[str, Any]
) -> Opportunity:
    """Amount, dates and notes of an open opportunity."""
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=opportunity.pk)
    )
    enforce(rules.can_edit(actor, opportunity))
    if "title" in data:
        opportunity.title = inputs.text(data, "title", 120)
        if not opportunity.title:
            raise RuleBroken(_("请填写商机名称"), field="title")
    if "amount" in data:
        opportunity.amount = inputs.money(data.get("amount"), "amount")
    for key in ("expected_close", "next_follow_up"):
        if key in data:
            setattr(opportunity, key, data.get(key) or None)
    for key, limit in (("products", 200), ("note", 2000)):
        if key in data:
            setattr(opportunity, key, inputs.text(data, key, limit))
    opportunity.save()
    audit(document=opportunity, actor=actor, action="edit")
    return opportunity


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    actor: Any,
    to_stage: str,
    note: str = "",
    reason: str = "",
    amount: Any = None,
) -> Opportunity:
    """Move along the pipeline by the PIPELINE table; the history keeps every move with its date."""
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner", "customer")
        .get(pk=opportunity.pk)
    )
    if to_stage not in Stage.values:
        raise RuleBroken(_("阶段无效：%(stage)s") % {"stage": to_stage}, field="stage")
    enforce(rules.can_move(actor, opportunity, to_stage))
    kind = rules.move_to(opportunity, to_stage)
    reason = (reason or "").strip()[:200]
    now = timezone.now()
    fields: dict[str, Any] = {"stage_changed_at": now}
    if kind == "lose":
        if not reason:
            raise RuleBroken(_("请填写丢单原因"), field="reason")
        fields |= {"lost_reason": reason, "closed_at": now}
    elif kind == "win":
        fields |= {"won_reason": reason, "closed_at": now}
    elif kind == "reopen":
        fields["closed_at"] = None
    elif kind == "sign":
        if amount not in (None, ""):
            fields["amount"] = inputs.money(amount, "amount")
        if fields.get("amount", opportunity.amount) <= 0:
            raise RuleBroken(_("签订合同须填写合同金额"), field="amount")
        # A prospect with a contract is an end customer. P6.1's count restarts only at a
        # signed order (selling.md S7.1), never at this move.
        customer = opportunity.customer
        if customer.kind == CustomerKind.PROSPECT:
            customer.kind = CustomerKind.END_CUSTOMER
            customer.save(update_fields=["kind"])
    old = opportunity.stage
    opportunity = workflow.apply(
        model=Opportunity,
        pk=opportunity.pk,
        actor=actor,
        action=kind,
        comment=reason or note,
        before=with_fields(**fields),
    )
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=old,
        to_stage=to_stage,
        by=actor,
        note=(reason or (note or "").strip())[:200],
    )
    touch(opportunity.customer)
    return opportunity
