"""D3 pages: the log of a day prefilled with its facts, saved and submitted; my logs with
their marks (on time, late, missing); the head's view of a day and the comment form; the 日志
section in the 部门 tab."""

from __future__ import annotations

from datetime import date

import pytest
from worklogs_support import at, checked_in_visit

from fieldsales.department.worklogs import services
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 10)


def test_d3_write_page_prefilled_saved_then_submitted(client, cast):
    checked_in_visit(cast, day=DAY)
    client.force_login(cast["sales1"])
    page = client.get("/department/logs/write/?day=2026-03-10")
    assert page.status_code == 200
    text = page.content.decode()
    assert "日志测试光伏有限公司" in text and "介绍新组件" in text and 'data-facts="visits"' in text

    saved = client.post(
        "/department/logs/write/",
        {"day": "2026-03-10", "done": "拜访日志测试光伏", "action": "save"},
    )
    assert saved.status_code == 302
    log = WorkLog.objects.get(person=cast["sales1"], day=DAY)
    assert (log.status, log.done) == ("draft", "拜访日志测试光伏")

    refused = client.post(
        "/department/logs/write/", {"day": "2026-03-10", "done": "拜访", "action": "submit"}
    )
    assert refused.status_code == 400 and "请填写明日计划" in refused.content.decode()

    done = client.post(
        "/department/logs/write/",
        {"day": "2026-03-10", "done": "拜访", "plan": "报价", "action": "submit"},
    )
    log.refresh_from_db()
    assert done.status_code == 302 and done["Location"] == f"/department/logs/{log.pk}/"
    assert (log.status, log.late) == ("submitted", True)
    assert client.get("/department/logs/write/?day=2026-03-10")["Location"] == done["Location"]


def test_d3_my_logs_marked_on_time_late_missing(client, cast):
    on_time = services.worklog_create(
        actor=cast["sales1"], day=DAY, data={"done": "a", "plan": "b"}
    )
    services.worklog_submit(log=on_time, actor=cast["sales1"], now=at(DAY, 20))
    late = services.worklog_create(
        actor=cast["sales1"], day=date(2026, 3, 11), data={"done": "a", "plan": "b"}
    )
    services.worklog_submit(log=late, actor=cast["sales1"], now=at(date(2026, 3, 13), 9))
    client.force_login(cast["sales1"])
    text = client.get("/department/logs/?month=2026-03").content.decode()
    assert 'data-day="2026-03-10"' in text
    row = lambda day: text.split(f'data-day="{day}"')[1].split("</a>")[0]  # noqa: E731
    assert 'data-state="on_time"' in row("2026-03-10")
    assert 'data-state="late"' in row("2026-03-11")
    assert 'data-state="missing"' in row("2026-03-12")
    assert 'data-day="2026-03-08"' not in text  # a Sunday


def test_d3_head_board_and_comment(client, cast):
    log = services.worklog_create(
        actor=cast["sales1"], day=DAY, data={"done": "拜访", "plan": "报价"}
    )
    services.worklog_submit(log=log, actor=cast["sales1"], now=at(DAY, 20))
    client.force_login(cast["head"])
    assert client.get("/department/logs/")["Location"] == "/department/logs/board/"
    text = client.get("/department/logs/board/?day=2026-03-10").content.decode()
    part = lambda who: text.split(f'data-person="{cast[who].pk}"')[1][:600]  # noqa: E731
    assert 'data-state="on_time"' in part("sales1")
    assert 'data-state="missing"' in part("sales2")
    detail = client.get(f"/department/logs/{log.pk}/").content.decode()
    assert "发送批注" in detail
    sent = client.post(f"/department/logs/{log.pk}/comment/", {"text": "继续跟进"})
    assert sent.status_code == 302
    assert WorkLogComment.objects.get().text == "继续跟进"
    client.force_login(cast["sales1"])
    mine = client.get(f"/department/logs/{log.pk}/").content.decode()
    assert "继续跟进" in mine and "发送批注" not in mine


def test_d3_section_in_the_department_tab(client, cast):
    client.force_login(cast["sales1"])
    page = client.get("/department/logs/").content.decode()
    assert 'href="/department/logs/"' in page
    client.force_login(cast["tech"])
    assert client.get("/department/logs/").status_code == 404


def test_d3_gm_board_by_department(client, cast):
    from factories import department_with_head

    other = department_with_head(name="外贸部")
    client.force_login(cast["gm"])
    everyone = client.get("/department/logs/board/?day=2026-03-10").content.decode()
    assert f'data-person="{cast["sales1"].pk}"' in everyone and "外贸部" in everyone
    theirs = client.get(f"/department/logs/board/?day=2026-03-10&department={other.pk}")
    assert f'data-person="{cast["sales1"].pk}"' not in theirs.content.decode()
    holiday = client.get("/department/logs/board/?day=2026-10-01").content.decode()
    assert "这一天不是工作日" in holiday


def test_d3_pages_take_any_day_text(client, cast):
    client.force_login(cast["sales1"])
    for text in ("9999-12-31", "0001-01-01", "2026-02-30", "x", "9999-12", "0001-01", "1-1-1"):
        assert client.get(f"/department/logs/write/?day={text}").status_code == 200
        assert client.get(f"/department/logs/?month={text}").status_code == 200
    client.force_login(cast["head"])
    assert client.get("/department/logs/board/?day=9999-12-31").status_code == 200


def test_d3_home_shows_the_salesperson_the_log_to_write(client, cast):
    from django.utils import timezone

    from fieldsales.core.workdays import is_working_day, previous_working_day
    from fieldsales.department.worklogs.due import due_at
    from fieldsales.department.worklogs.models import WorkLog

    client.force_login(cast["sales1"])
    today = timezone.localdate()
    page = client.get("/").content.decode()
    block = page[page.index('id="home-worklogs"') :]
    block = block[: block.index("</section>")]
    if is_working_day(today):
        assert f"/department/logs/write/?day={today:%Y-%m-%d}" in block and "写今日日志" in block
    before = previous_working_day(today)
    still_open = timezone.now() < due_at(before)
    assert (f'data-day="{before:%Y-%m-%d}"' in block) == still_open
    # a filed log shows as filed
    WorkLog.objects.create(
        person=cast["sales1"],
        day=today if is_working_day(today) else before,
        status="submitted",
        submitted_at=timezone.now(),
        done="拜访",
        plan="报价",
        department=cast["sales1"].employee.department,
    )
    again = client.get("/").content.decode()
    block = again[again.index('id="home-worklogs"') :]
    assert "已提交" in block[: block.index("</section>")]
    client.force_login(cast["head"])
    assert 'id="home-worklogs"' not in client.get("/").content.decode()
