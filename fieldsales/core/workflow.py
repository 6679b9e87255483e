"""The approval workflow mechanism shared by trips, advances and claims (and later quotes).

A document's life is an explicit table `(status, action) -> Transition`. Approval chains are
lists of steps resolved from the organisation when the document is submitted; each step
names a role and, where one person is meant (the author's department head, an alternate),
that user.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.core.models import Approval, Decision

AUTHOR = "author"
APPROVER = "approver"


@dataclass(frozen=True)
class Transition:
    to: str
    who: str  # AUTHOR, APPROVER, or a role name such as "finance" or "gm"


class ApprovalDocument(models.Model):
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

    TRANSITIONS: dict[tuple[str, str], Transition] = {}
    AUDIT_LABEL = "document"

    class Meta:
        abstract = True

    @property
    def author(self) -> Any:
        raise NotImplementedError

    def current_step(self) -> dict[str, Any] | None:
        if self.status != "submitted" or self.step >= len(self.chain):
            return None
        return self.chain[self.step]

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


def waiting_for(model: type[ApprovalDocument], user: Any) -> models.QuerySet[Any]:
    """Documents of `model` whose current step this user may decide (not their own)."""
    role = role_of(user)
    condition = models.Q(pending_user_id=user.pk)
    if role:
        condition |= models.Q(pending_user_id__isnull=True, pending_role=role)
    return model.objects.filter(condition, status="submitted")


def role_of(user: Any) -> str:
    employee = getattr(user, "employee", None)
    return employee.role if employee is not None else ""


def _holders(role: str, *, exclude: Any) -> models.QuerySet[Any]:
    return (
        get_user_model().objects.filter(is_active=True, employee__role=role).exclude(pk=exclude.pk)
    )


def resolve_chain(*, roles: Sequence[str], author: Any) -> list[dict[str, Any]]:
    """Turn a policy's chain of role names into the steps for this author (P1.2, P2.2, P8.3)."""
    from fieldsales.org.models import AlternateApprover

    steps: list[dict[str, Any]] = []
    for role in roles:
        if role == "dept_head":
            department = getattr(getattr(author, "employee", None), "department", None)
            head = department.head if department else None
            # P1.2: a head's own document skips their own step; no department, no head step.
            if department is None or head is None or head.pk == author.pk:
                continue
            steps.append({"role": role, "user": head.pk, "alternate": False})
            continue
        if _holders(role, exclude=author).exists():
            steps.append({"role": role, "user": None, "alternate": False})
            continue
        alternate = AlternateApprover.objects.filter(role=role).exclude(user=author).first()
        if alternate is None:
            raise RuleBroken(
                _("没有可以审批此单据的%(role)s（不能审批自己的单据），请管理员指定代理审批人")
                % {"role": role}
            )
        steps.append({"role": role, "user": alternate.user_id, "alternate": True})
    if not steps:
        raise RuleBroken(_("审批链为空，无法提交"))
    return steps


def may_decide(*, document: ApprovalDocument, user: Any) -> bool:
    """Whether `user` is the approver of the document's current step."""
    step = document.current_step()
    if step is None or user.pk == document.author.pk or not user.is_active:
        return False
    if step["user"] is not None:
        return bool(step["user"] == user.pk)
    return role_of(user) == step["role"]


def _possible_approver(document: ApprovalDocument, user: Any) -> bool:
    """Whether the user holds any step of the document's chain (resolved or not yet)."""
    if document.chain:
        return any(
            step["user"] == user.pk if step["user"] is not None else role_of(user) == step["role"]
            for step in document.chain
        )
    department = getattr(getattr(document.author, "employee", None), "department", None)
    roles = set(document.chain_roles())
    if "dept_head" in roles and department is not None and department.head_id == user.pk:
        return True
    return role_of(user) in roles


def _who(model: type[ApprovalDocument], action: str) -> str | None:
    return next((t.who for (_s, a), t in model.TRANSITIONS.items() if a == action), None)


def _check_actor(document: ApprovalDocument, who: str, actor: Any) -> None:
    """403: the user's role may never take this action on this document (api.md order)."""
    if who == AUTHOR:
        if actor.pk != document.author.pk:
            raise Forbidden(_("只有单据的填写人可以执行此操作"))
    elif who == APPROVER:
        if actor.pk == document.author.pk:
            raise Forbidden(_("不能审批自己的单据"))
        if not _possible_approver(document, actor):
            raise Forbidden(_("您不是此单据的审批人"))
    elif role_of(actor) != who or actor.pk == document.author.pk:
        raise Forbidden(_("您的角色不能执行此操作"))


def _check_state(
    document: ApprovalDocument, transition: Transition | None, actor: Any, action: str
) -> Transition:
    """409: the document's state does not allow the action now (approving twice included)."""
    if transition is not None and transition.who == APPROVER:
        decided = document.approvals().filter(round=document.round, user=actor).exists()
        if decided or not may_decide(document=document, user=actor):
            transition = None
    if transition is None:
        raise InvalidTransition(
            _("单据当前状态为“%(status)s”，不能执行此操作（%(action)s）")
            % {"status": document.get_status_display(), "action": action}
        )
    return transition


@transaction.atomic
def apply(
    *,
    model: type[ApprovalDocument],
    pk: int,
    actor: Any,
    action: str,
    comment: str = "",
    before: Callable[[Any], None] | None = None,
    after: Callable[[Any, str], None] | None = None,
) -> Any:
    """Lock the document, look up (status, action), check the actor, move it, audit it."""
    document = model.objects.select_for_update().get(pk=pk)
    who = _who(model, action)
    if who is None:
        raise InvalidTransition(_("不支持的操作：%(action)s") % {"action": action})
    _check_actor(document, who, actor)
    transition = _check_state(
        document, model.TRANSITIONS.get((document.status, action)), actor, action
    )
    if before is not None:
        before(document)
    old = document.status
    fields = ["status", "updated_at"]
    now = timezone.now()
    if action == "submit":
        document.chain = resolve_chain(roles=document.chain_roles(), author=document.author)
        document.step = 0
        document.round += 1
        document.submitted_at = now
        fields += ["chain", "step", "round", "submitted_at"]
        document.status = transition.to
    elif action in {"approve", "reject"}:
        step = document.current_step() or {}
        Approval.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=document.pk,
            round=document.round,
            step=document.step,
            role=step.get("role", ""),
            user=actor,
            decision=Decision.APPROVE if action == "approve" else Decision.REJECT,
            comment=comment,
        )
        if action == "approve" and document.step + 1 < len(document.chain):
            document.step += 1
            fields.append("step")
        else:
            document.status = transition.to
            if action == "approve":
                document.approved_at = now
                fields.append("approved_at")
    else:
        document.status = transition.to
    fields += document.sync_pending()
    document.save(update_fields=fields)
    audit(
        document=document,
        actor=actor,
        action=action,
        from_status=old,
        to_status=document.status,
        comment=comment,
    )
    if after is not None:
        after(document, old)
    return document
