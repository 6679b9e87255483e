from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The subpackages that plug into the shared pages (nav, inbox, home, timeline) at start-up;
# each has a `register()`.
ENTRIES = (
    "fieldsales.sales.catalogue.entries",
    "fieldsales.sales.inquiries.entries",
    "fieldsales.sales.quotes.entries",
    "fieldsales.sales.orders.entries",
)


class SalesConfig(AppConfig):
    name = "fieldsales.sales"
    verbose_name = "销售"

    def ready(self) -> None:
        from fieldsales.core.registry import NavEntry, register_nav
        from fieldsales.sales import chains, sections

        chains.register()
        # One tab for selling; its sections (prices, inquiries, quotes, orders) are tabs of
        # their own pages (sections.py).
        register_nav(NavEntry("sales:home", _("销售"), "price", 35, visible=sections.uses_sales))
        for module in ENTRIES:
            import_module(module).register()
