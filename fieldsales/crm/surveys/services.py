"""Writes of surveys, and the one check of a satisfaction score."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.customers.services import require_sales, touch
from fieldsales.crm.surveys.models import SatisfactionSurvey, SurveyKind
from fieldsales.crm.surveys.selectors import QUARTER_FORMAT, quarter_of


def satisfaction_score(value: Any, key: str = "satisfaction") -> int | None:
    if value in (None, ""):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError) as error:
        raise RuleBroken(
            _("满意度须为 1-4（4 非常满意、3 满意、2 一般、1 不满意）"), field=key
        ) from error
    if isinstance(value, bool) or score not in (1, 2, 3, 4) or str(value).strip() != str(score):
        raise RuleBroken(_("满意度须为 1-4（4 非常满意、3 满意、2 一般、1 不满意）"), field=key)
    return score


@transaction.atomic
def survey_record(
    *,
    actor: Any,
    customer: Customer,
    kind: str,
    score: Any,
    comments: str = "",
    respondent: str = "",
    quarter: str = "",
    visit: Any = None,
    service_request: Any = None,
) -> SatisfactionSurvey:
    """A satisfaction score (1-4) with comments, per visit, per request or per quarter."""
    require_sales(actor)
    if kind not in SurveyKind.values:
        raise RuleBroken(_("调查类型无效"), field="kind")
    value = satisfaction_score(score, "score")
    if value is None:
        raise RuleBroken(_("请选择满意度"), field="score")
    quarter = (quarter or "").strip().upper() or quarter_of(timezone.localdate())
    if not QUARTER_FORMAT.match(quarter):
        raise RuleBroken(_("季度格式应为 2026Q1"), field="quarter")
    if kind == SurveyKind.VISIT:
        if visit is None or visit.customer_id != customer.pk:
            raise RuleBroken(_("请选择该客户的一次拜访"), field="visit")
        if SatisfactionSurvey.objects.filter(visit=visit).exists():
            raise InvalidTransition(_("该次拜访已有满意度记录"))
    if kind == SurveyKind.SERVICE:
        if service_request is None or service_request.customer_id != customer.pk:
            raise RuleBroken(_("请选择该客户的售后/投诉单"), field="service_request")
        if SatisfactionSurvey.objects.filter(service_request=service_request).exists():
            raise InvalidTransition(_("该单据已有满意度记录"))
    if (
        kind == SurveyKind.QUARTERLY
        and SatisfactionSurvey.objects.filter(
            customer=customer, kind=kind, quarter=quarter
        ).exists()
    ):
        raise InvalidTransition(_("该客户本季度的满意度回访已记录"))
    survey = SatisfactionSurvey.objects.create(
        customer=customer,
        kind=kind,
        quarter=quarter,
        score=value,
        comments=(comments or "").strip()[:2000],
        respondent=(respondent or "").strip()[:40],
        visit=visit if kind == SurveyKind.VISIT else None,
        service_request=service_request if kind == SurveyKind.SERVICE else None,
        salesperson=customer.owner,
        recorded_by=actor,
    )
    touch(customer)
    audit(
        document=customer,
        actor=actor,
        action="survey",
        data={"survey": survey.pk, "score": value, "quarter": quarter},
    )
    return survey
