"""Training (培训, department.md D10): sessions with a topic, a trainer, materials (files and
links) and attendees marked present or absent; the weekly one points at the Saturday meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingSession(models.Model):
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    date = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训主题"), max_length=200)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("培训人"),
        on_delete=models.PROTECT,
        related_name="trainings_given",
    )
    meeting = models.ForeignKey(
        "department.Meeting",
        verbose_name=_("周六例会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
    )
    links = models.TextField(_("资料链接（每行一个）"), blank=True)
    notes = models.TextField(_("培训内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class TrainingMaterial(models.Model):
    """An uploaded file of a session (PDF or picture), checked by core.uploads."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to="training/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训资料")
        verbose_name_plural = _("培训资料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class TrainingAttendee(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("参训人"),
        on_delete=models.PROTECT,
        related_name="training_attendance",
    )
    present = models.BooleanField(_("出席"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("参训人")
        verbose_name_plural = _("参训人")
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_attendee_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.user_id}"
