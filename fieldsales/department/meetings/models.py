"""The Saturday meeting (周六上午工作例会, department.md D5): one record per department and week,
its attendees, and the visits it reviewed and planned (snapshot when the manager closes it)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import Stateful, Table, Transition


class MeetingStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Meeting(Stateful):
    """One department's Saturday meeting: who came, each salesperson's week, the manager's
    guidance, the week's training topic (D10 links its Training here) and the decisions."""

    S = MeetingStatus
    AUDIT_LABEL = "meeting"
    TRANSITIONS: ClassVar[Table] = {
        # D5: the manager closes the meeting; its minutes are then final.
        (S.OPEN, "close"): Transition(S.CLOSED, "manager"),
    }
    CUSTOM_ACTORS = frozenset({"manager"})

    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("例会日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=S.OPEN, db_index=True
    )
    topic = models.TextField(_("本周培训主题（重点业务及技术问题）"), blank=True)
    notes = models.TextField(_("会议记录"), blank=True)
    decisions = models.TextField(_("会议决定"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("主持人"),
        on_delete=models.PROTECT,
        related_name="meetings_opened",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_closed",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("周六工作例会")
        verbose_name_plural = _("周六工作例会")
        ordering = ["-date", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "date"], name="meeting_one_per_week"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"LH{self.date:%Y%m%d}-D{self.department_id}"

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN

    def may_act_as(self, who: str, user: Any) -> bool:
        if who == "manager":
            from fieldsales.department.meetings.rules import runs_department

            return runs_department(user, self.department_id)
        return super().may_act_as(who, user)


class MeetingAttendee(models.Model):
    """One of the department's people at the meeting: present or absent; a salesperson also has
    a section (their week) and the manager's guidance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参会人"),
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
    )
    present = models.BooleanField(_("出席"), default=True)
    absence_note = models.CharField(_("缺席说明"), max_length=200, blank=True)
    has_section = models.BooleanField(_("汇报人"), default=False)
    guidance = models.TextField(_("经理指导意见"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("例会参会人")
        verbose_name_plural = _("例会参会人")
        ordering = ["meeting_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_attendee_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user_id}"


class VisitWeek(models.TextChoices):
    LAST = "last", _("上周拜访及结果")
    NEXT = "next", _("下周重点拜访")


class MeetingVisit(models.Model):
    """A visit on the minutes. While the meeting is open only the 重点 marks of next week's
    planned visits are stored (the rest is read live); closing writes every line as it stood
    (the visit's facts copied), so later changes of the visit do not change the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="visit_lines")
    week = models.CharField(_("周次"), max_length=4, choices=VisitWeek.choices)
    visit = models.ForeignKey(
        "crm.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    key = models.BooleanField(_("重点"), default=False)
    frozen = models.BooleanField(default=False)  # a line of the closed minutes
    date = models.DateField(_("拜访日期"), null=True, blank=True)
    customer = models.CharField(_("客户"), max_length=200, blank=True)
    purpose = models.CharField(_("拜访目的"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, blank=True)
    result = models.TextField(_("结果/客户反馈"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)

    class Meta:
        verbose_name = _("例会拜访")
        verbose_name_plural = _("例会拜访")
        ordering = ["meeting_id", "salesperson_id", "week", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "week", "visit"],
                condition=models.Q(visit__isnull=False),
                name="meeting_visit_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.week} · {self.visit_id}"
