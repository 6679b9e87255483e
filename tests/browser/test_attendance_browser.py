"""D7 in a browser: sales1 on a 390 px phone sees the 告知 button on top of 考勤 before work
starts and tells the manager they will be late (the server stamps the time); the head on a
desktop uploads the clock's file, reads the preview and confirms it, and the grid shows the
day as late (with the notice) for sales1 and absent for sales2 (late without one)."""

from __future__ import annotations

import sys
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from helpers import no_sideways_scroll, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "department"))
from attendance_support import clock_csv, numbered  # noqa: E402

from fieldsales.core.workdays import is_working_day  # noqa: E402
from fieldsales.department.attendance.models import AttendanceNotice, ClockRecord  # noqa: E402
from fieldsales.department.versions import DepartmentPolicyVersion  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notice_on_a_phone_then_the_head_imports_the_clock_file(phone, desktop, cast, tmp_path):
    today = timezone.localdate()
    if not is_working_day(today):
        pytest.skip("the notice is given on a working day")
    # Work starts ten minutes from now (a version of the department's parameters from today
    # on), so the notice may be given whenever the test runs; the arrival is a minute after.
    start = timezone.localtime() + timedelta(minutes=10)
    if start.date() != today or start.hour == 23 and start.minute > 50:
        pytest.skip("too close to midnight")
    start = start.replace(second=0, microsecond=0)
    arrival = (start + timedelta(minutes=1)).strftime("%H:%M")
    DepartmentPolicyVersion.objects.create(
        name="测试：晚上班", effective_from=today, work_start=start.time(), work_end=time(0, 0)
    )
    numbered(cast)

    page = phone("sales1")
    page.goto("/department/")
    page.get_by_role("link", name="考勤").first.click()
    button = page.locator("#notice-button")
    button.wait_for()
    box = button.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] >= 44  # prominent
    assert box["y"] < 844  # above the fold
    assert no_sideways_scroll(page)
    page.fill("input[name=reason]", "地铁故障")
    shot(page, "attendance-phone-notice")
    button.click()
    page.locator("#notice-given").wait_for()
    notice = AttendanceNotice.objects.get(person=cast["sales1"], day=today)
    assert notice.reason == "地铁故障"
    assert abs((notice.given_at - timezone.now()).total_seconds()) < 120

    # The clock's file for today: sales1 late with the notice, sales2 late without one.
    day = today.isoformat()
    csv_file = tmp_path / "clock.csv"
    csv_file.write_bytes(
        clock_csv(
            [
                ("1001", day, arrival),
                ("1001", day, "23:59:59"),
                ("1002", day, arrival),
                ("1002", day, "23:59:59"),
            ],
            encoding="gbk",
        )
    )
    head = desktop("head")
    head.goto("/department/attendance/import/")
    head.set_input_files("input[name=file]", str(csv_file))
    head.get_by_role("button", name="预览").click()
    head.locator("#preview").wait_for()
    assert head.inner_text("#count-new") == "4"
    assert "张伟" in head.inner_text("#preview-rows")
    assert ClockRecord.objects.count() == 0
    shot(head, "attendance-desktop-preview")
    head.locator("#confirm-button").click()
    head.locator("#grid").wait_for()
    assert ClockRecord.objects.count() == 4
    cell = f'[data-person="{cast["sales1"].pk}"] [data-day="{day}"]'
    assert head.get_attribute(cell, "data-status") == "late"
    cell2 = f'[data-person="{cast["sales2"].pk}"] [data-day="{day}"]'
    assert head.get_attribute(cell2, "data-status") == "absent"
    shot(head, "attendance-desktop-grid")

    grid = phone("head")
    grid.goto(f"/department/attendance/grid/?month={today:%Y-%m}")
    assert no_sideways_scroll(grid)  # the wide table scrolls inside its card
