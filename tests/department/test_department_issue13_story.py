"""Issue 13, done when: the story a new user tries, through the API and the pages.

gm sets 2027's company target and splits it to the sales department; head splits it to sales1
and sales2 by month (a split 0.01 short is refused); sales1 writes today's log, prefilled with
today's visit; files the weekly report whose figures match the orders and collections entered;
head comments and sales1 gets a notification in the bell and by e-mail; head runs Saturday's
meeting and prints its minutes; the dashboard's target-vs-actual numbers equal the sums in the
database."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from django.utils import timezone
from factories import CustomerFactory, VisitFactory
from targets_support import YEAR, company_payload, months_of, split_payload
from worklogs_support import checked_in_visit, signed_order

from fieldsales.core.workdays import is_working_day, previous_working_day
from fieldsales.department.models import TargetLine
from fieldsales.notifications.models import Notification
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Collection, Order

pytestmark = pytest.mark.django_db


def test_issue_13_story(api, client, cast, settings, django_capture_on_commit_callbacks):
    department = cast["head"].employee.department
    gm, head, sales1 = api("gm"), api("head"), api("sales1")

    # gm sets 2027's company target, split to the sales department, and publishes it
    company = gm.post(
        "/api/targets/", company_payload(department.pk, "3000000.00", "2400000.00"), format="json"
    )
    assert company.status_code == 201, company.json()
    assert gm.post(f"/api/targets/{company.json()['id']}/publish/").status_code == 200

    # head splits it to sales1 and sales2 by month: 0.01 short is refused, naming the gap
    people = {
        cast["sales1"].pk: ("1800000.00", "1440000.00"),
        cast["sales2"].pk: ("1200000.00", "960000.00"),
    }
    short = split_payload(department.pk, people)
    short["people"][2]["months"] = months_of("1200000.00", "0.01")
    refused = head.post("/api/targets/", short, format="json")
    assert refused.status_code == 400
    assert refused.json()["people"][0].endswith("差 0.01")
    split = head.post("/api/targets/", split_payload(department.pk, people), format="json")
    assert split.status_code == 201, split.json()
    assert head.post(f"/api/targets/{split.json()['id']}/submit/").status_code == 200
    approved = gm.post(f"/api/targets/{split.json()['id']}/approve/", {"comment": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    # sales1 writes today's log (the last working day when today is not one), prefilled
    today = timezone.localdate()
    log_day = today if is_working_day(today) else previous_working_day(today)
    visit = checked_in_visit(cast, day=log_day if log_day != today else None)
    log = sales1.post(
        "/api/work-logs/",
        {"day": log_day.isoformat(), "done": "拜访客户，介绍新组件", "plan": "准备报价"},
        format="json",
    )
    assert log.status_code == 201, log.json()
    detail = sales1.get(f"/api/work-logs/{log.json()['id']}/").json()
    assert visit.customer.name in str(detail["facts"])
    submitted = sales1.post(f"/api/work-logs/{log.json()['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    # an order signed and a collection entered this week
    order = signed_order(cast)
    paid = api("finance").post(
        f"/api/orders/{order.pk}/collections/",
        {"date": today.isoformat(), "amount": "3000.00", "method": "transfer", "reference": "B1"},
        format="json",
    )
    assert paid.status_code == 201, paid.json()

    # sales1 files the weekly report: its figures are the week's orders and collections
    report = sales1.post("/api/reports/", {"kind": "weekly"}, format="json")
    assert report.status_code == 201, report.json()
    body = report.json()
    start, end = body["period_start"], body["period_end"]
    signed = Order.objects.filter(
        salesperson=cast["sales1"],
        status__in=SIGNED_OR_LATER,
        signed_on__gte=start,
        signed_on__lte=end,
    ).aggregate(s=Sum("total"))["s"]
    collected = Collection.objects.filter(
        order__salesperson=cast["sales1"], voided_at__isnull=True, date__gte=start, date__lte=end
    ).aggregate(s=Sum("amount"))["s"]
    assert (signed, collected) == (Decimal("9500.00"), Decimal("3000.00"))
    assert Decimal(body["figures"]["sales"]) == signed
    assert Decimal(body["figures"]["collected"]) == collected
    filed = sales1.post(f"/api/reports/{body['id']}/submit/")
    assert filed.status_code == 200, filed.json()

    # head comments: sales1 sees it in the bell and receives it by e-mail
    settings.EMAIL_HOST = "smtp.example.test"  # the test backend (locmem) keeps the mail
    cast["sales1"].email = "sales1@example.test"
    cast["sales1"].save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commented = head.post(
            f"/api/reports/{body['id']}/comment/", {"comment": "下周重点跟进义乌"}, format="json"
        )
    assert commented.status_code == 200
    note = Notification.objects.get(recipient=cast["sales1"], kind="report.comment")
    assert [m.to for m in mail.outbox] == [["sales1@example.test"]]
    assert mail.outbox[0].subject == note.title
    client.force_login(cast["sales1"])
    bell = client.get("/notifications/?tab=unread").content.decode()
    assert note.title in bell
    unread = sales1.get("/api/notifications/?unread=1").json()
    assert note.pk in [n["id"] for n in unread["results"]]

    # head runs Saturday's meeting: marks next week's visit 重点, gives guidance, closes, prints
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    next_customer = CustomerFactory(actor=cast["sales1"], name="例会重点客户有限公司")
    planned = VisitFactory(
        customer=next_customer, actor=cast["sales1"], date=saturday + timedelta(days=2)
    )
    meeting = head.post("/api/meetings/", {"date": saturday.isoformat()}, format="json")
    assert meeting.status_code == 201, meeting.json()
    pk = meeting.json()["id"]
    marked = head.post(f"/api/meetings/{pk}/key-visits/", {"visit": planned.pk, "key": True})
    assert marked.status_code == 200, marked.json()
    guided = head.post(
        f"/api/meetings/{pk}/guidance/",
        {"salesperson": cast["sales1"].pk, "guidance": "抓紧义乌的报价"},
        format="json",
    )
    assert guided.status_code == 200
    head.patch(f"/api/meetings/{pk}/", {"topic": "逆变器选型"}, format="json")
    assert head.post(f"/api/meetings/{pk}/close/").status_code == 200
    minutes = head.get(f"/api/meetings/{pk}/print/", HTTP_ACCEPT="application/pdf")
    assert minutes.status_code == 200 and minutes["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=minutes.content, capture_output=True, check=True
    ).stdout.decode()
    for words in ("例会重点客户有限公司", "抓紧义乌的报价", "逆变器选型", "重点"):
        assert words in text

    # the dashboard's target vs actual equals the sums in the database
    board = gm.get(f"/api/dashboard/?period={YEAR}").json()
    row = next(r for r in board["targets"] if r["kind"] == "company")
    lines = TargetLine.objects.filter(target__status="approved", target__year=YEAR)
    company_lines = lines.filter(target__level="company", department__isnull=False)
    assert (
        Decimal(row["sales"]["target"])
        == company_lines.filter(measure="sales").aggregate(s=Sum("amount"))["s"]
    )
    people_row = next(
        r
        for r in head.get(f"/api/dashboard/?period={YEAR}").json()["targets"]
        if r["kind"] == "person" and r["id"] == cast["sales1"].pk
    )
    sales1_year = lines.filter(salesperson=cast["sales1"], measure="collections", month=0)
    assert Decimal(people_row["collections"]["target"]) == sales1_year.get().amount
    month = today.strftime("%Y-%m")
    now = head.get(f"/api/dashboard/?period={month}").json()
    mine = next(r for r in now["targets"] if r["kind"] == "person" and r["id"] == cast["sales1"].pk)
    in_month = Order.objects.filter(
        salesperson=cast["sales1"],
        status__in=SIGNED_OR_LATER,
        signed_on__year=today.year,
        signed_on__month=today.month,
    ).aggregate(s=Sum("total"))["s"]
    got = Collection.objects.filter(
        order__salesperson=cast["sales1"],
        voided_at__isnull=True,
        date__year=today.year,
        date__month=today.month,
    ).aggregate(s=Sum("amount"))["s"]
    assert Decimal(mine["sales"]["actual"]) == in_month
    assert Decimal(mine["collections"]["actual"]) == got
