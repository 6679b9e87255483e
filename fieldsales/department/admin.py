"""Admin for the department's parameter versions (department.md: changed by admin through a
form; a new version starts from the latest one's figures)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fieldsales.core.admin import NoBulkDelete
from fieldsales.department.versions import VERSION_FIGURES, DepartmentPolicyVersion


@admin.register(DepartmentPolicyVersion)
class DepartmentPolicyVersionAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "effective_from", "log_due", "monthly_report_due_day")
    readonly_fields = ("created_by", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "effective_from", "note")}),
        (
            _("日志与报告（D3、D4）"),
            {
                "fields": (
                    "log_due",
                    "weekly_report_due_weekday",
                    "weekly_report_due_time",
                    "monthly_report_due_day",
                )
            },
        ),
        (_("考勤与展厅值日（D7、D8）"), {"fields": VERSION_FIGURES[4:10]}),
        (_("季度考核（D6）：权重之和为 100"), {"fields": VERSION_FIGURES[10:]}),
        (None, {"fields": ("created_by", "created_at")}),
    )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        """A new version starts from the latest one's figures."""
        initial = super().get_changeform_initial_data(request)
        latest = DepartmentPolicyVersion.objects.first()
        if latest is not None:
            for field in VERSION_FIGURES:
                initial.setdefault(field, getattr(latest, field))
        return initial
