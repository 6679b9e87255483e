from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "fieldsales.crm"
    verbose_name = "客户管理"
