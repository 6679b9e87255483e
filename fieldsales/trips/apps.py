from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "fieldsales.trips"
    verbose_name = "出差与报销"

    def ready(self) -> None:
        from fieldsales.core.workflow import chain_from_roles, register_chain
        from fieldsales.trips import entries, timeline, visits
        from fieldsales.trips.models import Advance, Claim, Trip

        # P1.2, P2.2, P8.3: each document's chain is the policy version's role list.
        for model in (Trip, Advance, Claim):
            register_chain(
                model, lambda doc: chain_from_roles(roles=doc.chain_roles(), author=doc.author)
            )

        # selling.md S7.3: an order signed in time corrects the claims that waited for it.
        from fieldsales.sales.orders.hooks import register_on_signed
        from fieldsales.trips.services.deal_corrections import correct_for_signed_order

        register_on_signed(correct_for_signed_order)

        entries.register()
        visits.register()
        timeline.register()
