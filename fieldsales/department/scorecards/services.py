"""Writes of the quarterly scorecard (D6): gather a quarter's facts, the manager's points and
comment, the person's acknowledgement or dispute, the GM's approval (which freezes it).
Keyword-only, one transaction each; an approved scorecard is never written again (409)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import RuleBroken
from fieldsales.department.scorecards import engine, gather, notify, rules
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.scorecards.quarters import Quarter
from fieldsales.org.access import enforce
from fieldsales.org.models import Department, Employee, Role

_POINTS = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
COMMENT_LIMIT = 2000


def _text(value: Any, name: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RuleBroken(_("须为文字"), field=name)
    text = value.strip()
    if "\x00" in text:
        raise RuleBroken(_("不能包含空字符"), field=name)
    if len(text) > limit:
        raise RuleBroken(_("不能超过 %(n)s 字") % {"n": limit}, field=name)
    if required and not text:
        raise RuleBroken(_("请填写%(what)s") % {"what": _("异议理由")}, field=name)
    return text


def _points(value: Any, card: Scorecard) -> Decimal:
    """D6: the manager's points, a decimal string from 0 to `w_manager` (400 naming D6)."""
    limit = engine.params_for(_quarter(card).end).w_manager
    message = _("能力与态度得分须为 0 至 %(max)s 之间的数（字符串，最多两位小数）（D6）") % {
        "max": f"{limit:.2f}"
    }
    if not isinstance(value, str) or not _POINTS.match(value.strip()):
        raise RuleBroken(message, field="points")
    try:
        points = Decimal(value.strip())
    except InvalidOperation:
        raise RuleBroken(message, field="points") from None
    if not Decimal(0) <= points <= limit:
        raise RuleBroken(message, field="points")
    return points


def _quarter(card: Scorecard) -> Quarter:
    return Quarter(card.year, card.quarter)


def _apply_outcome(card: Scorecard, facts: dict[str, Any]) -> None:
    outcome = engine.score(facts, _quarter(card).end)
    card.facts = facts
    card.result = outcome.result
    card.unscorable = outcome.unscorable
    card.total = Decimal(outcome.result["total"]) if outcome.result else None
    card.grade = outcome.result["grade"] if outcome.result else ""


# ---------------------------------------------------------------- gathering


def _departments(actor: Any, department_id: int | None) -> list[Department]:
    if department_id is not None:
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise RuleBroken(_("部门不存在"), field="department")
        enforce(rules.can_gather(actor, department.pk))
        return [department]
    if rules.is_gm(actor):
        with_sales = Employee.objects.filter(role=Role.SALESPERSON).values("department_id")
        return list(Department.objects.filter(pk__in=with_sales).order_by("pk"))
    runs = rules.run_departments(actor)
    if not runs:
        enforce(rules.can_gather(actor, None))
    return list(Department.objects.filter(pk__in=runs).order_by("pk"))


