"""Admin for the sales policy's versions (selling.md's parameters) and the product catalogue."""

from __future__ import annotations

from django.contrib import admin

from fieldsales.core.admin import NoBulkDelete
from fieldsales.sales.models import Product, ProductCategory, SalesPolicyVersion


@admin.register(SalesPolicyVersion)
class SalesPolicyVersionAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "effective_from", "major_amount", "deep_discount_pct")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        """A new version starts from the latest one's figures."""
        initial = super().get_changeform_initial_data(request)
        latest = SalesPolicyVersion.objects.first()
        if latest is not None:
            for field in ("major_amount", "deep_discount_pct", "entertainment_wait_days"):
                initial.setdefault(field, getattr(latest, field))
        return initial


@admin.register(ProductCategory)
class ProductCategoryAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("name", "position")


@admin.register(Product)
class ProductAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ("code", "name", "model", "unit", "category", "active")
    list_filter = ("category", "active")
    search_fields = ("code", "name", "model")
