"""The single writer of every document's state.

`apply()` locks the document, finds `(state, action)` in its table, checks who may take
it (403 before 409, as api.md orders them), does what the transition's kind says, writes
the state, appends the audit row in the same transaction and announces the move after
commit. Nothing else in the code base assigns a state field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken, ServiceError
from fieldsales.core.models import Approval, Decision
from fieldsales.core.workflow.chains import chain_for
from fieldsales.core.workflow.directory import roles_of
from fieldsales.core.workflow.documents import ApprovalDocument, Stateful
from fieldsales.core.workflow.signals import document_moved
from fieldsales.core.workflow.table import APPROVER, AUTHOR, SYSTEM, Kind, Transition


def _holds_step(step: dict[str, Any], user: Any) -> bool:
    if step["user"] is not None:
        return bool(step["user"] == user.pk)
    return step["role"] in roles_of(user)


def may_decide(*, document: ApprovalDocument, user: Any) -> bool:
    """Whether `user` is the approver of the document's current step (never the author)."""
    step = document.current_step()
    if step is None or not user.is_active or user.pk == document.author.pk:
        return False
    return _holds_step(step, user)


def possible_approver(document: ApprovalDocument, user: Any) -> bool:
    """Whether the user holds any step of the document's chain (resolved or not yet)."""
    chain = document.chain
    if not chain:
        try:
            chain = chain_for(document)
        except ServiceError:
            return False
    return any(_holds_step(step, user) for step in chain)


def waiting_for(model: type[ApprovalDocument], user: Any) -> models.QuerySet[Any]:
    """Documents of `model` whose current step this user may decide (not their own)."""
    condition = models.Q(pending_user_id=user.pk)
    roles = roles_of(user)
    if roles:
        condition |= models.Q(pending_user_id__isnull=True, pending_role__in=sorted(roles))
    states = sorted(model.states_with(Kind.APPROVE))
    return model.objects.filter(condition, **{f"{model.STATE_FIELD}__in": states})


def is_actor(document: Stateful, who: str, user: Any) -> bool:
    """Whether `user` may ever take transitions that name `who` on this document."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if who == SYSTEM:
        return False
    if who == AUTHOR:
        author = document.author
        return author is not None and author.pk == user.pk
    if who == APPROVER:
        assert isinstance(document, ApprovalDocument)
        if user.pk == document.author.pk:
            return False
        return possible_approver(document, user)
    return document.may_act_as(who, user)


def _refuse_actor(document: Stateful, who: str) -> Forbidden:
    if who == AUTHOR:
        return Forbidden(_("只有单据的填写人可以执行此操作"))
    if who == APPROVER:
        author = document.author
        if author is not None and isinstance(document, ApprovalDocument):
            return Forbidden(_("您不是此单据的审批人"))
    return Forbidden(_("您的角色不能执行此操作"))


def _check_actor(document: Stateful, action: str, actor: Any) -> Transition | None:
    """403 unless the actor may take `action` in some state; the state's transition or None."""
    model = type(document)
    transition = model.TRANSITIONS.get((document.state, action))
    whos = (
        {transition.who}
        if transition
        else {t.who for (_s, a), t in model.TRANSITIONS.items() if a == action}
    )
    if not whos or (actor is None) != (whos == {SYSTEM}):
        raise InvalidTransition(_("不支持的操作：%(action)s") % {"action": action})
    if actor is None:
        return transition
    if not any(is_actor(document, who, actor) for who in whos):
        author = document.author
        if APPROVER in whos and author is not None and actor.pk == author.pk:
            raise Forbidden(_("不能审批自己的单据"))
        raise _refuse_actor(document, next(iter(sorted(whos))))
    return transition


def _check_state(
    document: Stateful, transition: Transition | None, actor: Any, action: str
) -> Transition:
    """409: the document's state does not allow the action now (approving twice included)."""
    if transition is not None and transition.kind in (Kind.APPROVE, Kind.REJECT):
        assert isinstance(document, ApprovalDocument)
        decided = document.approvals().filter(round=document.round, user=actor).exists()
        if decided or not may_decide(document=document, user=actor):
            transition = None
    if transition is None:
        raise InvalidTransition(
            _("单据当前状态为“%(status)s”，不能执行此操作（%(action)s）")
            % {"status": document.state_display(), "action": action}
        )
    return transition


