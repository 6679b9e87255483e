"""Backup and restore drill on PostgreSQL (issue 15 item 5).

A filled company (drillkit.FILL: `fieldsales demo` today, `fieldsales generate --size tiny`
later) is backed up with `fieldsales backup`, restored with `fieldsales restore` into an EMPTY
new database and an empty media folder, and found intact:
- every table: the same rows (count and an md5 of all rows, each row as text, sorted);
- money: the sum of every numeric column of every table;
- every file a row points to (receipts, photos, scans, attachments): present, same sha256;
- every signed customer feedback: its seal verifies (intact) after the restore as before;
- the restored site's `check` passes and no migration is pending.
Exits 1 on the first failure. Run alone: `.venv/bin/python .ci/backup_drill.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drillkit  # noqa: E402
from drillkit import Checks  # noqa: E402

BUDGET_SECONDS = int(os.environ.get("DRILL_BUDGET_SECONDS", 90))

# Read inside Django (`fieldsales shell`): every stored file a row names, and every seal.
DJANGO_FACTS = r"""
import json
from django.apps import apps
from django.db import models
from fieldsales.crm.visits.feedback import visit_feedback_seal_status
from fieldsales.crm.visits.models import VisitSignature
files = {}
for model in apps.get_models():
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for pk, name in model._base_manager.exclude(**{field.name: ""}).values_list("pk", field.name):
                files[f"{model._meta.label}.{field.name}#{pk}"] = name
