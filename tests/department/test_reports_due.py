"""D4 due times: the weekly report before the Saturday meeting (Saturday 09:00), the monthly
one by the 3rd of the next month; later is late; not submitted after due is missing. The
dashboard's overdue count, the scorecard's late/missing counts, and the sweep's reminders,
each sent once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from fieldsales.department.reports import selectors, services
from fieldsales.department.reports.models import SalesReport
from fieldsales.notifications.models import Notification

WEEK = date(2027, 1, 4)


def at(*parts):
    return timezone.make_aware(datetime(*parts))  # noqa: DTZ001 (made aware here)


@pytest.fixture
def people(cast):
    for who in ("sales1", "sales2"):
        cast[who].date_joined = at(2026, 6, 1)
        cast[who].save(update_fields=["date_joined"])
    return cast


def filed(cast, kind, start, submitted_at):
    report = services.report_create(
        actor=cast["sales1"], kind=kind, period_start=start, today=start
    )
    return services.report_submit(report=report, actor=cast["sales1"], now=submitted_at)


def test_d4_weekly_due_saturday_nine(cast):
    report = services.report_create(
        actor=cast["sales1"], kind="weekly", period_start=WEEK, today=WEEK
    )
    assert report.due_at == at(2027, 1, 9, 9, 0)


def test_d4_weekly_before_nine_is_on_time_after_is_late(people):
    on_time = filed(people, "weekly", WEEK, at(2027, 1, 9, 8, 59))
    assert on_time.late is False
    late = filed(people, "weekly", date(2027, 1, 11), at(2027, 1, 16, 9, 1))
    assert late.late is True


def test_d4_monthly_due_by_the_third_of_next_month(people):
    on_time = filed(people, "monthly", date(2027, 1, 1), at(2027, 2, 3, 23, 59))
    assert on_time.late is False
    assert on_time.due_at == at(2027, 2, 4, 0, 0)
    late = filed(people, "monthly", date(2027, 2, 1), at(2027, 3, 4, 0, 1))
    assert late.late is True


def test_d4_overdue_count_around_saturday_nine(people):
    sales1 = people["sales1"]
    # Due in the month before 2027-01-09 09:01: the weeklies of Dec 12, 19, 26, Jan 2 and
    # Jan 9, and December's monthly report (Jan 3).
    assert selectors.overdue_count(sales1, at(2027, 1, 9, 9, 1)) == 6
    assert selectors.overdue_count(sales1, at(2027, 1, 9, 8, 59)) == 5
    assert selectors.overdue_count(people["head"], at(2027, 1, 9, 9, 1)) == 12
    assert selectors.overdue_count(people["tech"], at(2027, 1, 9, 9, 1)) == 0
    filed(people, "weekly", WEEK, at(2027, 1, 9, 9, 30))  # late, no longer missing
    assert selectors.overdue_count(sales1, at(2027, 1, 9, 10, 0)) == 5
    # A draft does not count as filed.
    services.report_create(actor=sales1, kind="monthly", period_start=date(2026, 12, 1), today=WEEK)
    assert selectors.overdue_count(sales1, at(2027, 1, 9, 10, 0)) == 5


def test_d4_late_and_missing_per_person_for_a_period(people):
    filed(people, "weekly", WEEK, at(2027, 1, 9, 10, 0))  # late
    filed(people, "weekly", date(2027, 1, 11), at(2027, 1, 16, 8, 0))  # on time
    counts = selectors.late_and_missing(
        people=[people["sales1"], people["sales2"]],
        start=date(2027, 1, 1),
        end=date(2027, 1, 31),
        now=at(2027, 2, 10, 12, 0),
    )
    # Due in January: the weeklies of Jan 2, 9, 16, 23, 30 and December's monthly (Jan 3).
    assert counts[people["sales1"].pk] == {"late": 1, "missing": 4}
    assert counts[people["sales2"].pk] == {"late": 0, "missing": 6}
    # Before a report falls due it is neither late nor missing.
    early = selectors.late_and_missing(
        people=[people["sales2"]],
        start=date(2027, 1, 1),
        end=date(2027, 1, 31),
        now=at(2027, 1, 9, 8, 0),
    )
    assert early[people["sales2"].pk] == {"late": 0, "missing": 2}


def test_d4_sweep_reminds_before_due_and_tells_of_overdue_once(people):
    made = services.sweep(at(2027, 1, 8, 10, 0))
    due = Notification.objects.filter(kind="report.due", dedupe_key__contains=":2027-01-04:")
    assert sorted(n.recipient.username for n in due) == ["sales1", "sales2"]
    assert made >= 2
    assert services.sweep(at(2027, 1, 8, 10, 30)) == 0
    filed(people, "weekly", WEEK, at(2027, 1, 9, 8, 0))
    services.sweep(at(2027, 1, 9, 9, 30))
    overdue = Notification.objects.filter(
        kind="report.overdue", dedupe_key__contains=":2027-01-04:"
    )
    assert sorted(n.recipient.username for n in overdue) == ["head", "sales2"]
    assert services.sweep(at(2027, 1, 9, 10, 30)) == 0
    assert SalesReport.objects.count() == 1
