"""`manage.py check`: every transition table names real states and a valid actor."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

from fieldsales.core.workflow.chains import has_chain_provider
from fieldsales.core.workflow.directory import directory
from fieldsales.core.workflow.documents import ApprovalDocument, Stateful
from fieldsales.core.workflow.table import APPROVER, AUTHOR, SYSTEM, Kind


def _states(model: type[Stateful]) -> set[str]:
    field = model._meta.get_field(model.STATE_FIELD)
    return {str(value) for value, _label in getattr(field, "choices", None) or []}


def _problems(model: type[Stateful]) -> list[str]:
    problems: list[str] = []
    states = _states(model)
    if not states:
        return [f"{model.STATE_FIELD} has no choices"]
    roles = directory().known_roles()
    approval = issubclass(model, ApprovalDocument)
    for (state, action), t in model.TRANSITIONS.items():
        where = f"({state!r}, {action!r})"
        if state not in states or t.to not in states:
            problems.append(f"{where} -> {t.to!r}: not a state of {model.STATE_FIELD}")
        if not t.who:
            problems.append(f"{where}: no 'who'")
        if (t.kind == Kind.SYSTEM) != (t.who == SYSTEM):
            problems.append(f"{where}: kind system and who system go together")
        if t.kind in (Kind.SUBMIT, Kind.APPROVE, Kind.REJECT) and not approval:
            problems.append(f"{where}: {t.kind} needs an ApprovalDocument")
        if (t.kind in (Kind.APPROVE, Kind.REJECT)) != (t.who == APPROVER):
            problems.append(f"{where}: approve/reject are taken by the approver, and only they")
        if t.kind == Kind.SUBMIT and not has_chain_provider(model):
            problems.append(f"{where}: submit needs a chain provider (register_chain)")
        custom = getattr(model, "CUSTOM_ACTORS", frozenset())
        known = {AUTHOR, APPROVER, SYSTEM} | set(custom) | set(roles)
        if roles and t.who not in known:
            problems.append(f"{where}: unknown actor {t.who!r}")
    return problems


@checks.register()
def check_transition_tables(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, Stateful) or not model.TRANSITIONS:
            continue
        errors.extend(
            checks.Error(problem, obj=model, id="fieldsales.E001") for problem in _problems(model)
        )
    return errors