def _salespeople(department_id: int) -> list[Any]:
    """The department's active salespeople, who each have a scorecard per quarter."""
    return [
        e.user
        for e in Employee.objects.filter(
            department_id=department_id, role=Role.SALESPERSON, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username")
    ]


def _refresh(card: Scorecard, found: gather.Gathered, actor: Any) -> bool:
    """Write the gathered facts on a scorecard not yet approved; True when anything changed."""
    facts = dict(found.facts, manager_points=card.facts.get("manager_points"))
    before = (card.facts, card.result, card.evidence, card.incidents, card.unscorable)
    _apply_outcome(card, facts)
    card.evidence = found.evidence
    card.incidents = found.incidents
    card.gathered_at = timezone.now()
    changed = before != (card.facts, card.result, card.evidence, card.incidents, card.unscorable)
    card.save()
    if changed:
        audit(document=card, actor=actor, action="gather", data={"quarter": card.quarter_label})
    return changed


@transaction.atomic
def gather_quarter(
    *, actor: Any, year: int, quarter: int, department: int | None = None
) -> list[Scorecard]:
    """D6: gather each salesperson's facts for the quarter (one department, or every one the
    actor may gather: the GM the company's), creating or refreshing their scorecards; an
    approved scorecard is left as it was frozen. Run again, it changes nothing unless the
    documents behind the figures changed."""
    period = Quarter(year, quarter)
    departments = _departments(actor, department)
    if period.end >= timezone.localdate():
        raise RuleBroken(
            _("%(quarter)s 尚未结束，季度结束后才能采集考核数据（D6）") % {"quarter": period},
            field="quarter",
        )
    cards: list[Scorecard] = []
    for dept in departments:
        people = _salespeople(dept.pk)
        incidents = gather.incidents_of(people, period)
        for person in people:
            card, created = Scorecard.objects.select_for_update().get_or_create(
                salesperson=person,
                year=year,
                quarter=quarter,
                defaults={"department": dept},
            )
            if card.is_frozen:
                cards.append(card)
                continue
            found = gather.gather_person(person, dept.pk, period, incidents.get(person.pk, []))
            if created:
                audit(document=card, actor=actor, action="create", to_status=card.status)
            changed = _refresh(card, found, actor)
            if not created and changed and card.status == ScorecardStatus.ACKNOWLEDGED:
                # The person confirmed other figures: they confirm the new ones again.
                card = workflow.apply(model=Scorecard, pk=card.pk, actor=None, action="refresh")
            cards.append(card)
    return cards


# ---------------------------------------------------------------- the workflow


def scorecard_review(*, card: Scorecard, actor: Any, points: Any, comment: Any) -> Scorecard:
    """The department's manager: ability and attitude points (0..w_manager) and a comment;
    also the revision after a dispute. The person is asked to acknowledge."""
    enforce(rules.can_review(actor, card))

    def before(locked: Scorecard) -> None:
        enforce(rules.can_review(actor, locked))
        value = _points(points, locked)
        locked.comment = _text(comment, "comment", COMMENT_LIMIT)
        _apply_outcome(locked, dict(locked.facts, manager_points=f"{value:.2f}"))
        locked.manager_points = value
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.submitted_at = locked.submitted_at or locked.reviewed_at
        locked.save()

    return workflow.apply(
        model=Scorecard,
        pk=card.pk,
        actor=actor,
        action="review",
        comment=comment if isinstance(comment, str) else "",
        before=before,
        after=lambda document, _old: notify.to_acknowledge(card=document),
        data={"points": points if isinstance(points, str) else None},
    )


def scorecard_acknowledge(*, card: Scorecard, actor: Any) -> Scorecard:
    """被考核人确认: the person accepts the scorecard; it waits for the GM."""
    enforce(rules.can_answer(actor, card))

    def before(locked: Scorecard) -> None:
        enforce(rules.can_answer(actor, locked))
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_at"])

    return workflow.apply(
        model=Scorecard,
        pk=card.pk,
        actor=actor,
        action="acknowledge",
        before=before,
        after=lambda document, _old: notify.to_approve(card=document),
    )


def scorecard_dispute(*, card: Scorecard, actor: Any, reason: Any) -> Scorecard:
    """The person disputes with a reason; it goes back to the manager."""
    enforce(rules.can_answer(actor, card))

    def before(locked: Scorecard) -> None:
        enforce(rules.can_answer(actor, locked))
        locked.dispute_reason = _text(reason, "reason", COMMENT_LIMIT, required=True)
        locked.save(update_fields=["dispute_reason"])

    return workflow.apply(
        model=Scorecard,
        pk=card.pk,
        actor=actor,
        action="dispute",
        comment=reason if isinstance(reason, str) else "",
        before=before,
        after=lambda document, _old: notify.disputed(card=document),
    )


def scorecard_approve(*, card: Scorecard, actor: Any) -> Scorecard:
    """The GM approves: facts, result and evidence are frozen as they stand (409 after)."""
    enforce(rules.can_approve(actor, card))

    def before(locked: Scorecard) -> None:
        enforce(rules.can_approve(actor, locked))
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.save(update_fields=["approved_by", "approved_at"])

    return workflow.apply(
        model=Scorecard,
        pk=card.pk,
        actor=actor,
        action="approve",
        before=before,
        after=lambda document, _old: notify.approved(card=document),
    )
