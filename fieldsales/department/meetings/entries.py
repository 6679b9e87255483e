"""What meetings plug into the shared pages at start-up (DepartmentConfig.ready): the 例会
section of the 部门 tab, the notification kinds and the reminder sweep, labels, audit text."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.department.meetings import notify, rules
from fieldsales.department.meetings.models import MeetingStatus
from fieldsales.department.sections import Section, register_section
from fieldsales.notifications.registry import register_kind, register_sweep

STATUS_LABELS = dict(MeetingStatus.choices)
ACTIONS = {
    "open": gettext_lazy("召开例会"),
    "edit": gettext_lazy("修改例会记录"),
    "attendance": gettext_lazy("登记出勤"),
    "guidance": gettext_lazy("填写指导意见"),
    "key": gettext_lazy("标记重点拜访"),
    "close": gettext_lazy("结束例会"),
}

SECTION = Section("department:meetings", gettext_lazy("例会"), 50, rules.reads_meetings)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "周六工作例会"),
    actions="department.meeting.action",
    statuses="department.meeting.status",
    sentences={},
)


def register() -> None:
    register_section(SECTION)
    for kind in notify.KINDS:
        register_kind(kind)
    register_sweep(notify.SWEEP)
    labels.register("department.meeting.status", STATUS_LABELS)
    labels.register("department.meeting.action", ACTIONS)
    audit_text.register_voice("department.meeting", VOICE)
