from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fieldsales.org"
    verbose_name = "组织与制度"

    def ready(self) -> None:
        from fieldsales.core import labels
        from fieldsales.org.models import Role

        labels.register("role", dict(Role.choices))
