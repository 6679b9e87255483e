"""One workflow machine for every document: see machine.py (the single writer of states).

Public API (import from `fieldsales.core.workflow`):
- table: `Transition(to, who, kind)`, `Kind`, the actors `AUTHOR`, `APPROVER`, `SYSTEM`;
- models: `Stateful` (any document with a state), `ApprovalDocument` (with a chain);
- chains: `register_chain(model, provider)`, `chain_from_roles(roles=, author=)`;
- the machine: `apply(...)`, `available_actions(doc, user)`, `may_decide`, `waiting_for`;
- the organisation's answers: `use_directory`, `roles_of`, `has_role`;
- `document_moved`, sent on commit after every move;
- `chain_steps(document)`: the whole chain as steps for pages (done, current, to come).
"""

from fieldsales.core.workflow.chains import (
    chain_for,
    chain_from_roles,
    has_chain_provider,
    register_chain,
)
from fieldsales.core.workflow.directory import (
    Directory,
    directory,
    has_role,
    role_of,
    roles_of,
    use_directory,
)
from fieldsales.core.workflow.documents import (
    ApprovalDocument,
    Stateful,
    prefetch_approvals,
    prefetch_history,
)
from fieldsales.core.workflow.machine import (
    apply,
    available_actions,
    is_actor,
    may_decide,
    possible_approver,
    waiting_for,
)
from fieldsales.core.workflow.signals import document_moved
from fieldsales.core.workflow.steps import Chain, ChainStep, chain_steps, chain_user_names
from fieldsales.core.workflow.table import APPROVER, AUTHOR, SYSTEM, Kind, Table, Transition

__all__ = [
    "APPROVER",
    "AUTHOR",
    "SYSTEM",
    "ApprovalDocument",
    "Chain",
    "ChainStep",
    "Directory",
    "Kind",
    "Stateful",
    "Table",
    "Transition",
    "apply",
    "available_actions",
    "chain_for",
    "chain_from_roles",
    "chain_steps",
    "chain_user_names",
    "directory",
    "document_moved",
    "has_chain_provider",
    "has_role",
    "is_actor",
    "may_decide",
    "possible_approver",
    "prefetch_approvals",
    "prefetch_history",
    "register_chain",
    "role_of",
    "roles_of",
    "use_directory",
    "waiting_for",
]
