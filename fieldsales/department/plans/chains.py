"""Who approves a plan (D2): a salesperson's monthly sales plan goes to their department manager
(its head when none is named); a yearly or monthly work plan to the GM. Weekly and daily work
plans are never submitted. Nobody approves their own (the directory skips the author)."""

from __future__ import annotations

from fieldsales.core.workflow import chain_from_roles, register_chain
from fieldsales.core.workflow.chains import Step
from fieldsales.department.plans.models import Plan
from fieldsales.org.models import Role


def plan_chain(plan: Plan) -> list[Step]:
    if plan.is_kept:
        return []
    roles = [Role.DEPT_MANAGER] if plan.is_sales else [Role.GM]
    return chain_from_roles(roles=roles, author=plan.owner)


def register() -> None:
    register_chain(Plan, plan_chain)
