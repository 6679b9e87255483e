from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The subpackages that plug into the shared pages (nav sections, inbox, labels) at start-up;
# each has a `register()`.
ENTRIES = (
    "fieldsales.department.targets.entries",
    "fieldsales.department.dashboard.entries",
    "fieldsales.department.meetings.entries",
    "fieldsales.department.worklogs.entries",
    "fieldsales.department.plans.entries",
    "fieldsales.department.reports.entries",
    "fieldsales.department.duty.entries",
    "fieldsales.department.training.entries",
    "fieldsales.department.attendance.entries",
    "fieldsales.department.vehicles.entries",
    "fieldsales.department.scorecards.entries",
)


class DepartmentConfig(AppConfig):
    name = "fieldsales.department"
    verbose_name = "部门管理"

    def ready(self) -> None:
        from fieldsales.core.registry import NavEntry, register_nav
        from fieldsales.department import sections

        # One tab for running the department; its sections are tabs of their own pages.
        register_nav(
            NavEntry("department:home", _("部门"), "target", 45, visible=sections.uses_department)
        )
        for module in ENTRIES:
            import_module(module).register()
