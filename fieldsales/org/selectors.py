"""Reading the organisation (the travel policy versions are trips')."""

from __future__ import annotations

from fieldsales.org.models import Company


def company_name() -> str:
    """The company's name as forms and sheets print it (blank before the company is set up).
    Read each time, not cached: a process-wide cache would print the old name after an edit."""
    company = Company.objects.order_by("pk").first()
    return company.name if company else ""
