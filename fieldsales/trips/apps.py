from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "fieldsales.trips"
    verbose_name = "出差与报销"

    def ready(self) -> None:
        from fieldsales.trips import entries

        entries.register()
