from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fieldsales.demo"
    verbose_name = "演示数据"
