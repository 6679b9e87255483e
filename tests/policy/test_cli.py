"""The command line: `evaluate FILE|- [--policy POLICY.json]`, exit 0 or one line and exit 2."""

from __future__ import annotations

import copy
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from policy_builders import EXAMPLES, TODAY, claim, compared, item

from fieldsales.policy import DEFAULT_POLICY, PolicyParams
from fieldsales.policy.cli import run


def _cli(argv, stdin_text="", params_for=lambda day: DEFAULT_POLICY):
    stdin, stdout, stderr = StringIO(stdin_text), StringIO(), StringIO()
    code = run(argv, stdin=stdin, stdout=stdout, stderr=stderr, params_for=params_for, today=TODAY)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("claim_path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_cli_example_file_gives_expected_output(claim_path: Path):
    code, out, err = _cli(["evaluate", str(claim_path)])

    expected = json.loads(
        claim_path.with_name(claim_path.name.replace(".claim", ".expected")).read_text("utf-8")
    )
    assert (code, err) == (0, "")
    assert compared(json.loads(out)) == compared(expected)
    assert out.endswith("}\n") and '\n "scope"' in out  # indent 1


def test_cli_reads_standard_input_and_prints_chinese_unescaped():
    code, out, err = _cli(["evaluate", "-"], json.dumps(claim(item("lodging", "180.00"))))

    assert (code, err) == (0, "")
    assert "住宿费已含在每日补贴中" in out


def test_cli_asks_for_the_policy_in_force_on_the_depart_date():
    asked: list[date] = []

    def params_for(day: date) -> PolicyParams:
        asked.append(day)
        return DEFAULT_POLICY.replace(
            name="v2026", allowance_overnight_in=DEFAULT_POLICY.allowance_out
        )

    code, out, _ = _cli(["evaluate", "-"], json.dumps(claim()), params_for=params_for)

    assert (code, asked) == (0, [date(2026, 3, 2)])
    assert json.loads(out)["policy_version"] == "v2026"
    assert json.loads(out)["lines"][0]["reimbursed"] == "260.00"


def test_cli_policy_file_updates_the_default_policy(tmp_path: Path):
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"name": "test", "allowance_overnight_in": "120.00"}), encoding="utf-8"
    )
    claim_file = tmp_path / "claim.json"
    claim_file.write_text(json.dumps(claim()), encoding="utf-8")

    def refuse(day: date) -> PolicyParams:
        raise AssertionError("the --policy file is the policy")

    for argv in (
        ["evaluate", str(claim_file), "--policy", str(policy)],
        ["evaluate", f"--policy={policy}", str(claim_file)],
    ):
        code, out, err = _cli(argv, params_for=refuse)
        assert (code, err) == (0, "")
        assert (json.loads(out)["policy_version"], json.loads(out)["lines"][0]["reimbursed"]) == (
            "test",
            "240.00",
        )


