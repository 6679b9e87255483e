from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fieldsales.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fieldsales.core import entries, seals  # noqa: F401  (seals: its system checks)

        entries.register()
