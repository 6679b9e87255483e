from django.contrib import admin

from fieldsales.crm.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "city", "owner", "status")
    list_filter = ("kind", "status", "province")
    search_fields = ("code", "name", "contact_name")
