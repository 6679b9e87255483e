"""Approving many documents at once from the inbox (issue 10.9).

Each document goes through its own app's approval service, one by one, each in its own
transaction, checked and audited as if approved from its page: one refusal does not undo
the others. A document the user already approved (a double submit) counts as such, not as
a failure, so sending the same selection twice approves nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from fieldsales.core.errors import InvalidTransition, NotFound, ServiceError
from fieldsales.core.inbox import approver_of
from fieldsales.core.models import Approval, Decision

MAX_BULK = 100  # documents per request: more is a 400


@dataclass(frozen=True)
class Outcome:
    kind: str
    id: int
    number: str
    reason: str = ""
    status: int = 200


@dataclass
class BulkResult:
    approved: list[Outcome] = field(default_factory=list)
    already: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)


def _already_approved(document: Any, user: Any) -> bool:
    return Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(type(document)),
        object_id=document.pk,
        round=document.round,
        user=user,
        decision=Decision.APPROVE,
    ).exists()


def approve_many(*, user: Any, items: list[tuple[str, int]], comment: str = "") -> BulkResult:
    """Approve each (kind, id) through its app's service; what passed, what the user had
    already approved, and what failed with the rule's reason."""
    result = BulkResult()
    seen: set[tuple[str, int]] = set()
    for kind, pk in items:
        if (kind, pk) in seen:
            continue
        seen.add((kind, pk))
        source = approver_of(kind)
        if source is None or source.find is None or source.approve is None:
            reason = _("此类单据不能批量审批")
            result.failed.append(Outcome(kind, pk, str(pk), reason, 400))
            continue
        try:
            document = source.find(pk, user)
        except NotFound as error:
            result.failed.append(Outcome(kind, pk, str(pk), error.message, error.status_code))
            continue
        number = str(document.number)
        try:
            source.approve(document, user, comment)
        except InvalidTransition as error:
            if _already_approved(document, user):
                result.already.append(Outcome(kind, pk, number))
            else:
                result.failed.append(Outcome(kind, pk, number, error.message, error.status_code))
            continue
        except ServiceError as error:
            result.failed.append(Outcome(kind, pk, number, error.message, error.status_code))
            continue
        result.approved.append(Outcome(kind, pk, number))
    return result


def parse_items(values: list[str]) -> list[tuple[str, int]]:
    """`kind:id` strings from the inbox's checkboxes; anything else is left out."""
    items = []
    for value in values:
        kind, _sep, pk = value.partition(":")
        if kind and pk.isascii() and pk.isdigit() and len(pk) < 19:
            items.append((kind, int(pk)))
    return items
