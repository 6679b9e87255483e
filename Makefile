# fieldsales: `make run` serves the demo company, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint audit format bench load messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_QUIET) --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/pip install $(PIP_QUIET) -e '.[dev]' 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import django, rest_framework, weasyprint, playwright" 
	touch $@

run: install
	$(BIN)/fieldsales migrate --noinput
	$(BIN)/fieldsales demo --if-empty
	@echo ""
	@echo "  fieldsales: http://$(HOST)/   (demo logins: sales1 sales2 head gm finance admin tech buyer / demo-pass-2026)"
	@echo ""
	$(BIN)/fieldsales runserver $(HOST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict fieldsales/policy fieldsales/scoring fieldsales/sales/floor.py fieldsales/sales/params.py
	$(BIN)/lint-imports

# Known vulnerabilities in the installed dependencies fail; an unreachable advisory database
# only warns unless AUDIT_STRICT=1 (see .ci/audit.py).
audit: install
	$(BIN)/python .ci/audit.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint
	$(BIN)/fieldsales makemigrations --check --dry-run
	$(BIN)/pytest

# Pages on generated companies (PostgreSQL at 127.0.0.1, databases fieldsales_bench_<size>,
# reused while the generator is unchanged): `make bench SIZES=tiny,small,full`,
# `BENCH_ARGS=--sqlite` or `--fresh`; with `full` among the sizes it then runs the load test at
# full. Load alone: `make load SIZE=full` (gunicorn × 4, locust, 2 min; `LOAD_ARGS=--think=1-3`
# for the stress run).
SIZES ?= tiny,small
SIZE ?= tiny
BENCH_ARGS ?=
LOAD_ARGS ?=

bench: install
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_scale.py --sizes $(SIZES) $(BENCH_ARGS)
	@case ",$(SIZES)," in *,full,*) $(BIN)/python bench/load.py --size full $(LOAD_ARGS);; esac

load: install
	$(BIN)/python bench/load.py --size $(SIZE) $(LOAD_ARGS)

messages: install
	cd fieldsales && ../$(BIN)/django-admin makemessages -l en --no-obsolete --settings=fieldsales.settings
	cd fieldsales && ../$(BIN)/django-admin compilemessages --settings=fieldsales.settings

clean:
	rm -rf $(VENV) var .pytest_cache
