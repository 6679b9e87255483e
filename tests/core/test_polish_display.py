"""Issue 10, items 14 and 17: amounts print one way (¥2,777.00), an address never names its
city twice, a credit limit not set shows 未设置, and an English page shows English dates."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from factories import CustomerFactory, TripFactory
from helpers import today

from fieldsales.core.regions import full_address
from fieldsales.crm.customers.models import Customer


def render(source: str, **context) -> str:
    return Template("{% load fieldsales %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2777"), "¥2,777.00"),
        ("2777.5", "¥2,777.50"),
        (Decimal("-12.345"), "-¥12.35"),
        (0, "¥0.00"),
        (None, "—"),
        ("", "—"),
        ("abc", "abc"),
    ],
)
def test_money_prints_one_way(value, shown):
    assert render("{{ v|money }}", v=value) == shown
    with translation.override("en"):
        assert render("{{ v|money }}", v=value) == shown


@pytest.mark.parametrize(
    ("province", "city", "address", "shown"),
    [
        ("浙江省", "东阳市", "吴宁街道1号", "浙江省东阳市吴宁街道1号"),
        ("浙江省", "东阳市", "浙江省东阳市吴宁街道1号", "浙江省东阳市吴宁街道1号"),
        ("浙江省", "东阳市", "东阳市吴宁街道1号", "浙江省东阳市吴宁街道1号"),
        ("浙江省", "东阳市", "浙江省吴宁街道1号", "浙江省东阳市吴宁街道1号"),
        ("浙江", "东阳", "浙江东阳吴宁街道", "浙江东阳吴宁街道"),
        ("浙江省", "东阳市", "东阳吴宁街道", "浙江省东阳吴宁街道"),
        ("北京市", "北京市", "朝阳区1号", "北京市朝阳区1号"),
        ("北京市", "北京市", "北京市朝阳区1号", "北京市朝阳区1号"),
        ("浙江省", "东阳市", "", "浙江省东阳市"),
    ],
)
def test_an_address_names_each_place_once(province, city, address, shown):
    assert full_address(province, city, address) == shown


@pytest.mark.django_db
def test_customer_page_shows_credit_limit_not_set_and_the_address_once(client, cast):
    customer = CustomerFactory(actor=cast["sales1"], address="浙江省金华市婺城区八一北街1号")
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/customers/{customer.pk}/").content.decode()
    assert "未设置" in page and "¥0.00" not in page
    assert page.count("金华市婺城区八一北街1号") == 1
    assert "金华金华" not in page and "金华市金华市" not in page
    Customer.objects.filter(pk=customer.pk).update(credit_limit=Decimal("50000"))
    assert "¥50,000.00" in client.get(f"/crm/customers/{customer.pk}/").content.decode()


@pytest.mark.django_db
def test_english_trip_page_shows_english_dates(client, cast):
    depart = today() + timedelta(days=20)
    back = depart + timedelta(days=1)
    trip = TripFactory(traveller=cast["sales1"], depart=depart, return_date=back)
    client.force_login(cast["sales1"])
    chinese = client.get(f"/trips/{trip.pk}/").content.decode()
    assert f"{depart.year}年{depart.month}月{depart.day}日" in chinese
    client.cookies["django_language"] = "en"
    english = client.get(f"/trips/{trip.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    for day in (depart, back):
        assert f"{day.day} {day:%b} {day.year}" in english
    assert not re.search(r"\d+年\d+月\d+日", english)
    assert not re.search(r"\d+月\d+日", english)
