"""A document's life as a table: `(state, action) -> Transition(to, who, kind)`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What the machine does besides moving the state.

    plain: move. submit: build the approval chain from the document type's provider and
    start a new round. approve / reject: record the decision of the current step; approve
    moves to `to` only after the last step. system: taken by the application itself as a
    consequence of another document's move (a claim's approval settling its advances),
    never by a user.
    """

    PLAIN = "plain"
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    SYSTEM = "system"


# Who may take a transition: the document's author, the approver of its current step, the
# application itself, or any other name: a role (checked through the directory) or a name
# the model answers itself in `may_act_as()` (the customer's owner, say).
AUTHOR = "author"
APPROVER = "approver"
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    to: str
    who: str
    kind: Kind = Kind.PLAIN


Table = dict[tuple[str, str], Transition]
