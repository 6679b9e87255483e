"""Daily work logs (工作日志, department.md D3): one per salesperson per working day, the day's
facts from the data (frozen at submit) and three texts in the salesperson's words; the
manager's comments (批注) as a thread."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.core.workflow import AUTHOR, Stateful, Table, Transition


class WorkLogStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class WorkLog(Stateful):
    """A salesperson's log of one working day. A submitted log is never edited (409): its facts
    are frozen into `facts` and whether it came after `log_due` is stored in `late`."""

    S = WorkLogStatus
    AUDIT_LABEL = "worklog"
    TRANSITIONS: ClassVar[Table] = {
        (S.DRAFT, "submit"): Transition(S.SUBMITTED, AUTHOR),
    }

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售员"),
        on_delete=models.PROTECT,
        related_name="work_logs",
    )
    # The person's department when the log was made: the head who reads it (D3).
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_logs",
    )
    day = models.DateField(_("日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=WorkLogStatus.choices, default=S.DRAFT, db_index=True
    )
    done = models.TextField(_("今日工作"), blank=True)
    problems = models.TextField(_("问题"), blank=True)
    plan = models.TextField(_("明日计划"), blank=True)
    # The day's visits, orders, collections and service steps as they stood at submit.
    facts = models.JSONField(_("当日业务数据"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    late = models.BooleanField(_("迟交"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        ordering = ["-day", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="worklog_one_per_day"),
            models.CheckConstraint(
                # A draft is neither submitted nor late (the machine moves the state first).
                condition=models.Q(status="submitted")
                | models.Q(submitted_at__isnull=True, late=False),
                name="worklog_draft_not_submitted",
            ),
        ]
        indexes = [models.Index(fields=["department", "day"], name="worklog_department_day")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"RZ-{self.day:%Y%m%d}-{self.person_id}"

    @property
    def author(self) -> Any:
        return self.person

    @property
    def is_submitted(self) -> bool:
        return self.status == WorkLogStatus.SUBMITTED


class WorkLogComment(models.Model):
    """The manager's comment (批注) on a submitted log; the salesperson reads it."""

    log = models.ForeignKey(WorkLog, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批注人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("批注"))
    created_at = models.DateTimeField(_("批注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作日志批注")
        verbose_name_plural = _("工作日志批注")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.log} · {self.pk}"
