"""Place names compared after normalising (claim-format.md)."""

from __future__ import annotations

import pytest

from fieldsales.policy.params import HOME_REGION_CITIES
from fieldsales.policy.places import city_in, normalise_city, normalise_province, same_province


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("义乌市", "义乌"),
        ("义乌", "义乌"),
        (" 浦江县 ", "浦江"),
        ("婺城区", "婺城"),
        ("浦 江 县", "浦江"),
        ("市", "市"),
        ("金华市区", "金华市"),
    ],
)
def test_city_normalised_by_one_trailing_suffix(name, short):
    assert normalise_city(name) == short


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("浙江", "浙江"),
        ("浙江省", "浙江"),
        (" 浙江省", "浙江"),
        ("上海市", "上海"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("西藏自治区", "西藏"),
        ("香港特别行政区", "香港"),
    ],
)
def test_province_normalised_short_or_full(name, short):
    assert normalise_province(name) == short


def test_same_province_in_short_and_full_form():
    assert same_province("浙江", "浙江省")
    assert not same_province("浙江", "广东省")


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("金华", True),
        ("金华市", True),
        ("义乌市", True),
        ("浙江省金华市浦江县", True),
        ("金华市婺城区", True),
        ("杭州市", False),
        ("", False),
        ("  ", False),
        (None, False),
    ],
)
def test_home_region_cities(name, inside):
    assert city_in(name, HOME_REGION_CITIES) is inside


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("浦江县", True),
        ("义乌", True),
        ("金华市浦江县", True),
        ("金华市", False),
        ("东阳市", False),
    ],
)
def test_local_cities_are_a_part_of_the_home_region(name, local):
    assert city_in(name, ("浦江", "义乌")) is local
