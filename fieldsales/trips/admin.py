"""Read-only admin views of the documents (they change only through their workflows) and the
travel policy versions."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldsales.core.admin import NoBulkDelete, ReadOnlyAdmin
from fieldsales.trips import rules
from fieldsales.trips.models import Advance, Claim, PolicyVersion, Trip
from fieldsales.trips.services import policy_version_delete


@admin.register(Trip)
class TripAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "traveller", "purpose", "depart", "return_date", "status")
    list_filter = ("status", "purpose")
    list_select_related = ("traveller",)
    search_fields = ("traveller__username", "traveller__first_name")


@admin.register(Advance)
class AdvanceAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "traveller", "amount", "status", "paid_at")
    list_filter = ("status",)
    list_select_related = ("traveller",)


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "claimant", "claimed_total", "reimbursed_total", "status")
    list_filter = ("status",)
    list_select_related = ("claimant",)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(NoBulkDelete, admin.ModelAdmin):
    """A version already in force is read-only: change the policy by adding a later version."""

    list_display = ("name", "effective_from", "advance_max", "allowance_out", "created_at")
    save_as = True
    fieldsets = (
        (None, {"fields": ("name", "effective_from", "note")}),
        (
            _("地域"),
            {"fields": ("home_province", "home_region", "home_region_cities", "local_cities")},
        ),
        (_("预支 (P2)"), {"fields": ("advance_max", "one_open_advance")}),
        (
            _("补贴与交通 (P3, P4)"),
            {
                "fields": (
                    "allowance_day_trip_in",
                    "allowance_overnight_in",
                    "allowance_out",
                    "sleeper_min_hours",
                )
            },
        ),
        (
            _("出差天数 (P5)"),
            {
                "fields": (
                    "paid_days_in",
                    "paid_days_out",
                    "absence_after_in",
                    "absence_after_out",
                    "tickets_beyond_paid_days",
                )
            },
        ),
        (
            _("客户与招待 (P6)"),
            {"fields": ("max_trips_per_customer", "entertainment_min_order", "entertainment_rate")},
        ),
        (
            _("报告与审批 (P1, P7, P8)"),
            {"fields": ("report_due_days", "trip_chain", "advance_chain", "claim_chain")},
        ),
    )

    def get_changeform_initial_data(self, request) -> dict:
        """A new version starts as a copy of the latest one."""
        initial = super().get_changeform_initial_data(request)
        latest = PolicyVersion.objects.first()
        if latest is not None:
            for field in PolicyVersion._meta.concrete_fields:
                if field.name not in {
                    "id",
                    "name",
                    "effective_from",
                    "note",
                    "created_by",
                    "created_at",
                }:
                    initial.setdefault(field.name, getattr(latest, field.attname))
        return initial

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None:  # in force, once in force, or pricing a trip: never deleted
            return bool(rules.can_delete_policy_version(request.user, obj))
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        policy_version_delete(version=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for version in queryset:
            policy_version_delete(version=version, actor=request.user)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
