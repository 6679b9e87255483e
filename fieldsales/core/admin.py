"""The audit log in the admin: append-only, so nobody edits or deletes a line; no
admin of ours offers bulk delete."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.models import AuditEvent


class NoBulkDelete:
    """No "delete selected" on the list (issue 10.19): documents, policy versions and records
    go one by one, where the admin's has_delete_permission (and its service) decides.

    Mixed into every fieldsales admin, before the ModelAdmin class it refines."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdmin(NoBulkDelete, admin.ModelAdmin):
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
