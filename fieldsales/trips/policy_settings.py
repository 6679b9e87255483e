"""The travel policy's workflow settings: what the app decides around the engine.

A policy version holds two kinds of values. The pricing numbers are the engine's
(`fieldsales.policy.PolicyParams`); the advance limit, one open advance and the approval
chains decide who acts and what may be asked for, so they are the app's and live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fieldsales.org.models import Role
from fieldsales.trips.policy_versions import PolicyVersion, policy_version_on


@dataclass(frozen=True)
class TravelSettings:
    """One policy version's workflow settings; the defaults are the 2012-03-31 policy."""

    # P2.3 the largest advance, P2.4 (a reading) no second advance while one is open.
    advance_max: Decimal = Decimal("500.00")
    one_open_advance: bool = True
    # Approval chains as role names: P1.2 trip, P2.2 advance, P8.3 claim.
    trip_chain: tuple[str, ...] = (Role.DEPT_HEAD.value, Role.GM.value)
    advance_chain: tuple[str, ...] = (Role.FINANCE.value, Role.GM.value)
    claim_chain: tuple[str, ...] = (Role.DEPT_HEAD.value, Role.FINANCE.value)


DEFAULT_SETTINGS = TravelSettings()


def _roles(stored: str) -> tuple[str, ...]:
    """A chain as stored ("dept_head, gm", full-width commas too) as role names in order."""
    return tuple(r.strip() for r in stored.replace("，", ",").split(",") if r.strip())


def settings_of(version: PolicyVersion) -> TravelSettings:
    """The workflow settings held by one policy version."""
    return TravelSettings(
        advance_max=version.advance_max,
        one_open_advance=version.one_open_advance,
        trip_chain=_roles(version.trip_chain),
        advance_chain=_roles(version.advance_chain),
        claim_chain=_roles(version.claim_chain),
    )


def settings_in_force(day: date) -> TravelSettings:
    """The workflow settings of the version in force on `day`; the seed's without one."""
    version = policy_version_on(day)
    return settings_of(version) if version is not None else DEFAULT_SETTINGS
