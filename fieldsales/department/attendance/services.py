"""Writes of attendance (D7): the notice (告知) stamped by the server's clock, the clock file's
preview and confirm (all rows or none, idempotent), and the manager's corrections with a
reason: a punch added or voided, a day marked an exception (特批) or the exception revoked.
Each correction is an AttendanceCorrection row and an audit event; nothing is edited silently.
Keyword-only, one transaction each."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, NotFound, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.sheets import check_upload_size
from fieldsales.core.workdays import is_working_day
from fieldsales.department.attendance import importing, rules
from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    AttendanceException,
    AttendanceNotice,
    ClockImport,
    ClockImportStatus,
    ClockRecord,
    CorrectionKind,
)
from fieldsales.department.versions import department_params_on
from fieldsales.notifications import services as notifications
from fieldsales.org.access import department_manager, enforce

REASON_MAX = 500
NOTICE_REASON_MAX = 200
NOTICE_AHEAD = timedelta(days=7)
NOTICE_KIND = "attendance.notice"


def _reason(value: Any, *, required: bool, limit: int = REASON_MAX) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RuleBroken(_("须为文字"), field="reason")
    text = value.replace("\r\n", "\n").strip()
    if required and not text:
        raise RuleBroken(_("请写明理由（D7）"), field="reason")
    if len(text) > limit or "\x00" in text:
        raise RuleBroken(_("理由最多 %(n)d 个字") % {"n": limit}, field="reason")
    return text


def _day(value: Any) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleBroken(_("请填写日期"), field="day")
    if not 2000 <= value.year <= 2100:
        raise RuleBroken(_("日期须在 2000–2100 年之间"), field="day")
    return value


@transaction.atomic
def attendance_notice_give(
    *, actor: Any, day: Any = None, reason: Any = "", now: datetime | None = None
) -> AttendanceNotice:
    """告知 (D7): the salesperson will be late on `day` (default today). Only before that day's
    work_start by the server's clock, which stamps it; one per day (409)."""
    enforce(rules.can_give_notice(actor))
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    day = _day(day if day is not None else today)
    text = _reason(reason, required=False, limit=NOTICE_REASON_MAX)
    if day < today or day > today + NOTICE_AHEAD:
        raise RuleBroken(_("只能告知今天或七天内的工作日（D7）"), field="day")
    if not is_working_day(day):
        raise RuleBroken(_("%(day)s 不是工作日（D7）") % {"day": day}, field="day")
    start = department_params_on(day).work_start
    start_at = timezone.make_aware(datetime.combine(day, start), timezone.get_default_timezone())
    if moment >= start_at:
        raise RuleBroken(
            _("已过上班时间 %(t)s：迟到须在上班前告知（D7）") % {"t": start.strftime("%H:%M")},
            field="day",
        )
    if AttendanceNotice.objects.filter(person=actor, day=day).exists():
        raise InvalidTransition(_("%(day)s 已经告知过了") % {"day": day})
    try:
        with transaction.atomic():
            notice = AttendanceNotice.objects.create(
                person=actor, day=day, given_at=moment, reason=text
            )
    except IntegrityError:
        raise InvalidTransition(_("%(day)s 已经告知过了") % {"day": day}) from None
    audit(document=notice, actor=actor, action="notice", comment=text)
    manager = department_manager(actor)
    if manager is not None and manager.pk != actor.pk:
        # Stored in the company's language: the manager reads what the salesperson wrote.
        with translation.override(settings.LANGUAGE_CODE):
            notifications.notify(
                recipient=manager,
                kind=NOTICE_KIND,
                dedupe_key=f"attendance:notice:{notice.pk}",
                title=_("%(who)s 告知 %(day)s 迟到")
                % {"who": display_name(actor), "day": day.isoformat()},
                body=text,
                link=f"{reverse('department:attendance_day')}?person={actor.pk}&day={day}",
                document=notice,
            )
    return notice


