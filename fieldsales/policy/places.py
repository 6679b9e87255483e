"""Place names as travellers type them, compared generously (claim-format.md, P3 scope, P4.5, P4.6)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_CITY_SUFFIXES = frozenset("市县区")
# 浙江省, 北京市, 广西壮族自治区, 新疆维吾尔自治区, 香港特别行政区 all shorten to the common name.
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|特别行政区|(?:壮族|回族|维吾尔族?|藏族|蒙古族)?自治区)$")
# The administrative parts of a fuller address such as 浙江省金华市浦江县.
_PART = re.compile(r".+?(?:省|特别行政区|自治区|自治州|地区|市|县|区)")


@lru_cache(maxsize=4096)
def normalise_city(name: str) -> str:
    """义乌市 → 义乌, ' 浦江县 ' → 浦江: spaces trimmed, one trailing 市/县/区 dropped."""
    text = _SPACES.sub("", name)
    if len(text) > 1 and text[-1] in _CITY_SUFFIXES:
        return text[:-1]
    return text


@lru_cache(maxsize=1024)
def normalise_province(name: str) -> str:
    """浙江省 → 浙江, 广西壮族自治区 → 广西: spaces trimmed, the level suffix dropped."""
    text = _SPACES.sub("", name)
    return _PROVINCE_SUFFIX.sub("", text) or text


@lru_cache(maxsize=256)
def _city_set(cities: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_city(city) for city in cities)


@lru_cache(maxsize=8192)
def _city_in(name: str, cities: tuple[str, ...]) -> bool:
    wanted = _city_set(cities)
    if normalise_city(name) in wanted:
        return True
    # Be generous with a fuller address: any of its parts may name the listed city.
    return any(normalise_city(part) in wanted for part in _PART.findall(_SPACES.sub("", name)))


def city_in(name: str | None, cities: Iterable[str]) -> bool:
    """Whether the place `name` is one of `cities`; no place is in no list (claim-format.md)."""
    if name is None or not name.strip():
        return False
    return _city_in(name, tuple(cities))


def same_province(a: str, b: str) -> bool:
    """Whether two province names (short or full) name the same province."""
    return normalise_province(a) == normalise_province(b)
