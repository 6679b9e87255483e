"""Attendance (考勤, department.md D7): the time clock's records imported in batches (考勤卡为准),
each person's clock number (工号), the salesperson's notice of being late (告知, timed by the
server), the manager's exceptions (特批) and corrections, each with a reason. Nothing is edited
silently: a wrong record is voided by a correction row, never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockNumber(models.Model):
    """A person's number on the time clock (工号): org.Employee has none, so attendance keeps the
    mapping (admin or the demo fills it)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("员工"),
        on_delete=models.CASCADE,
        related_name="clock_number",
    )
    number = models.CharField(_("工号"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("考勤工号")
        verbose_name_plural = _("考勤工号")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class ClockImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("待确认")
    CONFIRMED = "confirmed", _("已导入")


class ClockImport(models.Model):
    """One upload of the clock's export: previewed (the file kept, nothing saved), then
    confirmed (every row saved, or none). The days it covers are judged from the clock."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    content = models.BinaryField(_("文件内容"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ClockImportStatus.choices,
        default=ClockImportStatus.PREVIEWED,
        db_index=True,
    )
    first_day = models.DateField(_("起始日期"), null=True, blank=True)
    last_day = models.DateField(_("截止日期"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_added = models.PositiveIntegerField(_("新增记录"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考勤导入")
        verbose_name_plural = _("考勤导入")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="previewed")
                | models.Q(confirmed_at__isnull=False, first_day__isnull=False),
                name="attendance_import_confirmed_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"KQ-{self.pk} {self.filename}"


class ClockRecord(models.Model):
    """One punch of the clock: a person, a day and a time (local, Asia/Shanghai). From an import
    or added by a manager's correction; voided by a correction, never deleted."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("员工"),
        on_delete=models.PROTECT,
        related_name="clock_records",
    )
    day = models.DateField(_("日期"))
    time = models.TimeField(_("时间"))
    batch = models.ForeignKey(
        ClockImport, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    voided = models.BooleanField(_("已作废"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("打卡记录")
        verbose_name_plural = _("打卡记录")
        ordering = ["day", "time", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day", "time"], name="clock_record_once"),
        ]
        indexes = [models.Index(fields=["day", "person"], name="clock_record_day_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day} {self.time}"


class AttendanceNotice(models.Model):
    """告知: the salesperson says on the phone, before work starts, that they will be late; the
    server's clock stamps it (`given_at`), never the user."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("员工"),
        on_delete=models.PROTECT,
        related_name="attendance_notices",
    )
    day = models.DateField(_("日期"))
    given_at = models.DateTimeField(_("告知时间"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("迟到告知")
        verbose_name_plural = _("迟到告知")
        ordering = ["-day", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="attendance_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class AttendanceException(models.Model):
    """特批: the manager marks a person's day as an approved exception, with a reason. Revoked by
    a correction (kept, `revoked` set), never deleted."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("员工"),
        on_delete=models.PROTECT,
        related_name="attendance_exceptions",
    )
    day = models.DateField(_("日期"))
    reason = models.CharField(_("理由"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked = models.BooleanField(_("已撤销"), default=False)
    created_at = models.DateTimeField(_("特批时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考勤特批")
        verbose_name_plural = _("考勤特批")
        ordering = ["-day", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "day"],
                condition=models.Q(revoked=False),
                name="attendance_exception_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class CorrectionKind(models.TextChoices):
    ADD = "add", _("补录打卡")
    VOID = "void", _("作废打卡")
    EXCEPTION = "exception", _("特批")
    REVOKE = "revoke", _("撤销特批")


class AttendanceCorrection(models.Model):
    """The audit row of every change a manager makes to a day (D7): what, whose, which day, by
    whom, when and why."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("员工"),
        on_delete=models.PROTECT,
        related_name="attendance_corrections",
    )
    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=CorrectionKind.choices)
    time = models.TimeField(_("时间"), null=True, blank=True)
    record = models.ForeignKey(
        ClockRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    exception = models.ForeignKey(
        AttendanceException,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    reason = models.CharField(_("理由"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("更正时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考勤更正")
        verbose_name_plural = _("考勤更正")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id} {self.day}"