def _set(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return json.dumps(data, ensure_ascii=False)


_DELETE = object()
GOOD = claim(
    item("train", "73.50", id="t1", seat="hard_sleeper", hours=12), item("taxi", "26.00", id="x1")
)
MALFORMED = [
    ("amount as number", _set(GOOD, ["items", 0, "amount"], 73.5), "items[0].amount"),
    ("amount negative", _set(GOOD, ["items", 0, "amount"], "-1.00"), "items[0].amount"),
    ("amount three decimals", _set(GOOD, ["items", 1, "amount"], "1.005"), "items[1].amount"),
    ("amount exponent", _set(GOOD, ["items", 0, "amount"], "1e3"), "items[0].amount"),
    ("amount NaN string", _set(GOOD, ["items", 0, "amount"], "NaN"), "items[0].amount"),
    (
        "amount NaN literal",
        _set(GOOD, ["items", 0, "amount"], 0).replace('"amount": 0', '"amount": NaN'),
        "items[0].amount",
    ),
    (
        "hours Infinity literal",
        _set(GOOD, ["items", 0, "hours"], 0).replace('"hours": 0', '"hours": Infinity'),
        "items[0].hours",
    ),
    ("bad date", _set(GOOD, ["trip", "depart"], "2026-02-30"), "trip.depart"),
    ("unknown kind", _set(GOOD, ["items", 1, "kind"], "helicopter"), "items[1].kind"),
    ("unknown seat", _set(GOOD, ["items", 0, "seat"], "roof"), "items[0].seat"),
    ("unknown purpose", _set(GOOD, ["trip", "purpose"], "holiday"), "trip.purpose"),
    ("unknown vehicle", _set(GOOD, ["trip", "vehicle"], "bicycle"), "trip.vehicle"),
    ("empty destinations", _set(GOOD, ["trip", "destinations"], []), "trip.destinations"),
    ("return before depart", _set(GOOD, ["trip", "return"], "2026-03-01"), "trip.return"),
    (
        "override without reason",
        _set(GOOD, ["items", 1, "override"], {"amount": "1.00", "by": "gm"}),
        "items[1].override.reason",
    ),
    ("duplicate item ids", _set(GOOD, ["items", 1, "id"], "t1"), "items[1].id"),
    ("missing trip", _set(GOOD, ["trip"], _DELETE), "trip"),
    ("top-level list", "[]", "claim"),
    ("non-JSON text", "this is not json", "claim"),
    ("empty input", "", "claim"),
    ("truncated JSON", '{"trip": {', "claim"),
]


@pytest.mark.parametrize(("case", "text", "field"), MALFORMED, ids=[c for c, _, _ in MALFORMED])
def test_cli_malformed_input_exits_2_with_one_line(case, text, field):
    code, out, err = _cli(["evaluate", "-"], text)

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith(f"{field}: ")
    assert "Traceback" not in err


def test_cli_malformed_file_exits_2(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(_set(GOOD, ["items", 0, "amount"], "1.005"), encoding="utf-8")

    code, out, err = _cli(["evaluate", str(bad)])

    assert (code, out) == (2, "")
    assert err == "items[0].amount: must be a non-negative amount with at most 2 decimals\n"


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        ([], "usage: "),
        (["evalute", "x.json"], "usage: "),
        (["evaluate"], "usage: "),
        (["evaluate", "a.json", "b.json"], "usage: "),
        (["evaluate", "a.json", "--policy"], "usage: "),
        (["evaluate", "a.json", "--verbose"], "usage: "),
        (["evaluate", "-", "--policy", "-"], "usage: "),
        (["evaluate", "/nonexistent/claim.json"], "/nonexistent/claim.json: "),
        (["evaluate", "-", "--policy", "/nonexistent/policy.json"], "/nonexistent/policy.json: "),
    ],
)
def test_cli_bad_usage_or_missing_file_exits_2(argv, starts):
    code, out, err = _cli(argv, json.dumps(GOOD))

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(starts)


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ('{"allowance_cap": "1.00"}', "policy.allowance_cap"),
        ('{"allowance_out": 130}', "policy.allowance_out"),
        ("[1, 2]", "policy"),
        ("not json", "policy"),
    ],
)
def test_cli_bad_policy_file_exits_2(tmp_path: Path, policy, field):
    path = tmp_path / "policy.json"
    path.write_text(policy, encoding="utf-8")

    code, out, err = _cli(["evaluate", "-", "--policy", str(path)], json.dumps(GOOD))

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"{field}: ")


def test_cli_help_prints_usage():
    code, out, err = _cli(["evaluate", "--help"])

    assert (code, err) == (0, "")
    assert out.startswith("usage: evaluate FILE|-")


def test_cli_policy_file_may_carry_the_apps_workflow_settings(tmp_path: Path):
    # issue 9: the advance limit and chains are no engine input; a version file may still hold them
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    plain.write_text(json.dumps({"name": "test"}), encoding="utf-8")
    settings = {"advance_max": "800.00", "one_open_advance": False, "claim_chain": ["gm"]}
    full.write_text(json.dumps({"name": "test"} | settings), encoding="utf-8")
    data = json.dumps(claim(item("lodging", "180.00"), approved=False))

    outputs = [_cli(["evaluate", "-", "--policy", str(p)], data) for p in (plain, full)]

    assert outputs[0] == outputs[1] and outputs[0][0] == 0


def test_cli_output_has_the_keys_of_claim_format_and_rendered_messages():
    data = claim(item("lodging", "180.00", id="h1"), approved=False)

    code, out, _ = _cli(["evaluate", "-"], json.dumps(data))

    result = json.loads(out)
    assert code == 0
    assert [sorted(line) for line in result["lines"]] == [
        ["claimed", "item", "kind", "reason", "reimbursed", "rule", "violation"],
        ["claimed", "item", "kind", "reason", "reimbursed", "rule", "violation"],
    ]
    assert result["violations"] == [
        {
            "code": "trip_not_approved",
            "rule": "P1.3",
            "item": None,
            "message": "出差未经完整审批即已出发，本次费用不予报销",
        },
        {
            "code": "covered_by_allowance",
            "rule": "P3.4",
            "item": "h1",
            "message": "住宿费已含在每日补贴中",
        },
    ]
