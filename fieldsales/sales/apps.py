from importlib import import_module

from django.apps import AppConfig

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
        from fieldsales.sales import chains

        chains.register()
        for module in ENTRIES:
            import_module(module).register()
