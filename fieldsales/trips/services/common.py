"""What the trips services share: the rule-shaped refusal and the last date a trip may give."""

from __future__ import annotations

from datetime import date

from fieldsales.org.access import Denied, Verdict, enforce


def enforce_rule(verdict: Verdict, *, field: str) -> None:
    """As `enforce`, naming `field` when a rule (400) refuses: a 403 or 409 names none."""
    rule = isinstance(verdict, Denied) and verdict.status == 400
    enforce(verdict, field=field if rule else None)


# The latest date a trip or its report may give: the policy computes dates after the return
# (the report's due date, P7.1), and Python's dates end at 9999-12-31.
LAST_DAY = date(2999, 12, 31)
