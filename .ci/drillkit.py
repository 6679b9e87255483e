"""What the production drills share (.ci/topology.py, .ci/backup_drill.py; issue 15 items 4-5).

A filled company is prepared once into a template database and a data folder (migrate, FILL,
collectstatic); each drill then starts from a copy of it (`CREATE DATABASE ... TEMPLATE`, the
media copied), so `.ci/drills.sh` pays for the fill once. `python .ci/drillkit.py prepare DB
DIR` makes the template; each drill run alone (no --template) makes its own.
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# The command that fills the company: `fieldsales generate --size tiny` once it exists.
FILL = ["generate", "--size", "tiny"]

# The demo has no signed customer feedback: the customer signs three recorded visits through
# the service (`visit_sign`, sealed with the run's FEEDBACK_SEAL_KEYS). Nothing when the fill
# already has some.
SIGN_FEEDBACK = r"""
import base64, io
from PIL import Image, ImageDraw
from fieldsales.core.errors import ServiceError
from fieldsales.crm.visits.models import Visit, VisitSignature
from fieldsales.crm.visits.services import visit_sign
signed = 0
for visit in Visit.objects.select_related("salesperson").order_by("pk"):
    if signed == 3 or VisitSignature.objects.exists() and not signed:
        break
    if not visit.is_recorded:
        continue
    picture = Image.new("RGB", (240, 80), "white")
    ImageDraw.Draw(picture).line([(10, 60), (80, 20), (150, 60), (230, 20)], fill="black", width=3)
    png = io.BytesIO()
    picture.save(png, format="PNG")
    data_url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    try:
        visit_sign(visit=visit, actor=visit.salesperson, signer_name="王经理",
                   signature=data_url, satisfaction=4, comments="服务到位")
    except ServiceError:  # not signable (signed, trip closed...): the next one
        continue
    signed += 1
print(f"signed feedback added: {signed}")
"""

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
REDIS_DB = 5  # the drills' own Redis database, emptied before and after
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
# One set of production secrets per run: the seals made by the fill verify after the restore
# only with the same FEEDBACK_SEAL_KEYS (they are not in the backup).
SECRET_KEY = os.environ.get("DRILL_SECRET_KEY") or secrets.token_urlsafe(50)
SEAL_KEYS = os.environ.get("DRILL_SEAL_KEYS") or (
    "v1:" + base64.b64encode(secrets.token_bytes(32)).decode()
)
# So that .ci/drills.sh's child processes share them.
os.environ["DRILL_SECRET_KEY"], os.environ["DRILL_SEAL_KEYS"] = SECRET_KEY, SEAL_KEYS


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def production_env(database: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process (README "Deploy with several workers")."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        PYTHONPATH=str(ROOT),
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        FEEDBACK_SEAL_KEYS=SEAL_KEYS,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(database),
        FIELDSALES_DATA_DIR=str(data_dir),
        REDIS_URL=REDIS_URL,
        CELERY_BROKER_URL=REDIS_URL,
        FIELDSALES_LOG_JSON="1",
    )
    env.update(extra)
    return env


def psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", database]
        + ["-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"psql failed: {sql}: {done.stderr.strip()}")
    return done.stdout.strip()


def create_database(name: str, template: str | None = None) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name: str) -> None:
    subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres"]
        + ["-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        capture_output=True,
    )


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [PYTHON, "-m", "fieldsales", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if check and done.returncode:
        raise SystemExit(
            f"fieldsales {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}{done.stderr[-4000:]}"
        )
    return done


def prepare(database: str, data_dir: Path) -> None:
    """A migrated, filled company in `database` and `data_dir` (media, collected static)."""
    started = time.monotonic()
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    create_database(database)
    env = production_env(database, data_dir)
    manage("migrate", "--noinput", "-v0", env=env)
    migrated = time.monotonic()
    manage(*FILL, env=env)
    manage("shell", "-v0", "-c", SIGN_FEEDBACK, env=env)
    filled = time.monotonic()
    manage("collectstatic", "--noinput", "-v0", env=env)
    print(
        f"prepared {database}: migrate {migrated - started:.0f} s, "
        f"{' '.join(FILL)} {filled - migrated:.0f} s, "
        f"collectstatic {time.monotonic() - filled:.0f} s",
        flush=True,
    )


def copy_company(template: str, template_dir: Path, database: str, data_dir: Path) -> None:
    """`database` and `data_dir` as the template left them (static shared, media copied)."""
    create_database(database, template=template)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if (template_dir / "media").is_dir():
        shutil.copytree(template_dir / "media", data_dir / "media", symlinks=False)
    (data_dir / "static").symlink_to((template_dir / "static").resolve())


class Checks:
    """Prints each check as it passes; the first failure ends the drill (exit 1)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = time.monotonic()
        self.passed = 0

    def ok(self, condition: object, what: str, detail: object = "") -> None:
        if not condition:
            raise SystemExit(f"{self.name}: FAILED: {what}" + (f": {detail}" if detail else ""))
        self.passed += 1
        at = time.monotonic() - self.started
        print(f"  ok  {at:4.0f} s  {what}" + (f" ({detail})" if detail != "" else ""), flush=True)

    def done(self) -> None:
        took = time.monotonic() - self.started
        print(f"{self.name}: {self.passed} checks passed in {took:.0f} s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "prepare":
        raise SystemExit("usage: drillkit.py prepare DATABASE DATA_DIR")
    prepare(sys.argv[2], Path(sys.argv[3]))


def run_drill(doc: str, prefix: str, drill: Callable[[str, Path, Path], None]) -> None:
    """A drill's command line: `--template` (a database prepared by `prepare`) and
    `--template-dir`, or a company prepared here and dropped afterwards; then
    `drill(template, template_dir, work)` in a temporary folder."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--template", help="a database prepared by drillkit.py prepare")
    parser.add_argument("--template-dir", type=Path, help="its data folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        work = Path(folder)
        template, template_dir = args.template, args.template_dir
        if not template:
            template, template_dir = f"fieldsales_drill_{os.getpid()}", work / "template"
            prepare(template, template_dir)
        try:
            drill(template, template_dir, work)
        finally:
            if not args.template:
                drop_database(template)
