from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fieldsales.core.registry import NavEntry, register_nav

# The subdomains above customers that register what follows a customer to a new owner
# (customers.services.follows_owner); imported once the models are ready.
OWNER_FOLLOWERS = ("fieldsales.crm.pipeline.services", "fieldsales.crm.visits.services")
# The subdomains that put entries on the customer timeline (customers.timeline).
TIMELINE_SOURCES = (
    "fieldsales.crm.visits.timeline",
    "fieldsales.crm.service.timeline",
    "fieldsales.crm.surveys.timeline",
)


class CrmConfig(AppConfig):
    name = "fieldsales.crm"
    verbose_name = "客户管理"

    def ready(self) -> None:
        from fieldsales.crm import entries

        register_nav(NavEntry("crm:customer_list", _("客户"), "customer", 30))
        entries.register()
        for module in OWNER_FOLLOWERS:
            import_module(module)
        for module in TIMELINE_SOURCES:
            import_module(module).register()
