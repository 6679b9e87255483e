from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fieldsales.org"
    verbose_name = "组织与制度"

    def ready(self) -> None:
        from fieldsales.core import labels
        from fieldsales.core.workflow import use_directory
        from fieldsales.org import entries
        from fieldsales.org.access import OrgDirectory
        from fieldsales.org.models import Role

        use_directory(OrgDirectory())

        labels.register("role", dict(Role.choices))
        entries.register()
