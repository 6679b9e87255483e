"""Writes of the pipeline: open, edit and move opportunities."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.customers import inputs
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Customer, CustomerKind, CustomerStatus
from fieldsales.crm.customers.services import follows_owner, touch
from fieldsales.crm.pipeline.models import BOARD_STAGES, Opportunity, Stage, StageChange

# 五、客户开发与维护 2: one step forward, one step back before the contract, lost from any
# open stage, a lost opportunity may be reopened as a lead; won only after execution.
PIPELINE: dict[tuple[str, str], str] = {
    (Stage.LEAD_FOUND, Stage.CONTACTED): "forward",
    (Stage.LEAD_FOUND, Stage.LOST): "lose",
    (Stage.CONTACTED, Stage.NEEDS_UNDERSTOOD): "forward",
    (Stage.CONTACTED, Stage.LEAD_FOUND): "back",
    (Stage.CONTACTED, Stage.LOST): "lose",
    (Stage.NEEDS_UNDERSTOOD, Stage.CONTRACT_SIGNED): "sign",
    (Stage.NEEDS_UNDERSTOOD, Stage.CONTACTED): "back",
    (Stage.NEEDS_UNDERSTOOD, Stage.LOST): "lose",
    (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION): "forward",
    (Stage.CONTRACT_SIGNED, Stage.LOST): "lose",
    (Stage.IN_EXECUTION, Stage.WON): "win",
    (Stage.IN_EXECUTION, Stage.LOST): "lose",
    (Stage.LOST, Stage.LEAD_FOUND): "reopen",
}


_MOVE_ORDER = ("forward", "sign", "win", "reopen", "back", "lose")


def next_stages(stage: str) -> list[str]:
    """The stages an opportunity may move to from `stage`: onwards first, then back, then lost."""
    moves = [(kind, to) for (frm, to), kind in PIPELINE.items() if frm == stage]
    return [to for kind, to in sorted(moves, key=lambda m: _MOVE_ORDER.index(m[0]))]


def _may_work(actor: Any, owner: Any) -> bool:
    return owner is not None and (owner.pk == actor.pk or customer_rules.directs(actor, owner))


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
    if not _may_work(actor, opportunity.owner):
        raise Forbidden(_("只有负责业务员或其主管可以修改商机"))
    if not opportunity.is_open:
        raise InvalidTransition(_("已结束的商机不能修改"))
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
    if not _may_work(actor, opportunity.owner):
        raise Forbidden(_("只有负责业务员或其主管可以推进商机"))
    kind = PIPELINE.get((opportunity.stage, to_stage))
    if kind is None:
        raise InvalidTransition(
            _("商机当前处于“%(frm)s”，不能转到“%(to)s”")
            % {"frm": opportunity.get_stage_display(), "to": Stage(to_stage).label}
        )
    reason = (reason or "").strip()[:200]
    now = timezone.now()
    fields = ["stage", "stage_changed_at"]
    if kind == "lose":
        if not reason:
            raise RuleBroken(_("请填写丢单原因"), field="reason")
        opportunity.lost_reason = reason
        opportunity.closed_at = now
        fields += ["lost_reason", "closed_at"]
    elif kind == "win":
        opportunity.won_reason = reason
        opportunity.closed_at = now
        fields += ["won_reason", "closed_at"]
    elif kind == "reopen":
        opportunity.closed_at = None
        fields.append("closed_at")
    elif kind == "sign":
        if amount not in (None, ""):
            opportunity.amount = inputs.money(amount, "amount")
            fields.append("amount")
        if opportunity.amount <= 0:
            raise RuleBroken(_("签订合同须填写合同金额"), field="amount")
        # P6.1: a signed order restarts the same-customer trip count.
        customer = opportunity.customer
        customer.last_order_signed = timezone.localdate(now)
        if customer.kind == CustomerKind.PROSPECT:
            customer.kind = CustomerKind.END_CUSTOMER
        customer.save(update_fields=["last_order_signed", "kind"])
    old = opportunity.stage
    opportunity.stage = to_stage
    opportunity.stage_changed_at = now
    opportunity.save(update_fields=fields)
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage=old,
        to_stage=to_stage,
        by=actor,
        note=(reason or (note or "").strip())[:200],
    )
    touch(opportunity.customer)
    audit(
        document=opportunity,
        actor=actor,
        action="move",
        from_status=old,
        to_status=to_stage,
        comment=reason or note,
    )
    return opportunity
