"""Showroom duty (展厅维护, department.md D8): one shift per department and duty day, held by a
person of a team in rotation; the person marks it done (with an optional photo) by the time the
department's parameters say, else it is missed (computed, never stored: see rules.state)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyState(models.TextChoices):
    SCHEDULED = "scheduled", _("待值日")
    DONE = "done", _("已完成")
    MISSED = "missed", _("未完成")


class DutyShift(models.Model):
    """One duty day of a department: who holds it (and their team), and when it was marked done."""

    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="duty_shifts",
    )
    day = models.DateField(_("值日日期"))
    team = models.ForeignKey(
        "org.Team",
        verbose_name=_("小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duty_shifts",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("值日人"),
        on_delete=models.PROTECT,
        related_name="duty_shifts",
    )
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    photo = models.FileField(_("照片"), upload_to="duty/%Y/%m/", blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True)
    photo_size = models.PositiveIntegerField(default=0)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("展厅值日")
        verbose_name_plural = _("展厅值日")
        ordering = ["day", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "day"], name="duty_shift_one_per_day"),
        ]
        indexes = [models.Index(fields=["person", "day"], name="duty_shift_person_day")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"ZR{self.day:%Y%m%d}-D{self.department_id}"
