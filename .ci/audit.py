"""`make audit`: pip-audit on the installed dependencies; a known vulnerability fails the build.

pip-audit asks PyPI's advisory data about each installed release. When it cannot (offline, or
behind a mirror that does not serve PyPI's per-release JSON), it skips the package and still
says "No known vulnerabilities found". This script does not count that as a pass: it says
loudly how much went unaudited and fails only if AUDIT_STRICT=1 (a release build sets it),
so an offline CI still runs the tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def verdict(report: dict | None, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON report (None: it gave none)."""
    if report is None:
        lines = ["WARNING pip-audit: could not reach its advisory database; NOTHING WAS AUDITED."]
        return (1 if strict else 0), lines
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    audited = len(deps) - len(skipped)
    if vulnerable:
        lines = ["pip-audit: KNOWN VULNERABILITIES:"]
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
                lines.append(f"  {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
        return 1, lines
    if deps and audited == 0:
        lines = [
            f"WARNING pip-audit: none of {len(deps)} packages could be audited "
            f"({skipped[0]['skip_reason']}); NOTHING WAS AUDITED. Set AUDIT_STRICT=1 to fail."
        ]
        return (1 if strict else 0), lines
    lines = [f"pip-audit: {audited} packages audited, no known vulnerabilities."]
    if skipped:
        lines.append(
            f"  WARNING not audited ({len(skipped)}): " + ", ".join(d["name"] for d in skipped)
        )
        if strict:
            return 1, lines
    return 0, lines


def main() -> int:
    strict = os.environ.get("AUDIT_STRICT") == "1"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--skip-editable",  # fieldsales itself is not on PyPI
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    if report is None and run.stderr:
        print(run.stderr.strip().splitlines()[-1], file=sys.stderr)
    code, lines = verdict(report, strict)
    print("\n".join(lines), file=sys.stderr if code or report is None else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
