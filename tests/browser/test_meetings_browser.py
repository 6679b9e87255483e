"""D5 in the browser: the head opens this Saturday's meeting from the 例会 section, marks a
salesperson's next-week visit 重点, gives guidance, closes the meeting and opens the minutes;
the workspace is a two-column desktop page and fits a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from helpers import SCREENSHOTS, no_sideways_scroll

from fieldsales.crm.models import Customer, Visit
from fieldsales.department.meetings import weeks
from fieldsales.department.meetings.models import Meeting, MeetingStatus, MeetingVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_runs_the_saturday_meeting(desktop, phone, cast):
    sales1 = cast["sales1"]
    saturday = weeks.this_saturday(timezone.localdate())
    planned = Visit.objects.create(
        customer=Customer.objects.filter(owner=sales1).order_by("code").first(),
        salesperson=sales1,
        date=saturday + timedelta(days=3),
        purpose="送报价并洽谈屋顶方案",
    )

    page = desktop("head")
    page.goto("/department/")
    page.get_by_role("link", name="例会").click()
    page.get_by_role("button", name="召开本周例会").click()
    page.get_by_role("button", name="结束例会").wait_for()
    meeting = Meeting.objects.get()

    line = page.locator(f'.visit-line[data-visit="{planned.pk}"]')
    line.get_by_role("button", name="标为重点").click()
    page.locator(f'.visit-line[data-visit="{planned.pk}"] .key-badge').wait_for()
    page.fill(f"#guidance-{sales1.pk}", "先确认用电量再报价")
    page.locator(f'[data-person="{sales1.pk}"]').get_by_role("button", name="保存指导意见").click()
    page.get_by_text("指导意见已保存").wait_for()
    page.fill("#topic", "组件质保条款")
    page.get_by_role("button", name="保存记录").click()
    page.get_by_text("例会记录已保存").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "meetings-workspace-desktop.png"), full_page=True)

    on_phone = phone("head")
    on_phone.goto(f"/department/meetings/{meeting.pk}/")
    assert no_sideways_scroll(on_phone)
    on_phone.screenshot(path=str(SCREENSHOTS / "meetings-workspace-phone.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="结束例会").click()
    page.get_by_text("会议纪要已发给参会人").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert MeetingVisit.objects.get(meeting=meeting, visit=planned, frozen=True).key is True
    assert page.get_by_role("button", name="结束例会").count() == 0

    page.get_by_role("link", name="会议纪要").click()
    page.get_by_role("link", name="打印 PDF（A4）").wait_for()
    assert "先确认用电量再报价" in page.content() and "组件质保条款" in page.content()
    pdf = page.request.get(f"/department/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