@transaction.atomic
def clock_import_preview(
    *, actor: Any, content: bytes, filename: str = ""
) -> tuple[ClockImport, importing.ClockPreview]:
    """Upload (D7): the file kept on a `previewed` batch, each row checked; nothing else saved.
    The preview says which rows are new, repeated in the file, already imported, or wrong."""
    enforce(rules.can_import(actor))
    check_upload_size(len(content), importing.LIMITS)
    preview = importing.read_clock_file(content)
    days = preview.days
    batch = ClockImport.objects.create(
        uploaded_by=actor,
        filename=(filename or "")[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        rows_total=len(preview.rows),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
    )
    return batch, preview


@transaction.atomic
def clock_import_confirm(*, actor: Any, batch: ClockImport) -> ClockImport:
    """Confirm (D7): the batch's file read again and every new row saved, or none when any row
    is wrong (400). Rows already stored are skipped: the same file twice adds nothing."""
    enforce(rules.can_import(actor))
    batch = ClockImport.objects.select_for_update().get(pk=batch.pk)
    if batch.uploaded_by_id != actor.pk:
        raise NotFound(_("未找到。"))
    if batch.status != ClockImportStatus.PREVIEWED:
        raise InvalidTransition(_("这批考勤记录已经导入过了"))
    preview = importing.read_clock_file(bytes(batch.content))
    if not preview.ok:
        raise RuleBroken("；".join(preview.messages()[:20]), field="file")
    new = [r for r in preview.rows if r.state == importing.NEW]
    created = ClockRecord.objects.bulk_create(
        [ClockRecord(person_id=r.person_id, day=r.day, time=r.time, batch=batch) for r in new],
        ignore_conflicts=True,  # a punch stored meanwhile by another import
    )
    days = preview.days
    batch.status = ClockImportStatus.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.rows_added = len(created)
    batch.first_day, batch.last_day = days[0], days[-1]
    batch.save(update_fields=["status", "confirmed_at", "rows_added", "first_day", "last_day"])
    audit(
        document=batch,
        actor=actor,
        action="import",
        data={"rows": len(preview.rows), "added": len(created), "sha256": batch.sha256},
    )
    return batch


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value.replace(microsecond=0)
    parsed = importing._parse_time(value) if isinstance(value, str) else None
    if parsed is None:
        raise RuleBroken(_("时间格式须为 HH:MM"), field="time")
    return parsed


@transaction.atomic
def attendance_correct(
    *,
    actor: Any,
    person: Any,
    day: Any,
    kind: Any,
    reason: Any,
    time: Any = None,
    record: ClockRecord | None = None,
) -> AttendanceCorrection:
    """D7: the manager's correction of a person's day, with a reason (an audit row):
    `add` a punch at `time`, `void` a `record`, mark the day an `exception` (特批), `revoke` it.
    Never on one's own days (403); never on a day after today (400)."""
    enforce(rules.can_correct(actor, person))
    day = _day(day)
    text = _reason(reason, required=True)
    if day > timezone.localdate():
        raise RuleBroken(_("不能更正今天以后的考勤"), field="day")
    if kind not in CorrectionKind.values:
        raise RuleBroken(
            _("须为 %(values)s") % {"values": ", ".join(CorrectionKind.values)}, field="kind"
        )
    row = AttendanceCorrection(person=person, day=day, kind=kind, reason=text, actor=actor)
    if kind == CorrectionKind.ADD:
        at = _time(time)
        if ClockRecord.objects.filter(person=person, day=day, time=at, voided=False).exists():
            raise InvalidTransition(_("%(t)s 已有打卡记录") % {"t": at.strftime("%H:%M:%S")})
        existing = ClockRecord.objects.filter(person=person, day=day, time=at).first()
        if existing is not None:  # a voided punch restored
            existing.voided = False
            existing.save(update_fields=["voided"])
            row.record = existing
        else:
            row.record = ClockRecord.objects.create(person=person, day=day, time=at)
        row.time = at
    elif kind == CorrectionKind.VOID:
        if record is None or record.person_id != person.pk or record.day != day:
            raise RuleBroken(_("请选择要作废的打卡记录"), field="record")
        record = ClockRecord.objects.select_for_update().get(pk=record.pk)
        if record.voided:
            raise InvalidTransition(_("这条打卡记录已作废"))
        record.voided = True
        record.save(update_fields=["voided"])
        row.record, row.time = record, record.time
    elif kind == CorrectionKind.EXCEPTION:
        if AttendanceException.objects.filter(person=person, day=day, revoked=False).exists():
            raise InvalidTransition(_("%(day)s 已经特批") % {"day": day})
        row.exception = AttendanceException.objects.create(
            person=person, day=day, reason=text, granted_by=actor
        )
    else:
        exception = (
            AttendanceException.objects.select_for_update()
            .filter(person=person, day=day, revoked=False)
            .first()
        )
        if exception is None:
            raise InvalidTransition(_("%(day)s 没有特批可撤销") % {"day": day})
        exception.revoked = True
        exception.save(update_fields=["revoked"])
        row.exception = exception
    row.save()
    audit(
        document=row,
        actor=actor,
        action=f"correct_{kind}",
        comment=text,
        data={"person": person.pk, "day": day.isoformat(), "time": str(row.time or "")},
    )
    return row
