#!/usr/bin/env bash
# The production drills (issue 15 items 4-5) against PostgreSQL and Redis (database 5): a filled
# company is prepared once (.ci/drillkit.py: migrate, FILL, collectstatic), then the two-process
# topology (.ci/topology.py) and the backup/restore drill (.ci/backup_drill.py) each start from
# a copy of it; then the scale test (tests/scale: query counts at tiny and small). Exit 1 when
# any fails. .ci/run runs this after the SQLite tests.
set -uo pipefail
cd "$(dirname "$0")/.."
py="${PYTHON:-.venv/bin/python}"

# One set of production secrets for the whole run: the fill seals feedback with these keys and
# the restored company must verify them with the same ones.
DRILL_SECRET_KEY="$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))')"
DRILL_SEAL_KEYS="v1:$("$py" -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
export DRILL_SECRET_KEY DRILL_SEAL_KEYS
# In CI the drills share the two cores with the PostgreSQL test run: a wider limit than alone.
export DRILL_BUDGET_SECONDS="${DRILL_BUDGET_SECONDS:-240}"

template="fieldsales_drill_$$"
work="$(mktemp -d /tmp/fieldsales-drills-XXXXXX)"
cleanup() {
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $template WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
echo "== drills: preparing the company ($template)"
"$py" .ci/drillkit.py prepare "$template" "$work/template" || { echo "== drills: preparation FAILED"; exit 1; }

rc=0
echo "== drills: two app processes, one PostgreSQL, one Redis (.ci/topology.py)"
"$py" .ci/topology.py --template "$template" --template-dir "$work/template" || rc=1
echo "== drills: backup and restore (.ci/backup_drill.py)"
"$py" .ci/backup_drill.py --template "$template" --template-dir "$work/template" || rc=1
echo "== drills: no page needs more queries at small than at tiny (pytest -m scale tests/scale)"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/fieldsales_scale_$$" FIELDSALES_STRICT_SKIPS=1 \
  "$(dirname "$py")/pytest" -p no:cacheprovider -m scale tests/scale || rc=1
echo "== drills: $([ $rc -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $rc
