"""Admin for the department's parameter versions (department.md: changed by admin through a
form; a new version starts from the latest one's figures)."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.admin import NoBulkDelete
from fieldsales.department.versions import VERSION_FIGURES, DepartmentPolicyVersion


@admin.register(DepartmentPolicyVersion)
class DepartmentPolicyVersionAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "effective_from", "log_due", "monthly_report_due_day")
    readonly_fields = ("created_by", "created_at")

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
