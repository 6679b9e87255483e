"""`fieldsales crm_pool_sweep`: customers without follow-up return to the pool (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fieldsales.crm.customers.selectors import crm_settings
from fieldsales.crm.customers.services import pool_sweep


class Command(BaseCommand):
    help = "Return customers without any follow-up for pool_after_days to the customer pool."

    def handle(self, *args, **options) -> None:
        swept = pool_sweep()
        days = crm_settings().pool_after_days
        self.stdout.write(f"{len(swept)} 个客户超过 {days} 天无跟进，已转入公海。")
        for customer in swept:
            self.stdout.write(f"  {customer.code} {customer.name}")
