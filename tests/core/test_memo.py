"""Parameter versions are read once per request and forgotten when one is saved; outside a
request every call reads the database (core.memo)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fieldsales.department.versions import DepartmentPolicyVersion, department_params_on

pytestmark = pytest.mark.django_db


def version_reads(ctx) -> int:
    return sum("department_departmentpolicyversion" in q["sql"] for q in ctx.captured_queries)


def test_outside_a_request_every_call_reads_the_versions():
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as ctx:
        department_params_on(today)
        department_params_on(today - timedelta(days=40))
    assert version_reads(ctx) == 2


def test_in_a_request_the_versions_are_read_once_and_again_after_a_save():
    today = timezone.localdate()
    # The signals a request sends, without closing the test's connection (as Django's test
    # client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        with CaptureQueriesContext(connection) as ctx:
            before = department_params_on(today)
            department_params_on(today - timedelta(days=40))
        assert version_reads(ctx) == 1
        DepartmentPolicyVersion.objects.create(
            name="测试版本", effective_from=today - timedelta(days=1), log_due="11:30"
        )
        after = department_params_on(today)
        assert before.log_due.strftime("%H:%M") != "11:30"
        assert after.log_due.strftime("%H:%M") == "11:30"
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_page_of_duty_shifts_reads_the_versions_once(api, cast):
    api("head").post("/api/duty/generate/", {"month": f"{timezone.localdate():%Y-%m}"})
    with CaptureQueriesContext(connection) as ctx:
        response = api("gm").get("/api/duty/")
    assert response.status_code == 200 and response.data["count"] > 1
    assert version_reads(ctx) == 1


def test_in_a_request_the_inbox_count_is_taken_once_and_again_after_a_save(api, cast):
    """The badge's count (core.inbox, `forget_on_save`) is kept for the request until the
    request saves anything: a trip submitted within it is counted."""
    from helpers import days_from_today

    from fieldsales.core.inbox import inbox_count
    from fieldsales.trips.models import Trip

    body = {
        "purpose": "customer_visit",
        "destinations": [{"province": "浙江", "city": "杭州"}],
        "depart": days_from_today(1),
        "return": days_from_today(2),
    }
    trip = api("sales1").post("/api/trips/", body, format="json").data["id"]
    head = cast["head"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        before = inbox_count(user=head)
        with CaptureQueriesContext(connection) as ctx:
            assert inbox_count(user=head) == before
        assert len(ctx.captured_queries) == 0
        from fieldsales.trips.services import trip_submit

        trip_submit(trip=Trip.objects.get(pk=trip), actor=cast["sales1"])
        assert inbox_count(user=head) == before + 1
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
