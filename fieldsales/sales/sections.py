"""The 销售 tab: one place in the main navigation for prices, inquiries, quotes, orders,
collections and receivables (core.sections). `/sales/` opens the first section this user may
use; each section's list page shows the others (`{% sales_tabs %}`). Each subpackage
registers its section in its `entries.register()`."""

from __future__ import annotations

from fieldsales.core.sections import Section, SectionGroup

__all__ = ["Section", "register_section", "sales_home", "sections_for", "tabs", "uses_sales"]

SALES = SectionGroup()
register_section = SALES.register
sections_for = SALES.for_user
uses_sales = SALES.used_by
tabs = SALES.tabs
sales_home = SALES.home_view()
