from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fieldsales.core"
    verbose_name = "基础"
