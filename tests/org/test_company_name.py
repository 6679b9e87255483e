"""The company's name on forms and sheets comes from org.Company, never from a constant."""

from __future__ import annotations

import pytest

from fieldsales.org.models import Company
from fieldsales.org.selectors import company_name

pytestmark = pytest.mark.django_db


def test_blank_before_the_company_is_set_up():
    assert company_name() == ""


def test_the_first_company_and_its_name_as_edited():
    company = Company.objects.create(name="浙江诚兴光伏公司")
    Company.objects.create(name="另一家公司")
    assert company_name() == "浙江诚兴光伏公司"

    company.name = "浙江诚兴光伏股份有限公司"
    company.save(update_fields=["name"])
    assert company_name() == "浙江诚兴光伏股份有限公司"
