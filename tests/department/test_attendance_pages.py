"""D7 pages: my month with the 告知 button while work has not started on a working day, the
manager's grid (person × day, marks, totals), a day with the correction form, the import page
(upload, preview, confirm; the sample file), the monthly sheet in Excel; the 考勤 tab; who
sees what (others 404)."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from attendance_support import clock_csv, imported, numbered
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from fieldsales.core.workdays import is_working_day
from fieldsales.department.attendance.models import AttendanceCorrection, ClockRecord
from fieldsales.department.attendance.views import notice_window
from fieldsales.department.versions import DepartmentPolicyVersion

pytestmark = pytest.mark.django_db


def late_start_today() -> None:
    """A version from today on whose work starts at 23:59:59: the notice stays open all day."""
    DepartmentPolicyVersion.objects.create(
        name="测试：晚上班", effective_from=timezone.localdate(), work_start=time(23, 59, 59)
    )


def test_d7_notice_button_shows_before_work_start_and_records_the_notice(client, cast):
    if not is_working_day(timezone.localdate()):
        pytest.skip("today is not a working day")
    late_start_today()
    client.force_login(cast["sales1"])
    page = client.get("/department/attendance/")
    text = page.content.decode()
    assert page.status_code == 200 and 'id="notice-button"' in text and "考勤" in text
    given = client.post("/department/attendance/notice/", {"reason": "等车"})
    assert given.status_code == 302
    page = client.get("/department/attendance/").content.decode()
    assert 'id="notice-button"' not in page and 'id="notice-given"' in page and "等车" in page


def test_d7_notice_window_closed_after_work_start_and_for_managers(cast):
    day = date(2026, 11, 3)
    tz = timezone.get_default_timezone()
    before = timezone.make_aware(timezone.datetime(2026, 11, 3, 8, 59), tz)
    after = timezone.make_aware(timezone.datetime(2026, 11, 3, 9, 0), tz)
    assert notice_window(cast["sales1"], before)["open"] is True
    assert notice_window(cast["sales1"], after)["open"] is False
    assert notice_window(cast["head"], before)["open"] is False
    assert day.weekday() == 1


def test_d7_grid_marks_and_totals(client, cast):
    numbered(cast)
    imported(
        cast,
        [
            ("1001", "2026-11-02", "09:05"),
            ("1001", "2026-11-02", "17:40"),
            ("1002", "2026-11-02", "08:40"),
            ("1002", "2026-11-02", "16:00"),
        ],
    )
    client.force_login(cast["head"])
    page = client.get("/department/attendance/grid/?month=2026-11").content.decode()
    assert f'data-person="{cast["sales1"].pk}"' in page
    assert 'data-day="2026-11-02" data-status="absent"' in page
    assert 'data-day="2026-11-02" data-status="early_leave"' in page
    assert 'data-day="2026-11-01" data-status="off"' in page  # a Sunday
    assert 'class="total-absent"><strong>' in page


def test_d7_monthly_sheet_in_excel(client, cast):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1002", "2026-11-02", "08:40")])
    client.force_login(cast["head"])
    answer = client.get("/department/attendance/sheet/?month=2026-11")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(answer.content)).active
    rows = {row[0]: row for row in ws.iter_rows(min_row=4, values_only=True)}
    sales1 = rows["张伟"]
    assert sales1[2] == "旷"  # column B is the 1st, C the 2nd
    assert sales1[1] == "休"
    assert ws.cell(row=3, column=32).value == "旷工"
    assert sales1[31] == 1
    assert client.get("/department/attendance/sheet/?month=2026-11").status_code == 200
    client.force_login(cast["sales1"])
    assert client.get("/department/attendance/sheet/").status_code == 404


def test_d7_import_page_preview_then_confirm(client, cast):
    numbered(cast)
    client.force_login(cast["head"])
    page = client.get("/department/attendance/import/")
    assert page.status_code == 200 and 'id="template-link"' in page.content.decode()
    sample = client.get("/department/attendance/import/sample.csv")
    assert sample.status_code == 200
    assert sample.content.decode("utf-8-sig").startswith("工号,日期,时间")
    rows = [("1001", "2026-11-02", "08:50"), ("1001", "2026-11-02", "17:45")]
    preview = client.post(
        "/department/attendance/import/",
        {"file": SimpleUploadedFile("clock.csv", clock_csv(rows))},
    )
    text = preview.content.decode()
    assert preview.status_code == 200 and 'id="confirm-button"' in text and "张伟" in text
    assert ClockRecord.objects.count() == 0
    batch = text.split('name="batch" value="')[1].split('"')[0]
    done = client.post("/department/attendance/import/", {"batch": batch})
    assert done.status_code == 302 and ClockRecord.objects.count() == 2
    bad = client.post(
        "/department/attendance/import/",
        {"file": SimpleUploadedFile("clock.csv", clock_csv([("7777", "2026-11-02", "8点")]))},
    )
    assert bad.status_code == 400 and "未知工号" in bad.content.decode()
    assert 'id="confirm-button"' not in bad.content.decode()


def test_d7_day_page_correction_form(client, cast):
    numbered(cast)
    imported(cast, [("1001", "2026-11-02", "09:05"), ("1001", "2026-11-02", "17:45")])
    client.force_login(cast["head"])
    url = f"/department/attendance/day/?person={cast['sales1'].pk}&day=2026-11-02"
    page = client.get(url).content.decode()
    assert 'id="correct-form"' in page and "旷工" in page
    done = client.post(
        "/department/attendance/correct/",
        {
            "person": cast["sales1"].pk,
            "day": "2026-11-02",
            "kind": "exception",
            "reason": "经理派往客户处",
        },
    )
    assert done.status_code == 302
    assert AttendanceCorrection.objects.get().kind == "exception"
    page = client.get(url).content.decode()
    assert "经理派往客户处" in page and 'data-status="exception"' in page
    client.force_login(cast["sales1"])
    own = client.get("/department/attendance/day/?day=2026-11-02").content.decode()
    assert 'id="correct-form"' not in own


def test_d7_who_sees_which_page(client, cast):
    for username, mine, grid in (
        ("sales1", 200, 404),
        ("head", 200, 200),
        ("gm", 302, 200),
        ("finance", 404, 404),
        ("tech", 404, 404),
    ):
        client.force_login(cast[username])
        assert client.get("/department/attendance/").status_code == mine, username
        assert client.get("/department/attendance/grid/").status_code == grid, username
        assert client.get("/department/attendance/import/").status_code == grid, username
    client.force_login(cast["sales1"])
    other = f"/department/attendance/day/?person={cast['sales2'].pk}&day=2026-11-02"
    assert client.get(other).status_code == 404
    assert client.get("/department/").status_code in (200, 302)


def test_d7_the_grid_shows_thirty_people_a_page(client, cast):
    """The GM's company has hundreds: the grid computes and shows 30 people a page, the
    month's links start again at page 1, and the pages together are everyone."""
    from factories import user_with_role

    from fieldsales.department.attendance import selectors
    from fieldsales.department.attendance.views import GRID_PAGE
    from fieldsales.org.models import Role

    department = cast["sales1"].employee.department
    for _ in range(GRID_PAGE):
        user_with_role(Role.SALESPERSON, department=department)
    everyone = set(selectors.people_seen_by(cast["gm"]).values_list("pk", flat=True))
    assert GRID_PAGE < len(everyone) <= 2 * GRID_PAGE
    client.force_login(cast["gm"])
    shown = []
    for number in (1, 2):
        answer = client.get(f"/department/attendance/grid/?month=2026-11&page={number}")
        assert answer.status_code == 200
        rows = answer.context["rows"]
        assert len(rows) == (GRID_PAGE if number == 1 else len(everyone) - GRID_PAGE)
        shown += [row["person"].pk for row in rows]
        assert all(len(row["entries"]) == 30 for row in rows)  # November, every day
    assert len(shown) == len(set(shown)) and set(shown) == everyone
    first = client.get("/department/attendance/grid/?month=2026-11").content.decode()
    assert "1 / 2" in first and "page=2" in first
    assert 'href="?month=2026-12"' in first  # the next month starts at its first page
