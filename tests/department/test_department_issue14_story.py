"""Issue 14, done when: the story a new user tries, on the demo company at the end of a quarter.

head opens the department's scorecards of the last quarter and adds points, sales1 acknowledges,
gm approves, the 季度考核表 prints; sales1's absent days from an over-long trip (P5.2) and a late
trip report (P7.1) are among the incidents, each linking to its trip; a clock file with a 09:05
arrival without notice makes that day absent, and with a notice at 08:50 late."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from fieldsales.core.workdays import is_working_day
from fieldsales.department.attendance import services as attendance
from fieldsales.department.scorecards.models import Scorecard
from fieldsales.department.scorecards.quarters import last_complete
from fieldsales.trips.models import Trip

pytestmark = pytest.mark.django_db


def _as(username: str) -> APIClient:
    client = APIClient()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _page_as(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _quiet_day(quarter_start: date, people) -> date:
    """A working day of the quarter that no trip of these people covers."""
    day = quarter_start
    while (
        not is_working_day(day)
        or Trip.objects.filter(traveller__in=people, depart__lte=day, return_date__gte=day).exists()
    ):
        day += timedelta(days=1)
    return day


def test_issue_14_story(tmp_path):
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {u.username: u for u in get_user_model().objects.all()}
    quarter = last_complete(timezone.localdate())
    head, sales1, gm = _as("head"), _as("sales1"), _as("gm")

    # head opens the department's scorecards of the last quarter: both salespeople, ranked
    page = _page_as("head").get("/department/scorecards/", {"quarter": quarter.label})
    assert page.status_code == 200
    assert "张伟" in page.content.decode() and "李娜" in page.content.decode()
    cards = head.get("/api/scorecards/", {"quarter": quarter.label}).json()["results"]
    assert sorted(c["person_name"] for c in cards) == ["张伟", "李娜"]
    totals = [float(c["total"]) for c in cards]
    assert totals == sorted(totals, reverse=True)

    # sales1's incidents: P5.2's absent days and the late trip report, each linking to its trip
    card = Scorecard.objects.get(salesperson=users["sales1"], year=quarter.year)
    body = head.get(f"/api/scorecards/{card.pk}/").json()
    absent = [i for i in body["incidents"] if i["kind"] == "absent_days"]
    late = [i for i in body["incidents"] if i["kind"] == "late_reports"]
    assert absent and all("P5.2" in i["label"] and i["scored"] for i in absent)
    assert late and late[0]["scored"]
    assert body["facts"]["incidents"]["absent_days"] == len(absent)
    assert body["facts"]["incidents"]["late_reports"] == len(late)
    for incident in (absent[0], late[0]):
        assert incident["url"].startswith("/trips/")
        assert _page_as("head").get(incident["url"]).status_code == 200
    # sales1 sees their own card only
    other = Scorecard.objects.get(salesperson=users["sales2"], year=quarter.year)
    assert sales1.get(f"/api/scorecards/{other.pk}/").status_code == 404
    assert sales1.post(f"/api/scorecards/{card.pk}/review/", {"points": "10"}).status_code in {
        403,
        404,
    }

    # head adds points, sales1 acknowledges, gm approves; then it is frozen
    url = f"/api/scorecards/{card.pk}/"
    reviewed = head.post(f"{url}review/", {"points": "8.50", "comment": "积极主动"}, format="json")
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["provisional"] is False
    assert sales1.post(f"{url}acknowledge/").status_code == 200
    approved = gm.post(f"{url}approve/")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["frozen"] is True
    assert head.post(f"{url}review/", {"points": "9"}, format="json").status_code == 409

    # the 季度考核表 prints with the figures
    pdf = _page_as("sales1").get(f"/department/scorecards/{card.pk}/print.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "scorecard.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")
    assert "季度考核表" in text and "张伟" in text
    assert approved.json()["total"] in text

    # the clock file: 09:05 without a notice is absent, with a notice at 08:50 late
    day = _quiet_day(quarter.start, [users["sales1"], users["sales2"]])
    rows = [("1001", day, "09:05"), ("1001", day, "17:45")]
    rows += [("1002", day, "09:05"), ("1002", day, "17:45")]
    csv = "工号,日期,时间\n" + "".join(f"{n},{d.isoformat()},{t}\n" for n, d, t in rows)
    upload = SimpleUploadedFile("clock.csv", csv.encode(), content_type="text/csv")
    preview = head.post("/api/attendance/imports/", {"file": upload}, format="multipart")
    assert preview.status_code == 201, preview.json()
    confirmed = head.post(f"/api/attendance/imports/{preview.json()['id']}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    eight_fifty = timezone.make_aware(datetime.combine(day, time(8, 50)))
    attendance.attendance_notice_give(actor=users["sales2"], day=day, now=eight_fifty)

    def status(username: str) -> str:
        params = {"person": users[username].pk, "day": day.isoformat()}
        return head.get("/api/attendance/day/", params).json()["status"]

    assert status("sales1") == "absent"
    assert status("sales2") == "late"
