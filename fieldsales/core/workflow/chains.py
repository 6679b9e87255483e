"""Approval chains come from a provider per document type; core names no role.

A provider returns the steps for one document: `[{"role": ..., "user": id | None,
"alternate": bool}, ...]`. It may read a policy's role list, an amount threshold or a
credit check; `chain_from_roles` turns a role list into steps through the directory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.core.workflow.directory import directory

Step = dict[str, Any]
ChainProvider = Callable[[Any], list[Step]]

_providers: dict[type, ChainProvider] = {}


def register_chain(model: type, provider: ChainProvider) -> None:
    """Declare how documents of `model` get their approval chain when submitted."""
    _providers[model] = provider


def has_chain_provider(model: type) -> bool:
    return any(issubclass(model, registered) for registered in _providers)


def chain_for(document: Any) -> list[Step]:
    """The steps for `document` now; an empty chain cannot be submitted (400)."""
    provider = next((p for model, p in _providers.items() if isinstance(document, model)), None)
    if provider is None:
        raise RuleBroken(_("审批链为空，无法提交"))
    steps = provider(document)
    if not steps:
        raise RuleBroken(_("审批链为空，无法提交"))
    return steps


def chain_from_roles(*, roles: Sequence[str], author: Any) -> list[Step]:
    """The organisation's steps for a list of role names (P1.2: nobody approves their own)."""
    return directory().resolve_chain(roles=roles, author=author)
