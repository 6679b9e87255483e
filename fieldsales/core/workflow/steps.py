"""A document's whole approval chain as steps a page shows (issue 10.7): who submitted it,
each step done (who, when, decision, comment), the current one (who it waits for, since
when) and those to come; decisions of earlier rounds (before a rejection) kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from fieldsales.core import labels, people
from fieldsales.core.errors import ServiceError
from fieldsales.core.workflow.chains import chain_for
from fieldsales.core.workflow.documents import ApprovalDocument

DONE, REJECTED, CURRENT, UPCOMING, NOT_REACHED = (
    "done",
    "rejected",
    "current",
    "upcoming",
    "not_reached",
)


@dataclass(frozen=True)
class ChainStep:
    """One step of a chain as shown: `state` is done, rejected, current, upcoming or
    not_reached; `who` the decider (done) or whom it waits for; `at` when decided, or
    since when it waits (current)."""

    number: int
    role: str
    state: str
    who: str
    at: datetime | None = None
    decision: str = ""
    comment: str = ""
    round: int = 0
    alternate: bool = False

    @property
    def role_label(self) -> str:
        return labels.label("role", self.role, empty="")


@dataclass(frozen=True)
class Chain:
    author: str
    submitted_at: datetime | None
    steps: list[ChainStep]
    earlier: list[ChainStep]


def _waits_for(step: dict[str, Any], names: dict[int, str]) -> str:
    if step.get("user") is not None:
        return names.get(step["user"], "")
    role = labels.label("role", step.get("role"), empty="")
    return _("任一%(role)s") % {"role": role} if role else ""


def _preview(document: ApprovalDocument) -> list[dict[str, Any]]:
    """The chain the document would get if submitted now (a draft has none yet)."""
    try:
        return chain_for(document)
    except ServiceError:
        return []


def chain_user_names(documents: Any) -> dict[int, str]:
    """The names of the people the chains of `documents` name, in one query (a page's)."""
    return _names(
        {
            step["user"]
            for document in documents
            for step in (document.chain or [])
            if isinstance(step, dict) and step.get("user") is not None
        }
    )


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).only("first_name", "last_name", "username")
    return {u.pk: people.display_name(u) for u in users}


def chain_steps(document: ApprovalDocument, *, names: dict[int, str] | None = None) -> Chain:
    """The document's chain as steps (done, current, to come), for any ApprovalDocument;
    `names`: chain_user_names() of the page it is on, when a list already asked (the names a
    draft's preview adds are kept in it for the page's next rows)."""
    decisions = list(document.approvals())
    chain = document.chain or (_preview(document) if not document.submitted_at else [])
    ids = {s["user"] for s in chain if s.get("user") is not None}
    if names is None:
        names = _names(ids)
    elif not ids <= names.keys():  # a draft's previewed chain: learnt once for the page
        names.update(_names(ids - names.keys()))
    current = {a.step: a for a in decisions if a.round == document.round}
    waiting = document.awaiting_decision()
    steps = []
    for index, step in enumerate(chain):
        decided = current.get(index) if document.round else None
        common = {
            "number": index + 1,
            "role": step.get("role", ""),
            "alternate": bool(step.get("alternate")),
            "round": document.round,
        }
        if decided is not None:
            state = DONE if decided.decision == "approve" else REJECTED
            who = people.display_name(decided.user)
            steps.append(
                ChainStep(
                    **common,
                    state=state,
                    who=who,
                    at=decided.at,
                    decision=decided.get_decision_display(),
                    comment=decided.comment,
                )
            )
        elif waiting and index == document.step:
            before = [a.at for a in current.values()]
            since = max(before) if before else document.submitted_at
            steps.append(ChainStep(**common, state=CURRENT, who=_waits_for(step, names), at=since))
        elif waiting or not document.submitted_at:
            steps.append(ChainStep(**common, state=UPCOMING, who=_waits_for(step, names)))
        else:
            steps.append(ChainStep(**common, state=NOT_REACHED, who=_waits_for(step, names)))
    earlier = [
        ChainStep(
            number=a.step + 1,
            role=a.role,
            state=DONE if a.decision == "approve" else REJECTED,
            who=people.display_name(a.user),
            at=a.at,
            decision=a.get_decision_display(),
            comment=a.comment,
            round=a.round,
        )
        for a in decisions
        if a.round != document.round
    ]
    return Chain(
        author=people.display_name(document.author),
        submitted_at=document.submitted_at,
        steps=steps,
        earlier=earlier,
    )
