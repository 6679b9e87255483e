"""The worked claims of the spec: every examples/*.claim.json gives its .expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from policy_builders import EXAMPLES, TODAY, compared, spec_dir

from fieldsales.policy import DEFAULT_POLICY, evaluate, evaluation_as_dict, parse_claim


def test_examples_are_there():
    assert len(EXAMPLES) >= 3, f"no examples found in {spec_dir()}"


@pytest.mark.parametrize(
    "claim_path", EXAMPLES, ids=[p.name.removesuffix(".claim.json") for p in EXAMPLES]
)
def test_example_gives_its_expected_evaluation(claim_path: Path):
    # given a worked claim and its expected evaluation
    claim = json.loads(claim_path.read_text(encoding="utf-8"))
    expected_path = claim_path.with_name(claim_path.name.replace(".claim.json", ".expected.json"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))

    # when the engine evaluates it under the default policy
    result = evaluation_as_dict(evaluate(parse_claim(claim, today=TODAY), DEFAULT_POLICY))

    # then the compared fields are equal
    assert compared(result) == compared(expected)
