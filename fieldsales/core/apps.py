from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fieldsales.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from fieldsales.core import seals  # noqa: F401  (registers its system checks)
        from fieldsales.core.workflow import checks  # noqa: F401  (the transition tables)
