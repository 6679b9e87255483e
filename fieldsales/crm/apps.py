from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fieldsales.core.registry import NavEntry, register_nav


class CrmConfig(AppConfig):
    name = "fieldsales.crm"
    verbose_name = "客户管理"

    def ready(self) -> None:
        register_nav(NavEntry("crm:customer_list", _("客户"), "customer", 30))
