"""What training plugs into the shared pages at start-up: the 培训 section of the 部门 tab."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from fieldsales.department.sections import Section, register_section
from fieldsales.department.training import rules

SECTION = Section("department:trainings", gettext_lazy("培训"), 70, rules.reads_training)


def register() -> None:
    register_section(SECTION)
