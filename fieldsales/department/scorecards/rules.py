"""May this user see or do this to a scorecard, and if not, why (department.md D6).

A salesperson sees their own scorecards; the department's head or manager sees the
department's; the GM sees every one; others see nothing (404). The department's manager (its
head when no manager is named: org.access.department_manager) adds the points and the comment;
only the person acknowledges or disputes; only the GM approves; nobody acts on their own
scorecard; an approved scorecard is never written again (409)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fieldsales.department.access import run_departments
from fieldsales.department.access import signed_in as _signed_in
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.org.access import ALLOWED, Denied, Verdict, has_role
from fieldsales.org.models import Department, Role


def is_gm(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.GM)


def is_salesperson(user: Any) -> bool:
    return _signed_in(user) and has_role(user, Role.SALESPERSON)


def reads_scorecards(user: Any) -> bool:
    return bool(is_gm(user) or run_departments(user) or is_salesperson(user))


def visible(user: Any) -> Q | None:
    """The scorecards the user sees as a filter (None: all of them)."""
    if is_gm(user):
        return None
    condition = Q(salesperson_id=user.pk) if _signed_in(user) else Q(pk__in=[])
    departments = run_departments(user)
    if departments:
        condition |= Q(department_id__in=departments)
    return condition


def scope(cards: QuerySet[Scorecard], user: Any) -> QuerySet[Scorecard]:
    if not _signed_in(user):
        return cards.none()
    condition = visible(user)
    return cards if condition is None else cards.filter(condition)


def card_manager(department_id: int) -> Any:
    """The manager who scores the department's people: its manager, else its head."""
    department = Department.objects.filter(pk=department_id).select_related("manager", "head")
    found = department.first()
    if found is None:
        return None
    return found.manager or found.head


def manages_card(user: Any, card: Scorecard) -> bool:
    if not _signed_in(user) or user.pk == card.salesperson_id:
        return False
    manager = card_manager(card.department_id)
    return manager is not None and manager.pk == user.pk


def can_gather(user: Any, department_id: int | None) -> Verdict:
    """The department's head or manager gathers its people's facts; the GM any department's
    (or the whole company's, `department_id` None)."""
    if is_gm(user):
        return ALLOWED
    if department_id is not None and department_id in run_departments(user):
        return ALLOWED
    return Denied(_("季度考核数据由部门经理或总经理采集（D6）"))


def _not_frozen(card: Scorecard) -> Verdict:
    if card.is_frozen:
        return Denied(_("季度考核表已由总经理审批，不能再修改（D6）"), 409)
    return ALLOWED


def can_review(user: Any, card: Scorecard) -> Verdict:
    if user.pk == card.salesperson_id:
        return Denied(_("不能为自己的季度考核评分（D6）"))
    if not manages_card(user, card):
        return Denied(_("能力与态度得分由本部门经理评定（D6）"))
    verdict = _not_frozen(card)
    if not verdict:
        return verdict
    if card.unscorable:
        return Denied(_("无法评分（D6）：%(why)s") % {"why": card.unscorable}, 409)
    if card.status not in (
        ScorecardStatus.GATHERED,
        ScorecardStatus.REVIEWED,
        ScorecardStatus.DISPUTED,
    ):
        return Denied(_("被考核人已确认，不能再修改评分"), 409)
    return ALLOWED


def can_answer(user: Any, card: Scorecard) -> Verdict:
    """Acknowledge or dispute: the person, once the manager has scored it."""
    if user.pk != card.salesperson_id:
        return Denied(_("只有被考核人本人可以确认或提出异议（D6）"))
    verdict = _not_frozen(card)
    if not verdict:
        return verdict
    if card.status != ScorecardStatus.REVIEWED:
        return Denied(_("考核人评分后才能确认或提出异议"), 409)
    return ALLOWED


def can_approve(user: Any, card: Scorecard) -> Verdict:
    if user.pk == card.salesperson_id:
        return Denied(_("不能审批自己的季度考核（D6）"))
    if not is_gm(user):
        return Denied(_("季度考核由总经理审批（D6）"))
    verdict = _not_frozen(card)
    if not verdict:
        return verdict
    if card.unscorable:
        return Denied(_("无法评分（D6）：%(why)s") % {"why": card.unscorable}, 409)
    if card.status != ScorecardStatus.ACKNOWLEDGED:
        return Denied(_("被考核人确认后才能审批"), 409)
    return ALLOWED


def actions_for(user: Any, card: Scorecard) -> list[str]:
    """What the page offers this user now."""
    checks = {
        "review": can_review,
        "acknowledge": can_answer,
        "dispute": can_answer,
        "approve": can_approve,
    }
    return [name for name, check in checks.items() if check(user, card)]
