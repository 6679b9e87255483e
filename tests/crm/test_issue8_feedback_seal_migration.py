"""Issue 8 item 5: the plain SHA-256 seals are migrated to the keyed HMAC (crm 0007)."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from helpers import png_data_url, today

from fieldsales.crm.models import Customer, VisitSignature
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.crm.visits import services as visits_services

BEFORE = [("crm", "0006_satisfaction_four_level_labels")]
KEY = base64.b64encode(b"k" * 32).decode()


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def signed_visit(users, content):
    visit = visits_services.visit_plan(
        actor=users["sales1"],
        customer=Customer.objects.get(code="C-0001"),
        data={"date": today(), "purpose": "介绍新款组件"},
    )
    visit = visits_services.visit_check_in(
        visit=visit, actor=users["sales1"], latitude="30.274150", longitude="120.155070"
    )
    visit = visits_services.visit_record(
        visit=visit, actor=users["sales1"], data={"content": content}
    )
    visits_services.visit_sign(
        visit=visit, actor=users["sales1"], signer_name="赵建华", signature=png_data_url()
    )
    return visit


@pytest.mark.django_db(transaction=True)
def test_item5_old_plain_hashes_are_resealed_or_marked_altered(django_user_model):
    call_command("demo", "--without-selling-documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {u.username: u for u in django_user_model.objects.all()}
    kept = signed_visit(users, "介绍新款组件")
    tampered = signed_visit(users, "报价")
    module = __import__(
        "fieldsales.crm.migrations.0007_feedback_seal_versions", fromlist=["legacy_hash"]
    )
    try:
        # Back to the plain SHA-256 of before: both forms match their old hash there.
        old_apps = migrate(BEFORE)
        Visit = old_apps.get_model("crm", "Visit")
        OldSignature = old_apps.get_model("crm", "VisitSignature")
        for visit in (kept, tampered):
            row = OldSignature.objects.select_related("visit__customer", "visit__salesperson").get(
                visit_id=visit.pk
            )
            assert row.content_hash == module.legacy_hash(row, row.visit)
        # Changed after signing while the hash was plain (and not recomputed).
        Visit.objects.filter(pk=tampered.pk).update(content="报价（已改）")
    finally:
        with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{KEY}"):
            migrate()
    with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{KEY}"):
        resealed = VisitSignature.objects.get(visit_id=kept.pk)
        assert (resealed.version, resealed.seal_key, resealed.content) == (1, "v2", "介绍新款组件")
        assert visits_feedback.visit_feedback_seal_status(resealed) == "intact"
        altered = VisitSignature.objects.get(visit_id=tampered.pk)
        assert altered.seal_key == "sha256"
        assert visits_feedback.visit_feedback_seal_status(altered) == "altered"
    # Without the v2 key the resealed form cannot be verified (its key version is recorded).
    assert visits_feedback.visit_feedback_seal_status(resealed) == "unverifiable"
