"""Writes of training (D10): create a session (its attendees the department's salespeople; on a
Saturday it links the department's meeting of that day by itself), edit it, add materials (files
checked by core.uploads), mark attendance once it has taken place. Keyword-only, one
transaction each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.uploads import PDF, Accepts, atomic_with_files, checked_upload
from fieldsales.department.meetings.models import Meeting
from fieldsales.department.training import rules, selectors
from fieldsales.department.training.models import (
    TrainingAttendee,
    TrainingMaterial,
    TrainingSession,
)
from fieldsales.org.access import enforce
from fieldsales.org.models import Department

MATERIAL = Accepts(
    types=frozenset({"image/jpeg", "image/png", "image/webp", PDF}),
    wrong_type=gettext_lazy("培训资料须为 PDF 文件或 JPG、PNG、WebP 图片（D10）"),
    too_big=gettext_lazy("培训资料不能超过 %(mb)d MB"),
)
MAX_MATERIALS = 20
SATURDAY = 5
TEXT_LIMITS = {"topic": 200, "notes": 8000, "links": 4000}


def _text(value: Any, name: str, *, required: bool = False) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise RuleBroken(_("须为文字"), field=name)
    text = value.strip()
    if required and not text:
        raise RuleBroken(_("请填写培训主题（D10）"), field=name)
    if len(text) > TEXT_LIMITS[name]:
        raise RuleBroken(_("不能超过 %(n)s 字") % {"n": TEXT_LIMITS[name]}, field=name)
    return text


def _links(value: Any) -> str:
    text = _text(value, "links")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if not line.startswith(("http://", "https://")) or " " in line:
            raise RuleBroken(
                _("资料链接须为 http:// 或 https:// 开头的网址，每行一个（D10）"), field="links"
            )
    return "\n".join(lines)


def _trainer(user_id: Any) -> Any:
    user = (
        get_user_model().objects.filter(pk=user_id, is_active=True, employee__isnull=False).first()
        if isinstance(user_id, int)
        else None
    )
    if user is None:
        raise RuleBroken(_("培训人须为在职员工（D10）"), field="trainer")
    return user


def _meeting(department_id: int, meeting_id: Any, day: date) -> Meeting | None:
    """The Saturday meeting a session belongs to: the one named (same department), else on a
    Saturday the department's meeting of that day, if any."""
    if meeting_id is None:
        if day.weekday() != SATURDAY:
            return None
        return Meeting.objects.filter(department_id=department_id, date=day).first()
    meeting = (
        Meeting.objects.filter(pk=meeting_id, department_id=department_id).first()
        if isinstance(meeting_id, int)
        else None
    )
    if meeting is None:
        raise RuleBroken(_("只能关联本部门的周六例会（D10）"), field="meeting")
    return meeting


@transaction.atomic
def training_create(*, actor: Any, department_id: int, data: dict[str, Any]) -> TrainingSession:
    """D10: a session of a department; its attendees are the department's salespeople
    (present until marked absent)."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise RuleBroken(_("部门不存在"), field="department")
    enforce(rules.can_create(actor, department.pk))
    day = data.get("date")
    if not isinstance(day, date):
        raise RuleBroken(_("请填写培训日期"), field="date")
    trainer = _trainer(data.get("trainer", actor.pk))
    session = TrainingSession.objects.create(
        department=department,
        date=day,
        topic=_text(data.get("topic", ""), "topic", required=True),
        trainer=trainer,
        meeting=_meeting(department.pk, data.get("meeting"), day),
        links=_links(data.get("links", "")),
        notes=_text(data.get("notes", ""), "notes"),
        created_by=actor,
    )
    TrainingAttendee.objects.bulk_create(
        TrainingAttendee(session=session, user=user)
        for user in selectors.trainees(department.pk)
        if user.pk != trainer.pk
    )
    audit(document=session, actor=actor, action="create")
    return session


def _locked(session: TrainingSession, actor: Any) -> TrainingSession:
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    enforce(rules.can_edit(actor, locked))
    return locked


@transaction.atomic
def training_update(
    *, session: TrainingSession, actor: Any, data: dict[str, Any]
) -> TrainingSession:
    """The topic, date, trainer, meeting, links and notes."""
    session = _locked(session, actor)
    changed = []
    if "topic" in data:
        session.topic = _text(data["topic"], "topic", required=True)
        changed.append("topic")
    if "notes" in data:
        session.notes = _text(data["notes"], "notes")
        changed.append("notes")
    if "links" in data:
        session.links = _links(data["links"])
        changed.append("links")
    if "date" in data:
        session.date = data["date"]
        changed.append("date")
    if "trainer" in data:
        if not rules.runs_department(actor, session.department_id):
            raise RuleBroken(_("培训人由部门负责人或部门经理指定（D10）"), field="trainer")
        session.trainer = _trainer(data["trainer"])
        changed.append("trainer")
    if "meeting" in data:
        session.meeting = _meeting(session.department_id, data["meeting"], session.date)
        changed.append("meeting")
    if changed:
        session.save(update_fields=[*changed, "updated_at"])
        audit(document=session, actor=actor, action="edit", data={"fields": changed})
    return session


@transaction.atomic
def training_attendance(
    *, session: TrainingSession, actor: Any, rows: list[dict[str, Any]]
) -> TrainingSession:
    """D10: mark attendees present or absent (with a note), once the session has taken place."""
    session = _locked(session, actor)
    if session.date > timezone.localdate():
        raise InvalidTransition(_("培训尚未举行，不能登记出勤（D10）"))
    for row in rows:
        user_id = row.get("user")
        attendee = (
            session.attendees.select_for_update().filter(user_id=user_id).first()
            if isinstance(user_id, int)
            else None
        )
        if attendee is None:
            raise RuleBroken(_("不是本次培训的参训人（D10）"), field="user")
        attendee.present = bool(row.get("present"))
        note = row.get("note", "")
        attendee.note = "" if attendee.present else str(note)[:200]
        attendee.save(update_fields=["present", "note"])
    audit(document=session, actor=actor, action="attendance", data={"rows": len(rows)})
    return session


def training_add_material(*, session: TrainingSession, actor: Any, upload: Any) -> TrainingMaterial:
    """A file for the session (PDF or a picture), checked and stored as every upload is."""
    with atomic_with_files() as files:
        session = _locked(session, actor)
        if upload is None:
            raise RuleBroken(_("请选择文件"), field="file")
        if session.materials.count() >= MAX_MATERIALS:
            raise RuleBroken(
                _("每次培训最多 %(n)d 个资料文件") % {"n": MAX_MATERIALS}, field="file"
            )
        checked = checked_upload(upload, accepts=MATERIAL, field="file")
        material = TrainingMaterial(
            session=session,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        name = f"PX{session.pk}-{checked.sha256[:12]}.{checked.extension}"
        files.save_with(material, "file", name, checked.file, field="file")
        audit(document=session, actor=actor, action="material", data={"material": material.pk})
    return material
