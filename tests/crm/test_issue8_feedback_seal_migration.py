"""Issue 8 item 5: the plain SHA-256 seals are migrated to the keyed HMAC (crm 0007).

A new database is migrated to crm 0006 (tests/scratch_db.py), two signed visits are written
as they were then, each with the plain hash of its form; one form is changed afterwards
without the hash. Migrating on to the newest state reseals the intact one under the key in
force and marks the changed one altered."""

from __future__ import annotations

import base64
import importlib
from datetime import datetime, time

import pytest
from django.test import override_settings
from helpers import png_data_url, today
from scratch_db import migrate, scratch_database

from fieldsales.crm.models import VisitSignature
from fieldsales.crm.visits import feedback as visits_feedback

BEFORE = [("crm", "0006_satisfaction_four_level_labels")]
KEY = base64.b64encode(b"k" * 32).decode()
seal_migration = importlib.import_module("fieldsales.crm.migrations.0007_feedback_seal_versions")


def old_signed_visits(apps) -> tuple[int, int]:
    """Two visits of crm 0006, signed and sealed with its plain SHA-256: (kept, changed)."""
    User = apps.get_model("auth", "User")
    Customer = apps.get_model("crm", "Customer")
    Visit = apps.get_model("crm", "Visit")
    Signature = apps.get_model("crm", "VisitSignature")
    sales1 = User.objects.create(username="sales1", password="!")
    customer = Customer.objects.create(
        code="C-0001",
        name="金华五金",
        province_code="33",
        city_code="3307",
        province="浙江",
        city="金华",
    )
    png = base64.b64decode(png_data_url().split(",", 1)[1])
    checked_in = datetime.combine(today(), time(9, 30)).astimezone()
    ids = []
    for seq, content in enumerate(("介绍新款组件", "报价"), start=1):
        visit = Visit.objects.create(
            customer=customer,
            salesperson=sales1,
            date=today(),
            seq=seq,
            purpose="介绍新款组件",
            status="checked_out",
            check_in_at=checked_in,
            content=content,
        )
        Signature.objects.create(
            visit=visit,
            signer_name="赵建华",
            satisfaction=4,
            signature_png=png,
            signed_at=checked_in.replace(hour=10),
            content_hash="",
        )
        # The hash of the form as stored (dates read back in UTC, as the migration reads them).
        stored = Signature.objects.select_related("visit__customer", "visit__salesperson")
        signature = stored.get(visit_id=visit.pk)
        signature.content_hash = seal_migration.legacy_hash(signature, signature.visit)
        signature.save(update_fields=["content_hash"])
        ids.append(visit.pk)
    return ids[0], ids[1]


@pytest.mark.django_db(transaction=True)
def test_item5_old_plain_hashes_are_resealed_or_marked_altered(tmp_path):
    with scratch_database(tmp_path):
        old_apps = migrate(BEFORE)
        kept, changed = old_signed_visits(old_apps)
        # Changed after signing while the hash was plain (and not recomputed).
        old_apps.get_model("crm", "Visit").objects.filter(pk=changed).update(content="报价（已改）")
        with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{KEY}"):
            migrate()
            resealed = VisitSignature.objects.get(visit_id=kept)
            assert (resealed.version, resealed.seal_key, resealed.content) == (
                1,
                "v2",
                "介绍新款组件",
            )
            assert visits_feedback.visit_feedback_seal_status(resealed) == "intact"
            altered = VisitSignature.objects.get(visit_id=changed)
            assert altered.seal_key == "sha256"
            assert visits_feedback.visit_feedback_seal_status(altered) == "altered"
        # Without the v2 key the resealed form cannot be verified (its key version is recorded).
        assert visits_feedback.visit_feedback_seal_status(resealed) == "unverifiable"
