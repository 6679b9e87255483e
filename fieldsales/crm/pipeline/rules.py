"""Who may work an opportunity, and where it may move (org.access verdicts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fieldsales.crm.customers import rules as customer_rules
from fieldsales.org.access import ALLOWED, Denied, Verdict

# The moves in the order the pages offer them: onwards first, then back, then lost.
MOVE_ORDER = ("forward", "sign", "win", "reopen", "back", "lose")
ONWARDS = ("forward", "sign", "win")


def works_on(user: Any, opportunity: Any) -> bool:
    """The opportunity's salesperson or whoever directs their work."""
    return customer_rules.works_for(user, opportunity.owner)


def stage_moves(table: Any, stage: str) -> list[tuple[str, str]]:
    """(action, stage) an opportunity may move by from `stage` in `table`, in MOVE_ORDER."""
    found = [(a, t.to) for (s, a), t in table.items() if s == stage]
    return sorted(found, key=lambda move: MOVE_ORDER.index(move[0]))


def moves(opportunity: Any) -> list[tuple[str, str]]:
    return stage_moves(type(opportunity).TRANSITIONS, opportunity.stage)


def move_to(opportunity: Any, stage: str) -> str | None:
    """The action that takes the opportunity to `stage` now, if any."""
    return next((action for action, to in moves(opportunity) if to == stage), None)


def can_edit(user: Any, opportunity: Any) -> Verdict:
    if not works_on(user, opportunity):
        return Denied(_("只有负责业务员或其主管可以修改商机"))
    if not opportunity.is_open:
        return Denied(_("已结束的商机不能修改"), 409)
    return ALLOWED


def can_move(user: Any, opportunity: Any, stage: str) -> Verdict:
    if not works_on(user, opportunity):
        return Denied(_("只有负责业务员或其主管可以推进商机"))
    if move_to(opportunity, stage) is None:
        return Denied(
            _("商机当前处于“%(frm)s”，不能转到“%(to)s”")
            % {"frm": opportunity.get_stage_display(), "to": type(opportunity).S(stage).label},
            409,
        )
    return ALLOWED
