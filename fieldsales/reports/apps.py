from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fieldsales.reports"
    verbose_name = "首页与报表"

    def ready(self) -> None:
        from fieldsales.reports import entries

        entries.register()
