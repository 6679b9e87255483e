"""The audit log as people read it: one sentence per row (刘芳批准了报销单) and its figures as
short phrases (核准金额 ¥2,531.00), never `key=value`.

The app that owns a document registers its voice in `AppConfig.ready()`:

    audit_text.register_voice("trips.claim", AuditVoice(noun=pgettext_lazy("audit", "报销单"),
        actions="trips.action", statuses="trips.status", item_names=claim_line_names))

and every page renders a trail with `describe_trail(events, document)` (or the
`{% audit_entries audit document as entries %}` tag). Rendering happens at the edge, in the
reader's language, from the stored action, statuses and data: nothing stored changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fieldsales.core import labels
from fieldsales.core.money import format_yuan

ItemNames = Callable[[Any], Mapping[str, str]]

# What anyone does to any document, as a sentence: %(actor)s did it to %(document)s.
SENTENCES: dict[str, Any] = {
    "create": _("%(actor)s创建了%(document)s"),
    "edit": _("%(actor)s修改了%(document)s"),
    "submit": _("%(actor)s提交了%(document)s"),
    "approve": _("%(actor)s批准了%(document)s"),
    "reject": _("%(actor)s驳回了%(document)s"),
    "cancel": _("%(actor)s取消了%(document)s"),
    "withdraw": _("%(actor)s撤回了%(document)s"),
    "pay": _("%(actor)s登记了%(document)s的付款"),
    "repay": _("%(actor)s登记了%(document)s的归还"),
    "settle": _("%(actor)s登记了%(document)s的结算"),
    "void": _("%(actor)s作废了%(document)s"),
    "evaluate": _("%(actor)s按制度核算了%(document)s"),
}
# An action the vocabularies know but no sentence names: "刘芳：认定特殊情况".
OTHER_ACTION = _("%(actor)s：%(action)s")
STATUS_CHANGE = _("状态由“%(from)s”变为“%(to)s”")

# The figures an audit row may carry, as phrases; keys not listed here are not shown.
MONEY_DETAILS: dict[str, Any] = {
    "amount": _("金额"),
    "claimed": _("申报金额"),
    "reimbursed": _("核准金额"),
    "advance": _("已预借"),
    "pay_to_traveller": _("应补付报销人"),
    "return_to_company": _("应退还公司"),
}
# Settlement figures that say nothing when zero (only one of them applies).
SKIP_WHEN_ZERO = frozenset({"advance", "pay_to_traveller", "return_to_company"})
DETAIL = _("%(label)s %(value)s")


@dataclass(frozen=True)
class AuditVoice:
    """How the audit rows of one kind of document read.

    `noun` names the document inside a sentence (pgettext "audit" context: lower case in
    English); `actions`/`statuses` are the label vocabularies of its action and status codes;
    `sentences` add or replace sentences of SENTENCES; `item_names(document)` maps a line's
    id to its name (第3行 出租车), so no stored id is ever shown."""

    noun: Any
    actions: str = ""
    statuses: str = ""
    sentences: Mapping[str, Any] = field(default_factory=dict)
    item_names: ItemNames | None = None


_voices: dict[str, AuditVoice] = {}
GENERIC = AuditVoice(noun=_("单据"))


def register_voice(model_label: str, voice: AuditVoice) -> None:
    """Register how audit rows of `model_label` ("app_label.modelname") read."""
    _voices[model_label.lower()] = voice


def voice_of(document: Any) -> AuditVoice:
    """The registered voice of a document (a generic one for an unregistered model)."""
    if document is None:
        return GENERIC
    return _voices.get(document._meta.label_lower, GENERIC)


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def describe_details(
    data: Mapping[str, Any] | None,
    *,
    item_names: Mapping[str, str] | None = None,
) -> list[str]:
    """The figures of an audit row as phrases: 核准金额 ¥2,531.00, 明细 第3行 出租车."""
    if not isinstance(data, Mapping):
        return []
    phrases: list[str] = []
    item = data.get("item")
    if item:
        name = (item_names or {}).get(str(item)) or gettext("已删除的一行")
        phrases.append(DETAIL % {"label": gettext("明细"), "value": name})
    for key, label in MONEY_DETAILS.items():
        amount = _amount(data.get(key))
        if amount is None or (key in SKIP_WHEN_ZERO and amount == 0):
            continue
        phrases.append(DETAIL % {"label": label, "value": format_yuan(amount)})
    rule = data.get("rule")
    if isinstance(rule, str) and rule:
        phrases.append(DETAIL % {"label": gettext("依据"), "value": rule})
    return phrases


def describe(event: Any, document: Any = None) -> str:
    """One audit row as a sentence in the reader's language: 刘芳批准了报销单."""
    voice = voice_of(document)
    actor = event.actor_name
    noun = str(voice.noun)
    sentence = voice.sentences.get(event.action) or SENTENCES.get(event.action)
    if sentence is not None:
        return str(sentence) % {"actor": actor, "document": noun}
    action = labels.label(voice.actions, event.action) if voice.actions else event.action
    # A system move names the system as its actor (系统：报销单已提交), as the API does.
    return str(OTHER_ACTION) % {"actor": actor, "action": action}


def describe_trail(events: Iterable[Any], document: Any = None) -> list[dict[str, Any]]:
    """Each audit row of `document` as {sentence, details, status, at, comment}."""
    voice = voice_of(document)
    names: Mapping[str, str] = {}
    if voice.item_names is not None and document is not None:
        names = voice.item_names(document)
    entries = []
    for event in events:
        status = ""
        moved = event.from_status and event.to_status and event.from_status != event.to_status
        if moved and voice.statuses:
            status = str(STATUS_CHANGE) % {
                "from": labels.label(voice.statuses, event.from_status),
                "to": labels.label(voice.statuses, event.to_status),
            }
        entries.append(
            {
                "sentence": describe(event, document),
                "details": describe_details(event.data, item_names=names),
                "status": status,
                "at": event.at,
                "comment": event.comment,
                "action": event.action,
            }
        )
    return entries
