"""Issue 8 item 16: `make audit` (.ci/audit.py) fails on a known vulnerability and never
passes silently when pip-audit could audit nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "audit.py"
spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
ci_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ci_audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "description": ""}],
}
SKIPPED = {"name": "anyio", "skip_reason": "Dependency not found on PyPI and could not be audited"}


@pytest.mark.parametrize("strict", [False, True])
def test_item16_a_known_vulnerability_fails(strict):
    code, lines = ci_audit.verdict({"dependencies": [CLEAN, VULNERABLE]}, strict)
    assert code == 1
    assert "  django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in lines


def test_item16_all_audited_and_clean_passes():
    code, lines = ci_audit.verdict({"dependencies": [CLEAN]}, strict=True)
    assert code == 0
    assert lines == ["pip-audit: 1 packages audited, no known vulnerabilities."]


@pytest.mark.parametrize("report", [None, {"dependencies": [SKIPPED]}])
def test_item16_nothing_audited_warns_and_fails_only_when_strict(report):
    code, lines = ci_audit.verdict(report, strict=False)
    assert code == 0
    assert "NOTHING WAS AUDITED" in lines[0]
    assert ci_audit.verdict(report, strict=True)[0] == 1


def test_item16_make_audit_runs_it_and_ci_runs_make_audit():
    root = SCRIPT.parents[1]
    assert "\t$(BIN)/python .ci/audit.py" in (root / "Makefile").read_text()
    assert "\nmake audit\n" in (root / ".ci" / "run").read_text()
