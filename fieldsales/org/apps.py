from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fieldsales.org"
    verbose_name = "组织与制度"

    def ready(self) -> None:
        from fieldsales.core.workflow import use_directory
        from fieldsales.org.access import OrgDirectory

        use_directory(OrgDirectory())
