"""A printed form names the company as org.Company holds it, edited or not."""

from __future__ import annotations

import pytest
from test_printing import approved_trip, pdf_text

from fieldsales.org.models import Company
from fieldsales.trips import printing

pytestmark = pytest.mark.django_db


def test_the_trip_request_carries_the_company_name_as_edited(cast, tmp_path):
    Company.objects.update(name="浙江诚兴光伏股份有限公司")

    text = pdf_text(printing.trip_pdf(approved_trip(cast)), tmp_path)

    assert text.splitlines()[0].strip() == "浙江诚兴光伏股份有限公司"
