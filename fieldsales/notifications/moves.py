"""The generic approval path: what a move of any document with an approval chain means.

On `core.workflow.document_moved` (sent after commit): a submit, or an approval that leaves
a next step, tells the holders of the chain's current step that a document waits for them
(`waiting`); the last approval or a rejection tells the author (`decision`). The actor is
never told about their own action. Each message's key names the document, the round and the
step (or the outcome), so a repeated signal makes nothing twice. A document's name, number
and page come from its inbox source (core.inbox), so every app with an inbox source is
covered without registering anything here.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fieldsales.core import people
from fieldsales.core.inbox import InboxSource, sources_for
from fieldsales.core.models import Approval
from fieldsales.core.workflow import ApprovalDocument, Kind, directory
from fieldsales.notifications import services
from fieldsales.notifications.registry import Message, movers

logger = logging.getLogger(__name__)

WAITING = "waiting"
DECISION = "decision"

_source_of_model: dict[type, InboxSource] = {}


def _source(model: type, user: Any) -> InboxSource | None:
    """The inbox source listing documents of `model` (the first in the inbox's order)."""
    if model in _source_of_model:
        return _source_of_model[model]
    for source in sources_for(user):
        try:
            listed = source.waiting(user).model
        except Exception:  # a source that cannot answer for this user names no model
            continue
        if listed is model:
            _source_of_model[model] = source
            return source
    return None


def describe(document: Any, user: Any) -> tuple[str, str, str]:
    """(label, number, page address) of a document, from its inbox source when it has one."""
    source = _source(type(document), user)
    if source is None:
        return str(type(document)._meta.verbose_name), str(document.pk), ""
    number = source.number(document.pk, document.created_at)
    try:
        link = reverse(source.page_url, args=[document.pk])
    except NoReverseMatch:
        link = ""
    return str(source.label), number, link


def _key(document: Any, *parts: Any) -> str:
    meta = type(document)._meta
    return ":".join([meta.label_lower, str(document.pk), *map(str, parts)])


def step_holders(document: ApprovalDocument) -> list[Any]:
    """The active people who may decide the document's current step (never its author)."""
    step = document.current_step()
    if step is None:
        return []
    users = get_user_model().objects.filter(is_active=True)
    if step.get("user") is not None:
        found = users.filter(pk=step["user"])
    else:
        found = users.filter(pk__in=directory().holders(step["role"]).values("pk"))
    return list(found.exclude(pk=document.author.pk).order_by("pk"))


def _comment(document: ApprovalDocument, actor: Any) -> str:
    last = document.approvals().filter(round=document.round, user=actor).order_by("-pk").first()
    return last.comment if isinstance(last, Approval) else ""


def approval_messages(
    document: Any, action: str, from_state: str, to_state: str, actor: Any
) -> list[Message]:
    """`waiting` for the next step's holders, `decision` for the author (never the actor)."""
    if not isinstance(document, ApprovalDocument):
        return []
    transition = type(document).TRANSITIONS.get((from_state, action))
    if transition is None:
        return []
    actor_pk = actor.pk if actor is not None else None
    author = document.author
    messages = []
    if transition.kind in (Kind.SUBMIT, Kind.APPROVE) and document.awaiting_decision():
        for user in step_holders(document):
            if user.pk == actor_pk:
                continue
            label, number, link = describe(document, user)
            names = {"label": label, "number": number, "person": people.display_name(author)}
            messages.append(
                Message(
                    recipient=user,
                    kind=WAITING,
                    dedupe_key=_key(document, f"r{document.round}", f"s{document.step}"),
                    title=_("待您审批：%(label)s %(number)s") % names,
                    body=_("%(person)s 的%(label)s %(number)s 等待您审批。") % names,
                    link=link,
                    document=document,
                )
            )
    final = transition.kind == Kind.APPROVE and to_state != from_state
    if (final or transition.kind == Kind.REJECT) and author is not None and author.pk != actor_pk:
        label, number, link = describe(document, author)
        names = {"label": label, "number": number, "person": people.display_name(actor)}
        if final:
            title = _("已通过：%(label)s %(number)s") % names
            body = _("您的%(label)s %(number)s 已审批通过（%(person)s）。") % names
        else:
            title = _("被驳回：%(label)s %(number)s") % names
            body = _("%(person)s 驳回了您的%(label)s %(number)s。") % names
            reason = _comment(document, actor)
            if reason:
                body += "\n" + _("理由：%(reason)s") % {"reason": reason}
        messages.append(
            Message(
                recipient=author,
                kind=DECISION,
                dedupe_key=_key(document, f"r{document.round}", to_state),
                title=title,
                body=body,
                link=link,
                document=document,
            )
        )
    return messages


def on_document_moved(
    sender: Any,
    *,
    document: Any,
    action: str,
    from_state: str,
    to_state: str,
    actor: Any = None,
    **kwargs: Any,
) -> None:
    """Make the notifications a move calls for; a failure is logged, never raised (the move
    is committed: the user's request must not fail after it)."""
    try:
        # Stored in the company's language: the actor's language is not the reader's.
        with translation.override(settings.LANGUAGE_CODE):
            for mover in movers():
                for message in mover(document, action, from_state, to_state, actor):
                    if message.recipient is None or (
                        actor is not None and message.recipient.pk == actor.pk
                    ):
                        continue  # nobody is told about their own action
                    services.notify(
                        recipient=message.recipient,
                        kind=message.kind,
                        dedupe_key=message.dedupe_key,
                        title=message.title,
                        body=message.body,
                        link=message.link,
                        document=message.document,
                    )
    except Exception:
        logger.exception("notifications: %s %s %s failed", sender, action, to_state)
