"""The model side of the machine: any stateful document, and documents with approval chains."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fieldsales.core.models import Approval, AuditEvent
from fieldsales.core.workflow.directory import has_role
from fieldsales.core.workflow.table import Kind, Table


class Stateful(models.Model):
    """A model whose state field only the machine writes (`workflow.apply`).

    Subclasses set `TRANSITIONS` and, when the field is not `status`, `STATE_FIELD`.
    """

    TRANSITIONS: ClassVar[Table] = {}
    STATE_FIELD: ClassVar[str] = "status"
    AUDIT_LABEL: ClassVar[str] = "document"

    class Meta:
        abstract = True

    @property
    def author(self) -> Any:
        """The person the AUTHOR transitions belong to (None: the document has no author)."""
        return None

    @property
    def state(self) -> str:
        return str(getattr(self, self.STATE_FIELD))

    def state_display(self) -> str:
        return str(getattr(self, f"get_{self.STATE_FIELD}_display")())

    def may_act_as(self, who: str, user: Any) -> bool:
        """Whether `user` is `who` for this document; by default `who` names a role.

        A role holder never acts on their own document (nobody pays their own advance).
        Override for names such as "owner" that the document answers itself.
        """
        author = self.author
        if author is not None and author.pk == user.pk:
            return False
        return has_role(user, who)

    @classmethod
    def states_with(cls, kind: Kind) -> frozenset[str]:
        return frozenset(s for (s, _a), t in cls.TRANSITIONS.items() if t.kind == kind)


class ApprovalDocument(Stateful):
    """Fields every document with an approval chain carries."""

    status = models.CharField(max_length=20, db_index=True)
    chain = models.JSONField(default=list, blank=True)
    step = models.PositiveSmallIntegerField(default=0)
    round = models.PositiveSmallIntegerField(default=0)
    # The current step, denormalised so that an inbox is one indexed query.
    pending_role = models.CharField(max_length=20, blank=True, db_index=True)
    pending_user_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Lets a list fetch every document's decisions in one query (prefetch_approvals).
    approval_rows = GenericRelation(Approval)
    # And its history, for a list's history_of (prefetch_history).
    audit_rows = GenericRelation(AuditEvent)

    class Meta:
        abstract = True

    def awaiting_decision(self) -> bool:
        return self.state in self.states_with(Kind.APPROVE)

    def current_step(self) -> dict[str, Any] | None:
        if not self.awaiting_decision() or self.step >= len(self.chain):
            return None
        step: dict[str, Any] = self.chain[self.step]
        return step

    def sync_pending(self) -> list[str]:
        """Copy the current step into the pending fields; returns the fields to save."""
        step = self.current_step()
        self.pending_role = step["role"] if step else ""
        self.pending_user_id = step["user"] if step else None
        return ["pending_role", "pending_user_id"]

    def approvals(self) -> Any:
        """The decisions taken, oldest first (from `prefetch_approvals()` when a list used it)."""
        fetched = getattr(self, "_prefetched_objects_cache", {})
        if "approval_rows" in fetched:
            return fetched["approval_rows"]
        return Approval.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
        ).select_related("user")


def prefetch_approvals(documents: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """`documents` with their decisions and deciders fetched in one query for the whole page."""
    return documents.prefetch_related(
        models.Prefetch("approval_rows", queryset=Approval.objects.select_related("user"))
    )


def prefetch_history(documents: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """`documents` with their audit trails and actors fetched in one query for the whole page."""
    return documents.prefetch_related(
        models.Prefetch("audit_rows", queryset=AuditEvent.objects.select_related("actor"))
    )
