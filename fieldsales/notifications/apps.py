from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fieldsales.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        import fieldsales.celery  # noqa: F401  (the Celery app the tasks bind to)
        from fieldsales.notifications import entries

        entries.register()
