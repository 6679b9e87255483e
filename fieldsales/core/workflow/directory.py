"""Who holds which role: the one question the workflow asks the organisation.

core may not import org (the layers), so org plugs its answer in at start-up with
`use_directory()` (OrgConfig.ready). Until then nobody holds any role.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.contrib.auth import get_user_model


class Directory(Protocol):
    def roles_of(self, user: Any) -> frozenset[str]:
        """Every role the user holds (a person may hold several)."""

    def holders(self, role: str) -> Any:
        """A queryset of the active users who hold `role`."""

    def primary_role(self, user: Any) -> str:
        """The role on the person's record (what pages show as their role)."""

    def known_roles(self) -> frozenset[str]:
        """Every role name a transition table may name (for the system check)."""

    def resolve_chain(self, *, roles: Sequence[str], author: Any) -> list[dict[str, Any]]:
        """Turn a list of role names into approval steps for this author."""


class _Nobody:
    def roles_of(self, user: Any) -> frozenset[str]:
        return frozenset()

    def holders(self, role: str) -> Any:
        return get_user_model().objects.none()

    def primary_role(self, user: Any) -> str:
        return ""

    def known_roles(self) -> frozenset[str]:
        return frozenset()

    def resolve_chain(self, *, roles: Sequence[str], author: Any) -> list[dict[str, Any]]:
        return []


_directory: list[Directory] = [_Nobody()]


def use_directory(directory: Directory) -> None:
    """Install the organisation's answer (called once from an AppConfig.ready)."""
    _directory[0] = directory


def directory() -> Directory:
    return _directory[0]


def roles_of(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return directory().roles_of(user)


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def role_of(user: Any) -> str:
    """The person's own role (one of possibly several: use `has_role` to ask about a role)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return directory().primary_role(user)
