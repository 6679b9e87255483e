"""Writing the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fieldsales.core.models import AuditEvent


def audit(
    *,
    document: models.Model,
    actor: Any,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event for `document`."""
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data or {},
    )


def audit_trail(document: models.Model) -> models.QuerySet[AuditEvent]:
    """The document's history, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).select_related("actor")
