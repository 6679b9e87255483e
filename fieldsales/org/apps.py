from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fieldsales.org"
    verbose_name = "组织与制度"
