"""The audit log in the admin: append-only, so nobody edits or deletes a line."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their own workflow (or never): shown, not edited."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "actor",
        "content_type",
        "object_id",
        "action",
        "from_status",
        "to_status",
    )
    list_filter = ("action", "content_type")
    list_select_related = ("actor", "content_type")
