"""The 部门 tab: one place in the main navigation for running the department (targets now;
plans, logs, reports and meetings as later work registers them), like 销售 (core.sections).
`/department/` opens the first section this user may use; each section's pages show the
others (`{% department_tabs %}`)."""

from __future__ import annotations

from fieldsales.core.sections import Section, SectionGroup

__all__ = [
    "Section",
    "department_home",
    "register_section",
    "sections_for",
    "tabs",
    "uses_department",
]

DEPARTMENT = SectionGroup()
register_section = DEPARTMENT.register
sections_for = DEPARTMENT.for_user
uses_department = DEPARTMENT.used_by
tabs = DEPARTMENT.tabs
department_home = DEPARTMENT.home_view()
