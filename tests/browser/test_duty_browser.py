"""D8 on a 390 px phone: sales1 opens 值日 in the 部门 tab, sees today's shift as their next one,
adds a photo of the showroom and taps 已完成; the shift is done with the photo, which the head
then sees on the shift's page. The department's parameters (a version in force from today) put
the shift around the clock, so the test does not depend on the hour it runs at."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import timezone
from helpers import SCREENSHOTS, no_sideways_scroll, tiny_png

from fieldsales.department.duty.models import DutyShift
from fieldsales.department.versions import DepartmentPolicyVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales1_marks_todays_duty_done_on_a_phone(phone, cast):
    today = timezone.localdate()
    DepartmentPolicyVersion.objects.create(
        name="全天值日（浏览器测试）",
        effective_from=today,
        duty_weekdays="0,1,2,3,4,5,6",
        duty_start=time(0, 0),
        duty_end=time(23, 0),
        duty_done_by=time(23, 59, 59),
    )
    shift = DutyShift.objects.create(
        department=cast["head"].employee.department,
        day=today,
        person=cast["sales1"],
        created_by=cast["head"],
    )

    page = phone("sales1")
    page.goto("/department/")
    page.get_by_role("link", name="值日").first.click()
    mine = page.locator("#my-duty")
    mine.wait_for()
    assert today.isoformat() in mine.inner_text()
    assert no_sideways_scroll(page)
    page.set_input_files(
        f"#id_duty_photo_{shift.pk}",
        files=[{"name": "showroom.png", "mimeType": "image/png", "buffer": tiny_png()}],
    )
    page.screenshot(path=str(SCREENSHOTS / "duty-phone-done.png"), full_page=True)
    page.get_by_role("button", name="已完成").click()
    page.get_by_text("值日已确认完成").wait_for()

    done = DutyShift.objects.get(pk=shift.pk)
    assert done.done_at is not None and done.photo_content_type == "image/png"
    assert page.locator(f"#shift-{shift.pk} .badge-done").count() == 1
    assert no_sideways_scroll(page)

    head = phone("head")
    head.goto(f"/department/duty/{shift.pk}/")
    assert head.locator("img.duty-photo").count() == 1
