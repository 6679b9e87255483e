"""Writes of work logs (D3): a draft for a working day, its texts, the submit that freezes the
day's facts and stores whether it was late, and the manager's comment (批注), which notifies the
salesperson. Keyword-only, one transaction each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.workdays import is_working_day
from fieldsales.department.worklogs import due, facts, rules
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment
from fieldsales.notifications import services as notifications
from fieldsales.org.access import enforce

TEXTS = ("done", "problems", "plan")
TEXT_MAX = 5000
COMMENT_KIND = "worklog.comment"


def _texts(data: dict[str, Any]) -> dict[str, str]:
    """The three texts given (others left as they are); 400 naming the field."""
    texts = {}
    for name in TEXTS:
        if name not in data:
            continue
        value = data[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise RuleBroken(_("须为文字"), field=name)
        value = value.replace("\r\n", "\n").strip()
        if len(value) > TEXT_MAX:
            raise RuleBroken(_("最多 %(n)d 个字") % {"n": TEXT_MAX}, field=name)
        if "\x00" in value:
            raise RuleBroken(_("含有不允许的字符"), field=name)
        texts[name] = value
    return texts


def _day(value: Any, today: date) -> date:
    """D3: a log is of a working day, not after today."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleBroken(_("请填写日期"), field="day")
    if value.year < 2000:
        raise RuleBroken(_("日期须在 2000 年以后"), field="day")
    if value > today:
        raise RuleBroken(_("不能填写今天以后的工作日志"), field="day")
    if not is_working_day(value):
        raise RuleBroken(
            _("%(day)s 不是工作日：工作日志只按工作日填写（D3）") % {"day": value}, field="day"
        )
    return value


@transaction.atomic
def worklog_create(*, actor: Any, day: Any, data: dict[str, Any]) -> WorkLog:
    """A draft log of the actor's working day; a second one for the same day is 409."""
    enforce(rules.can_create(actor))
    texts = _texts(data)
    day = _day(day, timezone.localdate())
    if WorkLog.objects.filter(person=actor, day=day).exists():
        raise InvalidTransition(_("%(day)s 的工作日志已经有了（每天一份，D3）") % {"day": day})
    employee = getattr(actor, "employee", None)
    try:
        with transaction.atomic():
            log = WorkLog.objects.create(
                person=actor,
                day=day,
                department_id=getattr(employee, "department_id", None),
                **texts,
            )
    except IntegrityError:  # two clicks at once: the other one made it
        raise InvalidTransition(
            _("%(day)s 的工作日志已经有了（每天一份，D3）") % {"day": day}
        ) from None
    audit(document=log, actor=actor, action="create", data={"day": day.isoformat()})
    return log


@transaction.atomic
def worklog_update(*, log: WorkLog, actor: Any, data: dict[str, Any]) -> WorkLog:
    """The draft's texts; a submitted log is never edited (409)."""
    log = WorkLog.objects.select_for_update().get(pk=log.pk)
    enforce(rules.can_edit(actor, log))
    texts = _texts(data)
    for name, value in texts.items():
        setattr(log, name, value)
    log.save(update_fields=[*texts, "updated_at"])
    audit(document=log, actor=actor, action="edit", data={"fields": sorted(texts)})
    return log


@transaction.atomic
def worklog_submit(
    *, log: WorkLog, actor: Any, data: dict[str, Any] | None = None, now: datetime | None = None
) -> WorkLog:
    """File the log: its texts (given now or before) checked, the day's facts frozen, `late`
    stored when it comes after `log_due` on the next working day (D3)."""
    moment = now or timezone.now()
    enforce(rules.can_submit(actor, log))
    if data:
        log = worklog_update(log=log, actor=actor, data=data)

    def before(locked: WorkLog) -> None:
        if not locked.done.strip():
            raise RuleBroken(_("请填写今日工作（D3）"), field="done")
        if not locked.plan.strip():
            raise RuleBroken(_("请填写明日计划（D3）"), field="plan")
        locked.facts = facts.facts_of(locked.person_id, locked.day)
        locked.submitted_at = moment
        locked.due_at = due.due_at(locked.day)
        locked.late = moment > locked.due_at

    def after(moved: WorkLog, _old: str) -> None:
        # Saved with the new state (the check constraint ties them together).
        moved.save(update_fields=["facts", "submitted_at", "due_at", "late"])

    return workflow.apply(
        model=WorkLog,
        pk=log.pk,
        actor=actor,
        action="submit",
        before=before,
        after=after,
    )


@transaction.atomic
def worklog_comment(*, log: WorkLog, actor: Any, text: Any) -> WorkLogComment:
    """D3: the manager's comment on a submitted log; the salesperson is notified."""
    log = WorkLog.objects.select_for_update().select_related("person").get(pk=log.pk)
    enforce(rules.can_comment(actor, log))
    if not isinstance(text, str) or not text.strip():
        raise RuleBroken(_("请填写批注"), field="text")
    text = text.replace("\r\n", "\n").strip()
    if len(text) > TEXT_MAX or "\x00" in text:
        raise RuleBroken(_("批注最多 %(n)d 个字") % {"n": TEXT_MAX}, field="text")
    comment = WorkLogComment.objects.create(log=log, author=actor, text=text)
    audit(document=log, actor=actor, action="comment", comment=text)
    # Stored in the company's language: the salesperson reads what the manager wrote.
    with translation.override(settings.LANGUAGE_CODE):
        notifications.notify(
            recipient=log.person,
            kind=COMMENT_KIND,
            dedupe_key=f"worklog:{log.pk}:comment:{comment.pk}",
            title=_("%(who)s 批注了您 %(day)s 的工作日志")
            % {"who": display_name(actor), "day": log.day.isoformat()},
            body=text[:500],
            link=reverse("department:worklog_detail", args=[log.pk]),
            document=log,
        )
    return comment
