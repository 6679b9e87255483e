"""Who approves a target (D1): a department's person-by-month split goes to the GM; the company's
own target is the GM's, published without a chain (an empty chain refuses a submit)."""

from __future__ import annotations

from fieldsales.core.workflow import chain_from_roles, register_chain
from fieldsales.core.workflow.chains import Step
from fieldsales.department.targets.models import Target
from fieldsales.org.models import Role


def target_chain(target: Target) -> list[Step]:
    if target.is_company:
        return []
    return chain_from_roles(roles=[Role.GM], author=target.created_by)


def register() -> None:
    register_chain(Target, target_chain)
