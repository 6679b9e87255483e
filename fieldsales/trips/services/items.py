"""What a claim's items must keep before the engine sees them: no reviewer's field from the
claimant, no NUL, and bounds that keep every total inside the money columns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.policy.money import is_amount
from fieldsales.trips.models import REVIEWER_ITEM_FIELDS, Claim, ClaimItemKey
from fieldsales.trips.receipt_keys import item_keys


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


# Bounds that keep every total within the claim's money columns (MONEY: 12 digits, 2 of them
# decimals, at most 9,999,999,999.99 on PostgreSQL): at most 100 items of at most 100,000.00
# each (P6.2's 2% of a 5,000,000.00 deal), together at most 1,000,000.00. Every line reimburses
# at most what it claims (P9 included), so the reimbursed total stays below that plus the
# allowance, and sums over ten thousand such claims still fit the column.
MAX_ITEMS = 100
ITEM_AMOUNT_MAX = Decimal("100000.00")
CLAIM_TOTAL_MAX = Decimal("1000000.00")


def _reviewer_field_message(name: str) -> str:
    return {
        "override": _("报销人不能自行调整核准金额：只有当前审批人可以调整（P9）"),
        "reviewer_note": _("报销人不能填写审核说明：只有当前审批人可以填写（P4.6）"),
        "head_consent": _("报销人不能自行填写部门负责人同意：只有部门负责人审批时可以同意（P4.6）"),
    }[name]


def check_items(items: Any) -> list[dict[str, Any]]:
    """The claimant's items as given, or a 400 on the first one the claim cannot take."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RuleBroken(_("报销明细须为列表"), field="items")
    if len(items) > MAX_ITEMS:
        raise RuleBroken(_("一张报销单最多%(n)d项明细") % {"n": MAX_ITEMS}, field="items")
    if _has_nul(items):  # PostgreSQL's JSON cannot store a NUL character
        raise RuleBroken(_("报销明细不能包含空字符"), field="items")
    total = Decimal("0.00")
    for index, item in enumerate(items):
        for name in REVIEWER_ITEM_FIELDS:
            if name in item:
                raise RuleBroken(_reviewer_field_message(name), field=f"items[{index}].{name}")
        amount = item.get("amount")
        if isinstance(amount, str) and is_amount(amount):  # a malformed one: the engine's 400
            if Decimal(amount) > ITEM_AMOUNT_MAX:
                raise RuleBroken(
                    _("单项金额不能超过%(max)s元") % {"max": f"{ITEM_AMOUNT_MAX:.2f}"},
                    field=f"items[{index}].amount",
                )
            total += Decimal(amount)
    if total > CLAIM_TOTAL_MAX:
        raise RuleBroken(
            _("报销单合计金额不能超过%(max)s元") % {"max": f"{CLAIM_TOTAL_MAX:.2f}"},
            field="items",
        )
    return items


def write_item_keys(claim: Claim) -> None:
    """Keep the claim's rows of the duplicate-receipt check as its items now read (every
    service that writes `Claim.items` calls it, inside its transaction)."""
    ClaimItemKey.objects.filter(claim=claim).delete()
    ClaimItemKey.objects.bulk_create(
        ClaimItemKey(
            claim=claim,
            claimant_id=claim.claimant_id,
            item=item,
            kind=kind,
            amount=amount,
            date=day,
        )
        for item, kind, amount, day in item_keys(claim.items)
    )
