"""D6's command line: `scorecard evaluate FILE|- [--params PARAMS.json]`, exit 0 with the
scorecard JSON, or one line on stderr naming the field and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from scoring_support import EXAMPLES, ROOT, cli, facts_dict

from fieldsales.scoring import DEFAULT_SCORING_PARAMS, ScoringParams, params_as_dict


def _expected(path: Path) -> str:
    return path.with_name(path.name.replace(".facts.", ".expected.")).read_text("utf-8")


def test_d6_examples_exist():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_d6_example_prints_exactly_the_expected_json(path: Path):
    code, out, err = cli(["evaluate", str(path)])

    assert (code, err) == (0, "")
    assert out.rstrip("\n") == _expected(path).rstrip("\n")
    assert out.endswith("}\n")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_d6_example_from_standard_input(path: Path):
    code, out, err = cli(["evaluate", "-"], path.read_text("utf-8"))

    assert (code, err) == (0, "")
    assert json.loads(out) == json.loads(_expected(path))


def test_d6_management_command_as_a_subprocess(tmp_path: Path):
    """`python -m fieldsales scorecard evaluate FILE` with no database yet: the defaults."""
    path = EXAMPLES[0]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"PYTHONPATH": str(ROOT), "FIELDSALES_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "fieldsales", "scorecard", "evaluate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.rstrip("\n") == _expected(path).rstrip("\n")

    bad = subprocess.run(
        [sys.executable, "-m", "fieldsales", "scorecard", "evaluate", "-"],
        input=json.dumps(facts_dict(sales_target="0.00")),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "sales_target: D6: a sales target of 0 cannot be scored\n"


def test_d6_parameters_are_those_in_force_when_the_quarter_closes():
    asked: list[date] = []

    def params_for(day: date) -> ScoringParams:
        asked.append(day)
        return ScoringParams(w_sales=Decimal(20), w_manager=Decimal(20))

    code, out, _ = cli(["evaluate", "-"], json.dumps(facts_dict(quarter="2026Q4")), params_for)

    assert (code, asked) == (0, [date(2026, 12, 31)])
    card = json.loads(out)
    assert card["indicators"][0]["weight"] == "20.00"
    assert card["indicators"][7]["weight"] == "20.00"


def test_d6_params_file_changes_the_defaults(tmp_path: Path):
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"w_sales": "20", "w_manager": "20", "bonus_rate": "0.02"}))

    code, out, err = cli(["evaluate", "-", "--params", str(params)], json.dumps(facts_dict()))

    assert (code, err) == (0, "")
    card = json.loads(out)
    assert card["indicators"][0] == {
        "key": "sales",
        "weight": "20.00",
        "ratio": "1.2000",
        "points": "24.00",
        "excluded": False,
    }
    # 24 + 12 + 6.67 + 12 + 12 + 6 + 4 + 8.50 = 85.17; 800000 × 0.02 × 85.17 ÷ 100
    assert (card["total"], card["bonus"]) == ("85.17", "13627.20")


def test_d6_params_as_dict_reads_back(tmp_path: Path):
    params = tmp_path / "params.json"
    params.write_text(json.dumps(params_as_dict(DEFAULT_SCORING_PARAMS)))

    code, out, _ = cli(["evaluate", str(EXAMPLES[0]), f"--params={params}"])

    assert code == 0
    assert out.rstrip("\n") == _expected(EXAMPLES[0]).rstrip("\n")


def test_d6_help():
    code, out, _ = cli(["evaluate", "--help"])
    assert code == 0 and out.startswith("usage: evaluate FILE|-")


def _refused(code: int, out: str, err: str, field: str) -> None:
    assert (code, out) == (2, "")
    assert err.endswith("\n") and "\n" not in err[:-1], err
    assert err.startswith(f"{field}: "), err


# (what is wrong, the facts' changes, the field the one line names)
REFUSED_FACTS = [
    ("target of 0", {"sales_target": "0.00"}, "sales_target"),
    ("target written 0", {"sales_target": "0"}, "sales_target"),
    ("money as a JSON float", {"sales": 1200000.5}, "sales"),
    ("money as a JSON int", {"collected": 800000}, "collected"),
    ("money as true", {"due": True}, "due"),
    ("money as null", {"expenses": None}, "expenses"),
    ("negative money", {"expenses": "-3.00"}, "expenses"),
    ("negative zero", {"due": "-0"}, "due"),
    ("three decimals", {"sales": "1200000.001"}, "sales"),
    ("an exponent", {"sales_last_year": "9e5"}, "sales_last_year"),
    ("a thousands comma", {"sales": "1,200,000.00"}, "sales"),
    ("full-width digits", {"sales": "１２００"}, "sales"),
    ("spaces", {"sales": " 1200.00"}, "sales"),
    ("a plus sign", {"sales": "+1200.00"}, "sales"),
    ("NaN string", {"sales": "NaN"}, "sales"),
    ("Infinity string", {"collected": "Infinity"}, "collected"),
    ("too large", {"sales": "12345678901.00"}, "sales"),
    ("quarter 5", {"quarter": "2026Q5"}, "quarter"),
    ("quarter lower case", {"quarter": "2026q1"}, "quarter"),
    ("quarter year 0", {"quarter": "0000Q1"}, "quarter"),
    ("quarter as a number", {"quarter": 2026}, "quarter"),
    ("new customers negative", {"new_customers": -1}, "new_customers"),
    ("new customers true", {"new_customers": True}, "new_customers"),
    ("new customers float", {"new_customers": 2.0}, "new_customers"),
    ("new customers string", {"new_customers": "2"}, "new_customers"),
    ("satisfaction of 5", {"satisfaction": [3, 5]}, "satisfaction[1]"),
    ("satisfaction of 0", {"satisfaction": [0]}, "satisfaction[0]"),
    ("satisfaction true", {"satisfaction": [True]}, "satisfaction[0]"),
    ("satisfaction float", {"satisfaction": [3.5]}, "satisfaction[0]"),
    ("satisfaction not a list", {"satisfaction": 3}, "satisfaction"),
    ("incident negative", {"incidents": {"late_reports": -1}}, "incidents.late_reports"),
    ("incident true", {"incidents": {"absent_days": True}}, "incidents.absent_days"),
    ("incident null", {"incidents": {"missing_logs": None}}, "incidents.missing_logs"),
    ("incident float", {"incidents": {"missed_duty": 1.0}}, "incidents.missed_duty"),
    ("incident unknown", {"incidents": {"early_leaves": 1}}, "incidents.early_leaves"),
    ("incidents not an object", {"incidents": [1, 2]}, "incidents"),
    ("manager above the weight", {"manager_points": "10.01"}, "manager_points"),
    ("manager negative", {"manager_points": "-1"}, "manager_points"),
    ("manager as a number", {"manager_points": 8.5}, "manager_points"),
    ("manager three decimals", {"manager_points": "8.555"}, "manager_points"),
    ("an unknown fact", {"bonus": "1.00"}, "bonus"),
]


@pytest.mark.parametrize(
    ("changes", "field"), [c[1:] for c in REFUSED_FACTS], ids=[c[0] for c in REFUSED_FACTS]
)
def test_d6_refused_facts_exit_2_naming_the_field(changes, field):
    _refused(*cli(["evaluate", "-"], json.dumps(facts_dict(**changes))), field)


def test_d6_target_of_0_names_rule_d6():
    code, _, err = cli(["evaluate", "-"], json.dumps(facts_dict(sales_target="0.00")))
    assert (code, err) == (2, "sales_target: D6: a sales target of 0 cannot be scored\n")


@pytest.mark.parametrize("key", list(facts_dict()))
def test_d6_every_fact_is_required(key):
    data = facts_dict()
    del data[key]
    _refused(*cli(["evaluate", "-"], json.dumps(data)), key)


def test_d6_every_incident_is_required():
    data = facts_dict()
    del data["incidents"]["missed_duty"]
    _refused(*cli(["evaluate", "-"], json.dumps(data)), "incidents.missed_duty")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "facts"),
        ("", "facts"),
        ('{"quarter": "2026Q1",', "facts"),
        ("[]", "facts"),
        ('"2026Q1"', "facts"),
        ("null", "facts"),
        ("[" * 100000, "facts"),
    ],
    ids=["words", "empty", "truncated", "a list", "a string", "null", "deep"],
)
def test_d6_not_a_json_object_is_refused(text, field):
    _refused(*cli(["evaluate", "-"], text), field)


@pytest.mark.parametrize(("literal", "key"), [("NaN", "sales"), ("Infinity", "manager_points")])
def test_d6_json_nan_and_infinity_are_refused(literal, key):
    text = json.dumps(facts_dict()).replace(json.dumps(facts_dict()[key]), literal, 1)
    assert literal in text
    _refused(*cli(["evaluate", "-"], text), key)


def test_d6_unreadable_and_missing_files(tmp_path: Path):
    _refused(*cli(["evaluate", str(tmp_path / "nope.json")]), str(tmp_path / "nope.json"))
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"quarter": "\xe9"}')
    _refused(*cli(["evaluate", str(latin)]), str(latin))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["score"],
        ["evaluate"],
        ["evaluate", "a", "b"],
        ["evaluate", "-x"],
        ["evaluate", "a", "--params"],
    ],
)
def test_d6_usage_errors(argv):
    _refused(*cli(argv), "usage")


def test_d6_params_and_facts_cannot_both_be_standard_input():
    _refused(*cli(["evaluate", "-", "--params", "-"], "{}"), "usage")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"w_sales": "40"}, "params.w_sales"),
        ({"w_sales": 30}, "params.w_sales"),
        ({"ratio_cap": "0"}, "params.ratio_cap"),
        ({"new_customer_target": "0"}, "params.new_customer_target"),
        ({"grade_b": "101"}, "params.grade_a"),
        ({"bonus": "1"}, "params.bonus"),
        ({"bonus_rate": "-0.01"}, "params.bonus_rate"),
        (["w_sales"], "params"),
    ],
)
def test_d6_refused_params_file(tmp_path: Path, params, field):
    path = tmp_path / "params.json"
    path.write_text(json.dumps(params))
    _refused(*cli(["evaluate", str(EXAMPLES[0]), "--params", str(path)]), field)


def test_d6_manager_points_are_checked_against_the_params_file(tmp_path: Path):
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"w_manager": "5", "w_sales": "35"}))
    _refused(*cli(["evaluate", str(EXAMPLES[0]), "--params", str(path)]), "manager_points")
