from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "fieldsales.trips"
    verbose_name = "出差与报销"

    def ready(self) -> None:
        from fieldsales.core import labels
        from fieldsales.trips.vocabulary import CLAIM_ITEM_KINDS, SEATS

        labels.register("claim_item_kind", CLAIM_ITEM_KINDS)
        labels.register("seat", SEATS)
