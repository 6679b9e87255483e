"""Signatures drawn on a phone screen, as PNG data URLs from the signature pad."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.core.uploads import checked_image_bytes

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 2_000_000


def decode_signature(data_url: object, *, field: str) -> bytes:
    """The PNG bytes of a `data:image/png;base64,...` signature; a 400 on `field` otherwise."""
    prefix = "data:image/png;base64,"
    if not isinstance(data_url, str) or not data_url.startswith(prefix):
        raise RuleBroken(_("请客户在屏幕上手写签名"), field=field)
    try:
        png = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise RuleBroken(_("客户签名图片无法读取"), field=field) from error
    if not png.startswith(PNG_MAGIC) or len(png) > MAX_BYTES:
        raise RuleBroken(_("客户签名须为不超过2MB的PNG图片"), field=field)
    # Opened as a whole PNG within the pixel limit (core.uploads), not judged by its first bytes.
    checked_image_bytes(
        png, formats=["PNG"], field=field, wrong_type=_("客户签名须为不超过2MB的PNG图片")
    )
    return png
