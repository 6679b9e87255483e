"""`fieldsales scorecard evaluate FILE|- [--params PARAMS.json]`: D6's scorecard without a
server, under the department version in force when the quarter closes."""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from fieldsales.department.versions import department_params_on
from fieldsales.scoring.cli import run
from fieldsales.scoring.params import DEFAULT_SCORING_PARAMS, ScoringParams


def _params_for(day: date) -> ScoringParams:
    try:
        return department_params_on(day).scoring
    except DatabaseError:
        # No database yet (fresh machine): the built-in parameters are the department's.
        return DEFAULT_SCORING_PARAMS


class Command(BaseCommand):
    help = "Score a salesperson's quarter (department.md D6) and print the scorecard as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        # The scorecard's CLI owns its argument parsing, output and exit codes (0 or 2).
        code = run(
            argv[2:], stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, params_for=_params_for
        )
        sys.exit(code)

    def handle(self, *args, **options) -> None:  # pragma: no cover - run_from_argv handles all
        raise NotImplementedError
