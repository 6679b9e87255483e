"""The audit log in the admin: append-only, so nobody edits or deletes a line; no bulk delete."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.models import AuditEvent

# No list in the admin offers "delete selected": documents, policy versions and records are
# removed one by one, where each admin's has_delete_permission (and its service) decides.
admin.site.disable_action("delete_selected")


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
