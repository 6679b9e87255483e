"""D3/D11: the work-log sweep. On the due day from 09:00 a reminder to whoever has not filed the
previous working day's log; once past due a notice to each one missing and a summary to the
department's head; each once per log day however often the sweep runs."""

from __future__ import annotations

from datetime import date

import pytest
from worklogs_support import at

from fieldsales.department.worklogs import services
from fieldsales.department.worklogs.sweep import run
from fieldsales.notifications.models import Notification
from fieldsales.notifications.registry import kind_codes, sweep

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 10)  # Tuesday: due Wednesday 10:00
DUE_DAY = date(2026, 3, 11)


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_d11_worklog_kinds_and_sweep_registered():
    assert {"worklog.comment", "worklog.due", "worklog.overdue"} <= kind_codes()
    assert sweep("department.worklogs").run is run


def test_d3_reminder_from_nine_on_the_due_day_to_those_without_a_log(cast):
    log = services.worklog_create(
        actor=cast["sales1"], day=DAY, data={"done": "拜访", "plan": "跟进"}
    )
    services.worklog_submit(log=log, actor=cast["sales1"], now=at(DUE_DAY, 8, 50))
    assert run(at(DUE_DAY, 8, 59)) == 0
    assert run(at(DUE_DAY, 9, 5)) == 1
    assert run(at(DUE_DAY, 9, 35)) == 0  # once per log day
    assert (kinds(cast["sales1"]), kinds(cast["sales2"])) == ([], ["worklog.due"])
    reminder = Notification.objects.get(recipient=cast["sales2"])
    assert "2026-03-10" in reminder.title
    assert reminder.link == "/department/logs/write/?day=2026-03-10"


def test_d3_overdue_to_the_person_and_a_summary_to_the_head(cast):
    assert run(at(DUE_DAY, 10, 0)) == 0  # due, not yet past due
    made = run(at(DUE_DAY, 10, 15))
    assert made == 3  # sales1, sales2 and the head's summary
    assert run(at(DUE_DAY, 11, 0)) == 0
    assert kinds(cast["sales1"]) == ["worklog.overdue"]
    summary = Notification.objects.get(recipient=cast["head"], kind="worklog.overdue")
    assert "2 人" in summary.title and summary.body == "张伟、李娜"
    assert summary.link == "/department/logs/board/?day=2026-03-10"


def test_d3_no_overdue_for_a_log_filed_on_time(cast):
    for who in ("sales1", "sales2"):
        log = services.worklog_create(
            actor=cast[who], day=DAY, data={"done": "拜访", "plan": "跟进"}
        )
        services.worklog_submit(log=log, actor=cast[who], now=at(DUE_DAY, 9, 40))
    assert run(at(DUE_DAY, 10, 30)) == 0
    assert not Notification.objects.exists()
