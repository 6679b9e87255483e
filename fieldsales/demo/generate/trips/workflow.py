"""The workflow, by hand: the audit rows, submissions, the steps decided one after the other
and the SYSTEM moves, as the machine writes them, on documents in memory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fieldsales.core.models import Decision
from fieldsales.demo.generate.trips.plans import Data, Doc, Person, TripPlan, World, days_between


def audit(
    actor: int | None,
    action: str,
    at: datetime,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: Data | Callable[[], Data] | None = None,
) -> Data:
    """An audit row as workflow.apply writes it; `data` may wait for ids (a callable)."""
    return {
        "actor_id": actor,
        "action": action,
        "at": at,
        "from_status": from_status,
        "to_status": to_status,
        "comment": comment,
        "data": data or {},
    }


def submit(doc: Doc, chain: list[Data], actor: int, at: datetime, round_: int) -> None:
    """What the machine's submit writes: the chain, step 0, the round, the pending step."""
    row = doc.row
    doc.audits.append(audit(actor, "submit", at, row.status, row.S.SUBMITTED))
    row.status, row.chain, row.step, row.round = row.S.SUBMITTED, chain, 0, round_
    row.submitted_at = row.updated_at = at
    row.pending_role, row.pending_user_id = chain[0]["role"], chain[0]["user"]


def decide(
    world: World,
    doc: Doc,
    author: Person,
    start: datetime,
    spacing: tuple[float, float],
    *,
    reject: str = "",
    reviews: Callable[[Data, int, datetime], None] | None = None,
) -> datetime | None:
    """The steps of the current round decided one after the other until now: an Approval
    and an audit row each, the position kept as the machine keeps it. `reject` (a reason)
    makes the first step reject. The moment of the last decision taken, or None."""
    row = doc.row
    moment, decided = start, None
    for index, step in enumerate(row.chain):
        moment = world.after(moment, *spacing)
        if not world.done(moment):
            break
        user = world.approver(step, author)
        if reviews is not None:
            reviews(step, user, moment)
        refused = bool(reject) and index == 0
        final = refused or index + 1 == len(row.chain)
        to = row.S.REJECTED if refused else (row.S.APPROVED if final else row.S.SUBMITTED)
        doc.approvals.append(
            {
                "round": row.round,
                "step": index,
                "role": step["role"],
                "user_id": user,
                "decision": Decision.REJECT if refused else Decision.APPROVE,
                "comment": reject if refused else "",
                "at": moment,
            }
        )
        action = "reject" if refused else "approve"
        doc.audits.append(
            audit(user, action, moment, row.S.SUBMITTED, to, reject if refused else "")
        )
        row.step, row.updated_at, decided = index, moment, moment
        if final:
            row.status, row.pending_role, row.pending_user_id = to, "", None
            if not refused:
                row.approved_at = moment
            return decided
        row.step = index + 1
        row.pending_role, row.pending_user_id = (
            row.chain[index + 1]["role"],
            row.chain[index + 1]["user"],
        )
    return decided


def system(doc: Doc, action: str, at: datetime, to: str, data: Callable[[], Data]) -> None:
    """A SYSTEM move (the trip following its claim, an advance settled by it)."""
    row = doc.row
    doc.audits.append(audit(None, action, at, row.status, to, data=data))
    row.status, row.updated_at = to, at


def free_days(plan: TripPlan) -> None:
    """A trip that takes nobody away gives its days back (rejected, cancelled)."""
    days = set(days_between(plan.depart, plan.ret))
    plan.traveller.days -= days
    for mate, _invited in plan.companions:
        mate.days -= days
