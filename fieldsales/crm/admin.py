from django.contrib import admin

from fieldsales.core.admin import NoBulkDelete, ReadOnlyAdmin
from fieldsales.crm.models import (
    Contact,
    CrmSettings,
    Customer,
    CustomerTransfer,
    Opportunity,
    SatisfactionSurvey,
    ServiceRequest,
    ServiceStep,
    StageChange,
    Visit,
    VisitPhoto,
)


@admin.register(CrmSettings)
class CrmSettingsAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = (
        "__str__",
        "pool_after_days",
        "revisit_days_a",
        "revisit_days_b",
        "revisit_days_c",
        "checkin_distance_alert_m",
        "service_deadline_days",
    )

    def has_add_permission(self, request):
        # One row of parameters: it is created with its defaults on first use.
        return not CrmSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "grade", "province", "city", "owner", "status")
    list_filter = ("kind", "status", "grade", "province")
    search_fields = ("code", "name", "contact_name", "contact_phone")
    list_select_related = ("owner",)
    inlines = [ContactInline]


@admin.register(CustomerTransfer)
class CustomerTransferAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("customer", "kind", "from_owner", "to_owner", "by", "at")
    list_select_related = ("customer", "from_owner", "to_owner", "by")

    def has_change_permission(self, request, obj=None):
        return False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "by", "note", "at")


@admin.register(Opportunity)
class OpportunityAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("title", "customer", "owner", "stage", "amount", "next_follow_up")
    list_filter = ("stage",)
    list_select_related = ("customer", "owner")
    readonly_fields = ("stage",)  # moved only through the pipeline's transitions
    inlines = [StageChangeInline]


class VisitPhotoInline(admin.TabularInline):
    """Photos arrive only through core.uploads (opened, re-encoded): here they are shown."""

    model = VisitPhoto
    extra = 0
    fields = readonly_fields = (
        "file",
        "content_type",
        "size",
        "sha256",
        "caption",
        "uploaded_by",
        "uploaded_at",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    """Read-only: a visit's record changes only by a correction, a new version the customer
    signs again (a signed version is sealed, issue 8 item 5)."""

    list_display = (
        "__str__",
        "customer",
        "salesperson",
        "date",
        "seq",
        "status",
        "check_in_distance_m",
        "check_in_flagged",
    )
    list_filter = ("status", "check_in_flagged", "date")
    list_select_related = ("customer", "salesperson")
    inlines = [VisitPhotoInline]


class ServiceStepInline(admin.TabularInline):
    model = ServiceStep
    extra = 0


@admin.register(ServiceRequest)
class ServiceRequestAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("__str__", "kind", "customer", "owner", "deadline", "status")
    list_filter = ("kind", "status")
    list_select_related = ("customer", "owner")
    inlines = [ServiceStepInline]


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("customer", "kind", "quarter", "score", "salesperson", "recorded_at")
    list_filter = ("kind", "quarter", "score")
    list_select_related = ("customer", "salesperson")
