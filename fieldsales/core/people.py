"""How a person is named everywhere (pages, API, PDFs, Excel): family name first, 张伟."""

from __future__ import annotations

import unicodedata
from typing import Any


def _is_cjk(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("CJK") for ch in text if not ch.isspace())


def display_name(user: Any) -> str:
    """Family name then given name (张伟) when both are stored, with a space only between
    non-Chinese parts (Smith John); whichever one is stored (the demo keeps 张伟 whole in
    first_name); the login name when neither is; "" for nobody."""
    if user is None:
        return ""
    family = (getattr(user, "last_name", "") or "").strip()
    given = (getattr(user, "first_name", "") or "").strip()
    if family and given:
        return f"{family}{given}" if _is_cjk(family) and _is_cjk(given) else f"{family} {given}"
    return family or given or getattr(user, "username", "") or ""
