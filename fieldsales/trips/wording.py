"""How trips' stored codes read on pages: a claim's lines by number and kind (第3行 出租车, never
the stored id), the policy version by the day it took effect (2012年3月31日起执行, never its
name), and the audit log's voice of each document (core.audit_text)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.trips.policy_versions import PolicyVersion

ALLOWANCE = "allowance"
_DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")


def line_name(number: int, kind: str) -> str:
    """第3行 出租车 / Line 3 (taxi)."""
    return gettext("第%(n)s行 %(kind)s") % {
        "n": number,
        "kind": labels.label("claim_item_kind", kind),
    }


def claim_line_names(claim: Any) -> dict[str, str]:
    """Each line id of the claim → its name as the claimant sees the form (1-based position and
    kind); the allowance line by its kind alone."""
    names = {ALLOWANCE: labels.label("claim_item_kind", ALLOWANCE)}
    for number, item in enumerate(claim.items or [], start=1):
        if isinstance(item, dict) and item.get("id") is not None:
            names[str(item["id"])] = line_name(number, str(item.get("kind", "")))
    return names


def named_item(item: Any, names: dict[str, str]) -> str:
    """A stored line id as the page names it ("" for a trip-level finding)."""
    if not item:
        return ""
    return names.get(str(item)) or gettext("已删除的一行")


def _effective_from(name: str) -> date | None:
    version = PolicyVersion.objects.filter(name=name).only("effective_from").first()
    if version is not None:
        return version.effective_from
    dated = _DATED_NAME.search(name)
    if dated is None:
        return None
    try:
        return date(*(int(part) for part in dated.groups()))
    except ValueError:
        return None


def policy_version_label(name: str) -> str:
    """The policy version a claim was priced by, as people name it: 2012年3月31日起执行 /
    policy of 31 Mar 2012 (the stored name only when no date can be found)."""
    if not name:
        return ""
    day = _effective_from(name)
    if day is None:
        return name
    return gettext("%(day)s起执行") % {"day": date_format(day, "DATE_FORMAT")}


VOICES = {
    "trips.trip": audit_text.AuditVoice(
        noun=pgettext_lazy("audit", "出差申请"), actions="trips.action", statuses="trips.status"
    ),
    "trips.advance": audit_text.AuditVoice(
        noun=pgettext_lazy("audit", "预支差旅费"),
        actions="trips.action",
        statuses="trips.status",
    ),
    "trips.claim": audit_text.AuditVoice(
        noun=pgettext_lazy("audit", "报销单"),
        actions="trips.action",
        statuses="trips.status",
        sentences={
            "override": pgettext_lazy("audit", "%(actor)s调整了一行的核准金额（P9）"),
            "note": pgettext_lazy("audit", "%(actor)s填写了审核说明（P4.6）"),
            "consent": pgettext_lazy("audit", "%(actor)s作为部门负责人同意了一行（P4.6）"),
            "corrected": pgettext_lazy("audit", "%(actor)s为%(document)s生成了更正单"),
        },
        item_names=claim_line_names,
    ),
}


def register() -> None:
    """Register the audit voices of trips' documents."""
    for model_label, voice in VOICES.items():
        audit_text.register_voice(model_label, voice)
