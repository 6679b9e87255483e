"""One copy of every vocabulary's labels (claim item kinds, roles, ...), registered by the
app that owns the vocabulary in its `AppConfig.ready()` and read by pages, PDFs and sheets
of any app without importing the owner:

    labels.register("claim_item_kind", {"train": _("火车"), ...})
    labels.label("claim_item_kind", "train")  # "火车", or "Train" on an English page
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

_VOCABULARIES: dict[str, dict[str, Any]] = {}


def register(vocabulary: str, labels: Mapping[str, Any]) -> None:
    """Register `labels` (key → lazy label) under `vocabulary`. A second, different
    registration is an error: two copies of one vocabulary drift apart."""
    labels = dict(labels)
    known = _VOCABULARIES.get(vocabulary)
    if known is not None and known != labels:
        raise ImproperlyConfigured(f"labels for {vocabulary!r} are already registered")
    _VOCABULARIES[vocabulary] = labels


def labels_of(vocabulary: str) -> dict[str, Any]:
    """Every label of a vocabulary in its registered order (empty if nobody registered it)."""
    return dict(_VOCABULARIES.get(vocabulary, {}))


def label(vocabulary: str, key: str | None, *, language: str | None = None, empty: str = "") -> str:
    """The label of `key`, in the active language or in `language`; the key itself when the
    vocabulary does not know it (an old code in stored data stays readable); `empty` for none."""
    if not key:
        return empty
    text = _VOCABULARIES.get(vocabulary, {}).get(key, key)
    if language is None:
        return str(text)
    with translation.override(language):
        return str(text)
