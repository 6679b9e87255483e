"""Issue 7 item 10: the old trip-report feedback rows become CRM visits with signatures."""

from __future__ import annotations

import base64
import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from helpers import png_data_url, today

from fieldsales.core.audit import audit_trail
from fieldsales.crm.models import Customer, SatisfactionSurvey, Visit, VisitSignature
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.trips import selectors, services
from fieldsales.trips.models import Trip

BEFORE = [("trips", "0005_claim_notes_and_consents"), ("crm", "0005_service_and_surveys")]
# Forward to the newest migrations: the live code the test calls afterwards expects them.
AFTER = None


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def legacy_hash(*args):
    import importlib

    module = importlib.import_module(
        "fieldsales.trips.migrations.0006_visit_feedback_to_crm_visits"
    )
    return module.legacy_hash(*args)


@pytest.mark.django_db(transaction=True)
def test_item10_old_feedback_rows_become_signed_crm_visits(django_user_model):
    call_command("demo", "--without-selling-documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {u.username: u for u in django_user_model.objects.all()}
    customers = list(Customer.objects.filter(code__in=["C-0001", "C-0002"]).order_by("code"))
    trip = services.trip_create(
        traveller=users["sales1"],
        data={
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": today() - timedelta(days=1),
            "return_date": today(),
            "customers": [c.pk for c in customers],
        },
    )
    services.trip_submit(trip=trip, actor=users["sales1"])
    services.trip_decide(trip=trip, actor=users["head"], action="approve")
    services.trip_decide(trip=trip, actor=users["gm"], action="approve")
    services.trip_report_file(trip=trip, actor=users["sales1"], data={"route": "金华—杭州"})
    try:
        old_apps = migrate(BEFORE)
        VisitFeedback = old_apps.get_model("trips", "VisitFeedback")
        png = base64.b64decode(png_data_url().split(",", 1)[1])
        signed_at = timezone.now().replace(microsecond=0)
        for customer, score, content, tampered in [
            (customers[0], 5, "介绍新款组件", False),
            (customers[1], 3, "报价", True),
        ]:
            VisitFeedback.objects.create(
                trip_id=trip.pk,
                customer_id=customer.pk,
                content=content,
                satisfaction=score,
                signer_name="赵经理",
                signature_png=png,
                signed_at=signed_at,
                content_hash=legacy_hash(
                    trip.pk,
                    customer.code,
                    content + ("（改）" if tampered else ""),
                    score,
                    "赵经理",
                    signed_at.isoformat(),
                    png,
                ),
            )
    finally:
        migrate(AFTER)
    visits = {v.customer.code: v for v in Visit.objects.filter(trip_id=trip.pk)}
    assert sorted(visits) == ["C-0001", "C-0002"]
    first, second = visits["C-0001"], visits["C-0002"]
    assert (first.salesperson.username, first.status, first.content) == (
        "sales1",
        "checked_out",
        "介绍新款组件",
    )
    # 5 非常满意 -> 4 非常满意; 3 较满意 -> 3 满意.
    assert [VisitSignature.objects.get(visit=v).satisfaction for v in (first, second)] == [4, 3]
    assert [SatisfactionSurvey.objects.get(visit=v).score for v in (first, second)] == [4, 3]
    # Intact stays intact under the one seal (the keyed HMAC since issue 8 item 5); a form
    # changed before the move stays flagged.
    sealed = VisitSignature.objects.get(visit=first)
    assert (sealed.version, sealed.seal_key, sealed.content) == (1, "dev", "介绍新款组件")
    assert visits_feedback.visit_feedback_seal_status(sealed) == "intact"
    assert (
        visits_feedback.visit_feedback_seal_status(VisitSignature.objects.get(visit=second))
        == "altered"
    )
    assert [e.action for e in audit_trail(first)] == ["feedback_migrated"]
    trip = Trip.objects.get(pk=trip.pk)
    assert selectors.trip_input(trip=trip)["customers"][0]["feedback_signed"] is True
    # Reversible: going back recreates the old rows (较满意 comes back as 满意) and removes
    # the visits the migration made.
    try:
        old_apps = migrate(BEFORE)
        rows = old_apps.get_model("trips", "VisitFeedback").objects.order_by("customer__code")
        assert [(r.content, r.satisfaction) for r in rows] == [("介绍新款组件", 5), ("报价", 4)]
        assert not old_apps.get_model("crm", "Visit").objects.filter(trip_id=trip.pk).exists()
    finally:
        migrate(AFTER)
