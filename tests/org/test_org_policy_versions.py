"""Policy versions: effective-dated parameters, created from the admin, never edited in force."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from helpers import days_from_today, spec_dir

from fieldsales.policy import DEFAULT_POLICY
from fieldsales.trips.models import PolicyVersion
from fieldsales.trips.policy_settings import settings_in_force
from fieldsales.trips.policy_versions import policy_in_force

pytestmark = pytest.mark.django_db
EXAMPLES = spec_dir() / "examples"


def test_demo_is_idempotent_and_if_empty_skips(cast):
    users_before = get_user_model().objects.count()
    call_command("demo", stdout=io.StringIO())
    assert get_user_model().objects.count() == users_before
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert PolicyVersion.objects.get().name == "default-2012-03-31"


def test_demo_users_have_the_demo_password(cast):
    assert {u for u, user in cast.items() if user.check_password("demo-pass-2026")} == {
        "sales1",
        "sales2",
        "head",
        "gm",
        "finance",
        "admin",
        "tech",
        "buyer",
    }


def test_version_in_force_on_departure_date(cast):
    PolicyVersion.objects.create(
        name="2026-06", effective_from=date(2026, 6, 1), advance_max=Decimal("800.00")
    )
    assert settings_in_force(date(2026, 5, 31)).advance_max == Decimal("500.00")
    assert settings_in_force(date(2026, 6, 1)).advance_max == Decimal("800.00")
    assert policy_in_force(date(2026, 6, 1)).name == "2026-06"


def test_without_versions_the_seed_defaults_apply(db):
    assert policy_in_force(date(2026, 1, 1)) == DEFAULT_POLICY


def test_stored_lists_become_engine_tuples(cast):
    PolicyVersion.objects.create(
        name="v2",
        effective_from=date(2020, 1, 1),
        local_cities="浦江， 义乌,东阳",
        claim_chain="dept_head,gm",
    )
    params = policy_in_force(date(2020, 1, 2))
    assert params.local_cities == ("浦江", "义乌", "东阳")
    assert settings_in_force(date(2020, 1, 2)).claim_chain == ("dept_head", "gm")


def test_p2_3_limit_follows_the_version_in_force(api, cast):
    PolicyVersion.objects.create(
        name="later", effective_from=timezone.localdate(), advance_max=Decimal("800.00")
    )
    trip = (
        api("sales1")
        .post(
            "/api/trips/",
            {
                "purpose": "customer_visit",
                "destinations": [{"province": "浙江", "city": "杭州"}],
                "depart": days_from_today(1),
                "return": days_from_today(1),
            },
            format="json",
        )
        .data["id"]
    )
    api("sales1").post(f"/api/trips/{trip}/submit/")
    response = api("sales1").post(
        "/api/advances/", {"trip": trip, "amount": "800.00"}, format="json"
    )
    assert response.status_code == 201


def test_admin_creates_a_later_version(client, cast):
    client.force_login(cast["admin"])
    form = client.get("/admin/trips/policyversion/add/")
    assert form.status_code == 200
    assert "预支上限" in form.content.decode()
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {
        field: value
        for field, value in form.context["adminform"].form.initial.items()
        if value is not None
    } | {"name": "2027 版", "effective_from": later, "allowance_out": "150.00"}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post("/admin/trips/policyversion/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = PolicyVersion.objects.get(name="2027 版")
    assert version.allowance_out == Decimal("150.00")
    assert version.advance_max == Decimal("500.00")  # copied from the latest version
    assert version.created_by == cast["admin"]


def test_admin_cannot_edit_a_version_in_force(client, cast):
    client.force_login(cast["admin"])
    version = PolicyVersion.objects.get()
    response = client.post(
        f"/admin/trips/policyversion/{version.pk}/change/",
        {"name": "x", "effective_from": "2012-03-31"},
    )
    assert response.status_code == 403
    assert PolicyVersion.objects.get().name == "default-2012-03-31"


def test_version_with_unknown_chain_role_is_refused(cast):
    from django.core.exceptions import ValidationError

    version = PolicyVersion(name="bad", effective_from=date(2030, 1, 1), trip_chain="boss")
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "trip_chain" in error.value.message_dict


def test_cli_prints_the_expected_example():
    claim = EXAMPLES / "02-guangzhou-sleeper-and-dinner.claim.json"
    expected = json.loads((EXAMPLES / "02-guangzhou-sleeper-and-dinner.expected.json").read_text())
    result = subprocess.run(
        [sys.executable, "-m", "fieldsales", "policy", "evaluate", str(claim)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["totals"] == expected["totals"]
    assert output["settlement"] == expected["settlement"]
    assert [(line["reimbursed"], line["rule"]) for line in output["lines"]] == [
        (line["reimbursed"], line["rule"]) for line in expected["lines"]
    ]


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"trip": {}, "items": []}')
    result = subprocess.run(
        [sys.executable, "-m", "fieldsales", "policy", "evaluate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "trip." in result.stderr
