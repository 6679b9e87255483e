"""`fieldsales scorecard evaluate`: the department version in force at the quarter's end."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from scoring_support import facts_dict

from fieldsales.department.management.commands.scorecard import Command
from fieldsales.department.versions import DepartmentPolicyVersion


def _command(monkeypatch, quarter: str) -> tuple[int, dict]:
    stdin, stdout = StringIO(json.dumps(facts_dict(quarter=quarter))), StringIO()
    monkeypatch.setattr("sys.stdin", stdin)
    monkeypatch.setattr("sys.stdout", stdout)
    with pytest.raises(SystemExit) as done:
        Command().run_from_argv(["fieldsales", "scorecard", "evaluate", "-"])
    return int(done.value.code), json.loads(stdout.getvalue())


@pytest.mark.django_db
def test_d6_command_scores_under_the_version_in_force_at_quarter_end(monkeypatch):
    DepartmentPolicyVersion.objects.create(
        name="2026 下半年",
        effective_from=date(2026, 9, 30),
        w_sales=Decimal(40),
        w_collection=Decimal(5),
    )

    before = _command(monkeypatch, "2026Q2")
    closing = _command(monkeypatch, "2026Q3")  # the version starts on the quarter's last day

    assert before[0] == closing[0] == 0
    assert before[1]["indicators"][0]["weight"] == "30.00"
    assert closing[1]["indicators"][0]["weight"] == "40.00"
    assert closing[1]["indicators"][1]["weight"] == "5.00"
    # 48 + 4 + 6.67 + 12 + 12 + 6 + 4 + 8.50
    assert closing[1]["total"] == "101.17" and closing[1]["grade"] == "A"