def _submit(document: ApprovalDocument, transition: Transition, now: Any) -> list[str]:
    document.chain = chain_for(document)
    document.step = 0
    document.round += 1
    document.submitted_at = now
    setattr(document, document.STATE_FIELD, transition.to)
    return ["chain", "step", "round", "submitted_at"]


def _decide(
    document: ApprovalDocument, transition: Transition, actor: Any, comment: str, now: Any
) -> list[str]:
    step = document.current_step() or {}
    approve = transition.kind == Kind.APPROVE
    Approval.objects.create(
        content_type=ContentType.objects.get_for_model(type(document)),
        object_id=document.pk,
        round=document.round,
        step=document.step,
        role=step.get("role", ""),
        user=actor,
        decision=Decision.APPROVE if approve else Decision.REJECT,
        comment=comment,
    )
    if approve and document.step + 1 < len(document.chain):
        document.step += 1
        return ["step"]
    setattr(document, document.STATE_FIELD, transition.to)
    if approve:
        document.approved_at = now
        return ["approved_at"]
    return []


@transaction.atomic
def apply(
    *,
    model: type[Stateful],
    pk: Any,
    actor: Any,
    action: str,
    comment: str = "",
    before: Callable[[Any], None] | None = None,
    after: Callable[[Any, str], None] | None = None,
    data: dict[str, Any] | None = None,
) -> Any:
    """Lock the document, look up (state, action), check the actor, move it, audit it.

    `actor=None` takes a SYSTEM transition (only those). `before(document)` runs after the
    checks and before the move (a service's own 400/409 checks on the locked row; it may
    set other fields, which it saves itself); `after(document, old_state)` runs after the
    move in the same transaction.
    """
    document = model.objects.select_for_update().get(pk=pk)
    transition = _check_state(document, _check_actor(document, action, actor), actor, action)
    if transition.kind == Kind.REJECT and not (comment or "").strip():
        # The author has to know what to change (issue 10.8): 400 after 403 and 409.
        raise RuleBroken(_("驳回须填写理由：请在审批意见中说明驳回原因"), field="comment")
    if before is not None:
        before(document)
    old = document.state
    now = timezone.now()
    fields = [model.STATE_FIELD]
    if transition.kind == Kind.SUBMIT:
        assert isinstance(document, ApprovalDocument)
        fields += _submit(document, transition, now)
    elif transition.kind in (Kind.APPROVE, Kind.REJECT):
        assert isinstance(document, ApprovalDocument)
        fields += _decide(document, transition, actor, comment, now)
    else:
        setattr(document, model.STATE_FIELD, transition.to)
    if isinstance(document, ApprovalDocument):
        fields += [*document.sync_pending(), "updated_at"]
    elif any(f.name == "updated_at" for f in model._meta.get_fields()):
        fields.append("updated_at")
    document.save(update_fields=fields)
    new = document.state
    audit(
        document=document,
        actor=actor,
        action=action,
        from_status=old,
        to_status=new,
        comment=comment,
        data=data,
    )
    if after is not None:
        after(document, old)
    transaction.on_commit(
        lambda: document_moved.send(
            sender=model,
            document=document,
            action=action,
            from_state=old,
            to_state=new,
            actor=actor,
        )
    )
    return document


def available_actions(document: Stateful, user: Any) -> list[str]:
    """The actions `user` may take on `document` in its current state (for pages and rules)."""
    actions = []
    for (state, action), transition in type(document).TRANSITIONS.items():
        if state != document.state or not is_actor(document, transition.who, user):
            continue
        if transition.kind in (Kind.APPROVE, Kind.REJECT):
            assert isinstance(document, ApprovalDocument)
            if not may_decide(document=document, user=user):
                continue
        actions.append(action)
    return actions
