"""Writes for the travel policy's versions: a version not yet in force may be deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fieldsales.core.audit import audit
from fieldsales.org.access import enforce
from fieldsales.trips import rules
from fieldsales.trips.models import PolicyVersion


@transaction.atomic
def policy_version_delete(*, version: PolicyVersion, actor: Any) -> None:
    """Delete a future version that prices no trip (rules.can_delete_policy_version); audited."""
    locked = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    enforce(rules.can_delete_policy_version(actor, locked))
    audit(
        document=locked,
        actor=actor,
        action="delete",
        data={"name": locked.name, "effective_from": locked.effective_from.isoformat()},
    )
    locked.delete()
