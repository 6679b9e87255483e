"""The scorecard's notifications (D11): to acknowledge (to the person, after each review),
disputed (to the manager), waiting for approval (to the GM), approved (to the person). Each
once per step: the dedupe key carries the audit count so a second round notifies again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.audit import audit_trail
from fieldsales.core.people import display_name
from fieldsales.notifications import services
from fieldsales.notifications.registry import Kind
from fieldsales.org.access import holders
from fieldsales.org.models import Role

TO_ACKNOWLEDGE = "scorecard.acknowledge"
DISPUTED = "scorecard.disputed"
TO_APPROVE = "scorecard.approve"
APPROVED = "scorecard.approved"
KINDS = (
    Kind(TO_ACKNOWLEDGE, gettext_lazy("季度考核待确认"), 70),
    Kind(DISPUTED, gettext_lazy("季度考核有异议"), 71),
    Kind(TO_APPROVE, gettext_lazy("季度考核待审批"), 72),
    Kind(APPROVED, gettext_lazy("季度考核已审批"), 73),
)


def _send(card: Any, recipient: Any, kind: str, title: str, body: str) -> int:
    if recipient is None or recipient.pk is None:
        return 0
    step = audit_trail(card).count()
    made = services.notify(
        recipient=recipient,
        kind=kind,
        dedupe_key=f"scorecard:{card.pk}:{kind}:{step}",
        title=title,
        body=body,
        link=reverse("department:scorecard_detail", args=[card.pk]),
        document=card,
    )
    return int(made is not None)


def _names(card: Any) -> dict[str, str]:
    return {"person": display_name(card.salesperson), "quarter": card.quarter_label}


def to_acknowledge(*, card: Any) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            card,
            card.salesperson,
            TO_ACKNOWLEDGE,
            _("%(quarter)s 季度考核待您确认") % _names(card),
            _("考核人已评分，请核对各项数据后确认或提出异议。"),
        )


def disputed(*, card: Any) -> int:
    from fieldsales.department.scorecards.rules import card_manager

    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            card,
            card_manager(card.department_id),
            DISPUTED,
            _("%(person)s 对 %(quarter)s 季度考核有异议") % _names(card),
            card.dispute_reason,
        )


def to_approve(*, card: Any) -> int:
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for gm in holders(Role.GM):
            if gm.pk == card.salesperson_id:
                continue
            made += _send(
                card,
                gm,
                TO_APPROVE,
                _("%(person)s 的 %(quarter)s 季度考核待审批") % _names(card),
                _("被考核人已确认。"),
            )
    return made


def approved(*, card: Any) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            card,
            card.salesperson,
            APPROVED,
            _("%(quarter)s 季度考核已审批") % _names(card),
            _("总经理已审批，考核结果已存档。"),
        )
