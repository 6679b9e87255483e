from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fieldsales.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from fieldsales.notifications import entries

        entries.register()
