"""`fieldsales policy evaluate FILE|- [--policy POLICY.json]`: the engine without a server."""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from fieldsales.policy.cli import run
from fieldsales.policy.params import DEFAULT_POLICY, PolicyParams
from fieldsales.trips.policy_versions import policy_in_force


def _params_for(day: date) -> PolicyParams:
    try:
        return policy_in_force(day)
    except DatabaseError:
        # No database yet (fresh machine): the seed's defaults are the policy.
        return DEFAULT_POLICY


class Command(BaseCommand):
    help = "Evaluate an expense claim (claim-format.md) and print the evaluation as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine's CLI owns its argument parsing, output and exit codes (0 or 2).
        code = run(
            argv[2:], stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, params_for=_params_for
        )
        sys.exit(code)

    def handle(self, *args, **options) -> None:  # pragma: no cover - run_from_argv handles all
        raise NotImplementedError
