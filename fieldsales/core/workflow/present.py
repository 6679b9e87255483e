"""A document's chain, decisions and audit trail as the API shows them, the same for every
document type (api.md: `chain`, `current_step`, `approvals`, `history`)."""

from __future__ import annotations

from typing import Any

from fieldsales.core.audit import audit_trail
from fieldsales.core.people import display_name


def approvals_of(document: Any) -> list[dict[str, Any]]:
    """The decisions taken, oldest first."""
    return [
        {
            "step": a.step,
            "role": a.role,
            "user": a.user_id,
            "user_name": display_name(a.user),
            "decision": a.decision,
            "comment": a.comment,
            "at": a.at.isoformat(),
            "round": a.round,
        }
        for a in document.approvals()
    ]


def history_of(document: Any) -> list[dict[str, Any]]:
    """The audit trail; an entry the system wrote (no actor) names 系统."""
    return [
        {
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "actor": e.actor_id,
            "actor_name": e.actor_name,
            "comment": e.comment,
            "at": e.at.isoformat(),
        }
        for e in _trail(document)
    ]


def _trail(document: Any) -> Any:
    """The history from `prefetch_history()` when a list used it, else from the database."""
    fetched = getattr(document, "_prefetched_objects_cache", {})
    return fetched["audit_rows"] if "audit_rows" in fetched else audit_trail(document)


def current_step_of(document: Any) -> dict[str, Any] | None:
    """The step the document waits at, with its index; None when it waits for nobody."""
    step = document.current_step()
    return None if step is None else {"index": document.step, **step}