seals = {
    str(s.pk): visit_feedback_seal_status(s)
    for s in VisitSignature.objects.select_related("visit__customer", "visit__salesperson")
}
from fieldsales.trips.models import Receipt
receipts = {f"trips.Receipt.file#{pk}": sha for pk, sha in Receipt.objects.values_list("pk", "sha256")}
print("FACTS" + json.dumps({"files": files, "seals": seals, "receipts": receipts}))
"""


def table_facts(database: str) -> dict[str, dict]:
    """Per table: rows, md5 of every row (as text, sorted), the sum of each numeric column."""
    facts: dict[str, dict] = {}
    with psycopg.connect(drillkit.database_url(database)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        numeric = {}
        for table, column in connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = 'numeric' ORDER BY 1, 2"
        ):
            numeric.setdefault(table, []).append(column)
        for table in tables:
            sums = "".join(f', SUM("{c}")' for c in numeric.get(table, []))
            count, digest, *totals = connection.execute(
                f"SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f'{sums} FROM "{table}" t'
            ).fetchone()
            facts[table] = {
                "rows": count,
                "md5": digest,
                "totals": {c: str(v) for c, v in zip(numeric.get(table, []), totals, strict=True)},
            }
    return facts


def django_facts(env: dict[str, str]) -> dict:
    done = drillkit.manage("shell", "-v0", "-c", DJANGO_FACTS, env=env)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("FACTS"))
    return json.loads(line[len("FACTS") :])


def file_digests(media: Path, files: dict[str, str]) -> dict[str, str]:
    digests = {}
    for key, name in files.items():
        path = media / name
        digests[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"
    return digests


def drill(template: str, template_dir: Path, work: Path) -> None:
    checks = Checks("backup drill")
    source, restored = f"{template}_backup", f"{template}_restored"
    source_dir, restored_dir = work / "source", work / "restored"
    drillkit.copy_company(template, template_dir, source, source_dir)
    try:
        env = drillkit.production_env(source, source_dir)
        before_tables = table_facts(source)
        before = django_facts(env)
        before_files = file_digests(source_dir / "media", before["files"])
        rows = sum(t["rows"] for t in before_tables.values())
        checks.ok(
            rows > 0 and "-" not in before_files.values(),
            f"the company ({' '.join(drillkit.FILL)}): {len(before_tables)} tables, {rows} rows, "
            f"{len(before_files)} stored files, {len(before['seals'])} signed feedback",
        )
        receipts = [k for k in before_files if k.startswith("trips.Receipt.")]
        print(f"       of which {len(receipts)} receipts", flush=True)
        checks.ok(before["seals"], "the company has signed feedback (drillkit.SIGN_FEEDBACK)")
        checks.ok(
            set(before["seals"].values()) == {"intact"}, "every seal verifies before the backup"
        )
        if drillkit.FILL[0] == "generate":  # the demo has none; a generated company must
            checks.ok(receipts, "the company has receipts")

        done = drillkit.manage("backup", "--output", str(work / "backups"), env=env)
        archives = sorted((work / "backups").glob("fieldsales-backup-*.tar.gz"))
        checks.ok(len(archives) == 1, "fieldsales backup wrote one archive", done.stdout.strip())
        archive = archives[0]
        checks.ok(
            oct(archive.stat().st_mode & 0o777) == "0o600",
            "readable by its owner only",
            f"{archive.stat().st_size // 1024} KiB",
        )

        drillkit.create_database(restored)  # empty: not even migrated
        restored_dir.mkdir()
        restored_env = drillkit.production_env(restored, restored_dir)
        checks.ok(
            not (restored_dir / "media").exists() and not table_facts(restored),
            "an empty database and an empty media folder",
        )
        done = drillkit.manage("restore", str(archive), env=restored_env)
        restored_output = done.stdout + done.stderr
        checks.ok(True, "fieldsales restore", done.stdout.strip().splitlines()[-1])

        after_tables = table_facts(restored)
        checks.ok(
            set(after_tables) == set(before_tables),
            f"the same {len(after_tables)} tables",
            sorted(set(after_tables) ^ set(before_tables)) or "",
        )
        differ = [t for t in before_tables if after_tables[t]["rows"] != before_tables[t]["rows"]]
        checks.ok(not differ, f"row counts per table equal ({rows} rows)", differ or "")
        differ = [t for t in before_tables if after_tables[t]["md5"] != before_tables[t]["md5"]]
        checks.ok(
            not differ, "every row of every table identical (md5 of its sorted rows)", differ or ""
        )
        money = {
            f"{t}.{c}": v
            for t in before_tables
            for c, v in before_tables[t]["totals"].items()
            if v not in ("None", "0", "0.00")
        }
        differ = [
            t for t in before_tables if after_tables[t]["totals"] != before_tables[t]["totals"]
        ]
        checks.ok(
            not differ, f"every numeric column's total equal ({len(money)} non-zero)", differ or ""
        )
        for key in (
            "trips_claim.claimed_total",
            "trips_claim.reimbursed_total",
            "sales_order.total",
        ):
            table, column = key.split(".")
            if before_tables.get(table, {}).get("totals", {}).get(column) not in (None, "None"):
                print(f"       {key}: {before_tables[table]['totals'][column]}", flush=True)

        after = django_facts(restored_env)
        after_files = file_digests(restored_dir / "media", after["files"])
        checks.ok(
            after["files"] == before["files"] and after_files == before_files,
            f"every stored file present with its sha256 ({len(after_files)}, "
            f"{len(receipts)} receipts)",
            sorted(k for k in before_files if after_files.get(k) != before_files[k])[:5] or "",
        )
        broken = {pk: s for pk, s in after["seals"].items() if s != "intact"}
        checks.ok(
            after["seals"].keys() == before["seals"].keys() and not broken,
            f"every signed feedback's seal verifies ({len(after['seals'])})",
            broken or "",
        )
        checks.ok(
            all(after_files.get(k) == sha for k, sha in after["receipts"].items()),
            "every restored receipt's file has the sha256 recorded at its upload",
        )
        checks.ok(
            "migrations to apply" not in restored_output,
            "no migration pending on the restored database",
        )
    finally:
        drillkit.drop_database(source)
        drillkit.drop_database(restored)
    took = time.monotonic() - checks.started
    checks.ok(took < BUDGET_SECONDS, f"within {BUDGET_SECONDS} s", f"{took:.0f} s")
    checks.done()


def main() -> None:
    drillkit.run_drill(__doc__, "fieldsales-backup-drill-", drill)


if __name__ == "__main__":
    main()
