"""Keyed seals (HMAC-SHA256) for records that must prove themselves, with rotated keys.

The keys come from the environment, `FEEDBACK_SEAL_KEYS="v2:<base64>,v1:<base64>"`: each entry
is a version label and a key of at least 32 bytes in base64; the first is the current key,
the others only verify older seals. Each seal stores the label of the key that made it, so a
seal made with v1 still verifies after v2 becomes current; a seal whose label is not among the
keys (removed, or never ours) verifies as "cannot verify", never as intact.

Without FEEDBACK_SEAL_KEYS (development and tests) one key labelled `dev` is derived from
SECRET_KEY. That is not good enough for production: whoever reads SECRET_KEY can forge seals,
and a changed SECRET_KEY turns every seal into "cannot verify". `check --deploy` warns when
the keys are unset with DEBUG off, and an ill-formed value is a configuration error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import re
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

INTACT = "intact"
ALTERED = "altered"
UNVERIFIABLE = "unverifiable"

DEV_VERSION = "dev"
# A label no key may take: the plain SHA-256 of the first signed forms that no longer matched
# their content when the keyed seal came in (crm migration 0007); such a form stays altered.
LEGACY_ALTERED = "sha256"
MIN_KEY_BYTES = 32
VERSION = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")

_warned = False


def parse_keys(value: str) -> dict[str, bytes]:
    """`v2:<base64>,v1:<base64>` as {label: key}, current first; ImproperlyConfigured if bad."""
    keys: dict[str, bytes] = {}
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        label, sep, encoded = entry.partition(":")
        label = label.strip()
        if not sep or not VERSION.match(label):
            raise ImproperlyConfigured(
                "FEEDBACK_SEAL_KEYS: each entry is <version>:<base64 key>, e.g. v2:..."
            )
        if label in keys or label in (DEV_VERSION, LEGACY_ALTERED):
            raise ImproperlyConfigured(f"FEEDBACK_SEAL_KEYS: version {label!r} is taken")
        encoded = encoded.strip()
        try:
            key = base64.b64decode(
                encoded.replace("-", "+").replace("_", "/") + "=" * (-len(encoded) % 4),
                validate=True,
            )
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured(
                f"FEEDBACK_SEAL_KEYS: the key of {label!r} is not base64"
            ) from error
        if len(key) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"FEEDBACK_SEAL_KEYS: the key of {label!r} is shorter than {MIN_KEY_BYTES} bytes"
            )
        keys[label] = key
    return keys


def configured() -> bool:
    return bool(str(getattr(settings, "FEEDBACK_SEAL_KEYS", "") or "").strip())


def keys() -> dict[str, bytes]:
    """Every key by version, the current one first."""
    value = str(getattr(settings, "FEEDBACK_SEAL_KEYS", "") or "")
    if value.strip():
        return parse_keys(value)
    global _warned
    if not settings.DEBUG and not _warned:
        _warned = True
        log.warning(
            "FEEDBACK_SEAL_KEYS is not set: signed feedback is sealed with a key derived from "
            "SECRET_KEY. Production must set FEEDBACK_SEAL_KEYS (see docs/security.md)."
        )
    derived = hmac.new(
        settings.SECRET_KEY.encode(), b"fieldsales.feedback-seal", hashlib.sha256
    ).digest()
    return {DEV_VERSION: derived}


def current_version() -> str:
    return next(iter(keys()))


def seal(payload: bytes, *, version: str | None = None) -> tuple[str, str]:
    """(key version, HMAC-SHA256 hex) of `payload` under the current key (or `version`)."""
    available = keys()
    label = version or next(iter(available))
    return label, hmac.new(available[label], payload, hashlib.sha256).hexdigest()


def verify(payload: bytes, *, version: str, digest: str) -> str:
    """INTACT, ALTERED, or UNVERIFIABLE when the seal's key is not among ours."""
    if version == LEGACY_ALTERED:
        return ALTERED
    key = keys().get(version or "")
    if key is None:
        return UNVERIFIABLE
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return INTACT if hmac.compare_digest(expected, str(digest or "")) else ALTERED


@checks.register(checks.Tags.security)
def check_seal_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An ill-formed FEEDBACK_SEAL_KEYS is an error everywhere."""
    if not configured():
        return []
    try:
        parse_keys(str(settings.FEEDBACK_SEAL_KEYS))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="fieldsales.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_seal_keys_deploy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With DEBUG off the seal keys must come from the environment, not from SECRET_KEY."""
    if configured() or settings.DEBUG:
        return []
    return [
        checks.Warning(
            "FEEDBACK_SEAL_KEYS is not set: signed feedback is sealed with a key derived "
            "from SECRET_KEY.",
            hint='Set FEEDBACK_SEAL_KEYS="v1:<base64 of 32 random bytes>" (new keys go first).',
            id="fieldsales.W001",
        )
    ]
