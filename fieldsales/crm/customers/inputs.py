"""Checks of submitted values shared by every crm service: text limits, money, places."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.core.numbers import ascii_decimal
from fieldsales.core.regions import find_city, find_province


def text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    if len(value) > limit:
        raise RuleBroken(_("最多 %(n)d 个字") % {"n": limit}, field=key)
    return value


def money(value: Any, key: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    amount = ascii_decimal(value.replace(",", "") if isinstance(value, str) else value)
    if amount is None:
        raise RuleBroken(_("金额格式不正确"), field=key)
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise RuleBroken(_("金额须为非负数"), field=key)
    return amount.quantize(Decimal("0.01"))


def coordinate(value: Any, key: str, limit: int) -> Decimal:
    number = ascii_decimal(value)
    if number is None:
        raise RuleBroken(_("定位坐标无效，请允许浏览器获取位置"), field=key)
    if not number.is_finite() or abs(number) > limit:
        raise RuleBroken(_("定位坐标超出范围"), field=key)
    return number.quantize(Decimal("0.000001"))


def point(lat: Any, lng: Any) -> tuple[Decimal, Decimal]:
    if lat in (None, "") or lng in (None, ""):
        raise RuleBroken(_("没有获取到手机定位，请允许浏览器使用位置信息后重试"), field="latitude")
    return coordinate(lat, "latitude", 90), coordinate(lng, "longitude", 180)


def region(data: dict[str, Any]) -> dict[str, str]:
    province = find_province(str(data.get("province") or ""))
    if province is None:
        raise RuleBroken(_("请选择有效的省份"), field="province")
    city = find_city(province, str(data.get("city") or ""))
    if city is None:
        raise RuleBroken(
            _("城市不属于%(province)s：%(city)s")
            % {"province": province.name, "city": data.get("city") or ""},
            field="city",
        )
    return {
        "province_code": province.code,
        "province": province.name,
        "city_code": city.code,
        "city": city.name,
    }


def choice(data: dict[str, Any], key: str, choices: Any, default: str = "") -> str:
    value = data.get(key)
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise RuleBroken(_("选项无效：%(value)s") % {"value": value}, field=key)
    return str(value)
