"""Reads of the quarterly scorecards (D6): what a user sees, one scorecard, a department's
quarterly ranking, what waits for whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from fieldsales.core.audit import audit_trail
from fieldsales.department.scorecards import rules
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.org.models import Department


def visible_scorecards(*, user: Any) -> QuerySet[Scorecard]:
    cards = Scorecard.objects.select_related(
        "salesperson", "salesperson__employee", "department", "reviewed_by", "approved_by"
    )
    return rules.scope(cards, user)


def scorecard_detail(*, user: Any, pk: int) -> Scorecard | None:
    return visible_scorecards(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: cannot be scored
    card: Scorecard
    honour: bool  # 荣誉: grade A is listed as 优秀


def ranking(cards: QuerySet[Scorecard] | list[Scorecard]) -> list[Ranked]:
    """The quarter's ranking: by total, highest first (ties share a rank); the cards that
    cannot be scored last, unranked."""
    scored = sorted(
        (c for c in cards if c.total is not None),
        key=lambda c: (-c.total, c.salesperson.username),  # type: ignore[operator]
    )
    rows: list[Ranked] = []
    previous, rank = None, 0
    for index, card in enumerate(scored, start=1):
        if card.total != previous:
            rank, previous = index, card.total
        rows.append(Ranked(rank, card, card.grade == "A"))
    rows += [Ranked(None, c, False) for c in cards if c.total is None]
    return rows


def quarters_seen(user: Any) -> list[tuple[int, int]]:
    """The quarters the user has scorecards of, newest first."""
    found = (
        visible_scorecards(user=user)
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .distinct()
    )
    return list(dict.fromkeys(found))


def departments_seen(user: Any) -> QuerySet[Department]:
    if rules.is_gm(user):
        return Department.objects.order_by("pk")
    return Department.objects.filter(pk__in=rules.run_departments(user)).order_by("pk")


def scorecards_waiting(user: Any) -> QuerySet[Scorecard]:
    """What waits for this user: the person's cards to acknowledge, the manager's to score
    (gathered or disputed), the GM's to approve. Never their own but to acknowledge."""
    if not rules.reads_scorecards(user):
        return Scorecard.objects.none()
    condition = Q(salesperson_id=user.pk, status=ScorecardStatus.REVIEWED)
    runs = rules.run_departments(user)
    if runs:
        # The manager who scores (rules.card_manager): the department's manager, else its head;
        # asked in the same query, not once per department.
        scores = Q(department__manager_id=user.pk) | Q(
            department__manager__isnull=True, department__head_id=user.pk
        )
        condition |= scores & Q(
            department_id__in=runs,
            status__in=(ScorecardStatus.GATHERED, ScorecardStatus.DISPUTED),
            unscorable="",
        )
    if rules.is_gm(user):
        condition |= Q(status=ScorecardStatus.ACKNOWLEDGED)
    own_not_to_acknowledge = Q(salesperson_id=user.pk) & ~Q(status=ScorecardStatus.REVIEWED)
    return Scorecard.objects.filter(condition).exclude(own_not_to_acknowledge)


def steps_of(card: Scorecard) -> list[Any]:
    """The audit of the scorecard's steps, oldest first."""
    return list(audit_trail(card).order_by("at", "pk"))
