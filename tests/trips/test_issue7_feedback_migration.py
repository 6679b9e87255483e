"""Issue 7 item 10: the old trip-report feedback rows become CRM visits with signatures.

A new database is migrated to trips 0005 and crm 0005 (tests/scratch_db.py); a reported trip
to two customers gets the old signed feedback rows, one of them changed after it was signed.
The move (trips 0006) makes them visits and is reversible; from the old rows again, the newest
state's own code finds the intact form intact, the changed one altered."""

from __future__ import annotations

import base64
import importlib
from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import png_data_url, today
from scratch_db import migrate, scratch_database

from fieldsales.core.audit import audit_trail
from fieldsales.crm.models import SatisfactionSurvey, Visit, VisitSignature
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.trips import selectors
from fieldsales.trips.models import Trip

BEFORE = [("trips", "0005_claim_notes_and_consents"), ("crm", "0005_service_and_surveys")]
MOVED = [("trips", "0006_visit_feedback_to_crm_visits")]
move = importlib.import_module("fieldsales.trips.migrations.0006_visit_feedback_to_crm_visits")
# (customer, satisfaction on the old five-level scale, content, changed after signing)
FEEDBACK = [("C-0001", 5, "介绍新款组件", False), ("C-0002", 3, "报价", True)]


def old_reported_trip(apps) -> int:
    """sales1's reported trip to C-0001 and C-0002 as trips 0005 stored it: its id."""
    User = apps.get_model("auth", "User")
    Customer = apps.get_model("crm", "Customer")
    Trip = apps.get_model("trips", "Trip")
    sales1 = User.objects.create(username="sales1", password="!")
    customers = [
        Customer.objects.create(
            code=code,
            name=f"杭州客户{code}",
            province_code="33",
            city_code="3301",
            province="浙江",
            city="杭州",
        )
        for code, *_rest in FEEDBACK
    ]
    trip = Trip.objects.create(
        traveller=sales1,
        purpose="customer_visit",
        status="reported",
        depart=today() - timedelta(days=1),
        return_date=today(),
    )
    trip.customers.set(customers)
    apps.get_model("trips", "TripReport").objects.create(
        trip=trip,
        actual_depart=trip.depart,
        actual_return=trip.return_date,
        route="金华—杭州",
        submitted_on=today(),
    )
    return trip.pk


def write_old_feedback(apps, trip_id: int) -> None:
    """The signed feedback rows of trips 0005, each with its plain hash (one of a changed text)."""
    VisitFeedback = apps.get_model("trips", "VisitFeedback")
    Customer = apps.get_model("crm", "Customer")
    VisitFeedback.objects.all().delete()
    png = base64.b64decode(png_data_url().split(",", 1)[1])
    signed_at = timezone.now().replace(microsecond=0)
    for code, score, content, changed in FEEDBACK:
        VisitFeedback.objects.create(
            trip_id=trip_id,
            customer=Customer.objects.get(code=code),
            content=content,
            satisfaction=score,
            signer_name="赵经理",
            signature_png=png,
            signed_at=signed_at,
            content_hash=move.legacy_hash(
                trip_id,
                code,
                content + ("（改）" if changed else ""),
                score,
                "赵经理",
                signed_at.isoformat(),
                png,
            ),
        )


@pytest.mark.django_db(transaction=True)
def test_item10_old_feedback_rows_become_signed_crm_visits(tmp_path):
    with scratch_database(tmp_path):
        old_apps = migrate(BEFORE)
        trip_id = old_reported_trip(old_apps)
        write_old_feedback(old_apps, trip_id)

        moved = migrate(MOVED)
        visits = moved.get_model("crm", "Visit").objects.filter(trip_id=trip_id)
        assert sorted(visits.values_list("customer__code", flat=True)) == ["C-0001", "C-0002"]
        # Reversible: going back recreates the old rows (较满意 comes back as 满意) and removes
        # the visits the move made.
        old_apps = migrate(BEFORE)
        rows = old_apps.get_model("trips", "VisitFeedback").objects.order_by("customer__code")
        assert [(r.content, r.satisfaction) for r in rows] == [("介绍新款组件", 5), ("报价", 4)]
        assert not old_apps.get_model("crm", "Visit").objects.filter(trip_id=trip_id).exists()

        # The old rows as they were, moved again and read by the newest state's code.
        write_old_feedback(old_apps, trip_id)
        migrate()
        visits = {v.customer.code: v for v in Visit.objects.filter(trip_id=trip_id)}
        assert sorted(visits) == ["C-0001", "C-0002"]
        first, second = visits["C-0001"], visits["C-0002"]
        assert (first.salesperson.username, first.status, first.content) == (
            "sales1",
            "checked_out",
            "介绍新款组件",
        )
        # 5 非常满意 -> 4 非常满意; 3 较满意 -> 3 满意.
        signatures = [VisitSignature.objects.get(visit=v) for v in (first, second)]
        assert [s.satisfaction for s in signatures] == [4, 3]
        assert [SatisfactionSurvey.objects.get(visit=v).score for v in (first, second)] == [4, 3]
        # Intact stays intact under the one seal (the keyed HMAC since issue 8 item 5); a form
        # changed before the move stays flagged.
        sealed = signatures[0]
        assert (sealed.version, sealed.seal_key, sealed.content) == (1, "dev", "介绍新款组件")
        assert visits_feedback.visit_feedback_seal_status(sealed) == "intact"
        assert visits_feedback.visit_feedback_seal_status(signatures[1]) == "altered"
        assert [e.action for e in audit_trail(first)] == ["feedback_migrated"]
        trip = Trip.objects.get(pk=trip_id)
        assert selectors.trip_input(trip=trip)["customers"][0]["feedback_signed"] is True
