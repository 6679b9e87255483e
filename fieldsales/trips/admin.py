"""Read-only admin views of the documents: they change only through their workflows."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.admin import ReadOnlyAdmin
from fieldsales.trips.models import Advance, Claim, Trip


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
