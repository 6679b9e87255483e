"""The demo's reports (D4): a year of weekly and monthly reports for sales1 and sales2, most
submitted, some commented, a few late, this period's still drafts; two department monthly
reports; loading twice adds nothing."""

from __future__ import annotations

from fieldsales.demo import department_reports
from fieldsales.department.reports.models import DepartmentMonthlyReport, SalesReport


def test_d4_demo_reports_and_their_comments_mostly_read(cast):
    """One load serves both checks: the demo's reports take seconds to file through the
    services (each computes its live figures)."""
    from fieldsales.notifications.models import Notification

    department_reports.load(cast)
    reports = SalesReport.objects.all()
    weekly = reports.filter(kind="weekly", salesperson=cast["sales1"])
    assert weekly.count() >= 52
    assert reports.filter(status="draft").count() <= 4
    assert reports.filter(status="commented").count() > reports.count() // 2
    assert 0 < reports.filter(late=True).count() < reports.count() // 4
    assert reports.filter(kind="monthly", salesperson=cast["sales2"]).count() >= 11
    assert DepartmentMonthlyReport.objects.filter(status="commented").count() == 1
    assert DepartmentMonthlyReport.objects.count() == 2
    # The comments of a year are read but for the last one or two.
    unread = Notification.objects.filter(
        recipient=cast["sales1"], kind="report.comment", read_at__isnull=True
    )
    assert 0 < unread.count() <= 2
    count = reports.count()
    department_reports.load(cast)
    assert SalesReport.objects.count() == count
