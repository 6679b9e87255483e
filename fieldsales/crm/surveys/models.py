"""Satisfaction surveys and the four-level satisfaction scale."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldsales.crm.customers.models import Customer


class Satisfaction(models.IntegerChoices):
    """The one 4-level scale of the visit feedback form and every survey (api.md)."""

    VERY_SATISFIED = 4, _("非常满意")
    SATISFIED = 3, _("满意")
    NEUTRAL = 2, _("一般")
    UNSATISFIED = 1, _("不满意")


class SurveyKind(models.TextChoices):
    VISIT = "visit", _("拜访")
    SERVICE = "service", _("售后/投诉处理")
    QUARTERLY = "quarterly", _("季度回访")


class SatisfactionSurvey(models.Model):
    """客户满意度: per visit, per service request or complaint, per quarter; kept for evaluation."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="surveys")
    kind = models.CharField(_("类型"), max_length=10, choices=SurveyKind.choices)
    # Named by label: surveys sit below visits and service, which record surveys themselves.
    visit = models.OneToOneField(
        "crm.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="survey"
    )
    service_request = models.OneToOneField(
        "crm.ServiceRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="survey"
    )
    quarter = models.CharField(_("季度"), max_length=7, help_text=_("例如 2026Q1"))
    score = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices)
    comments = models.TextField(_("意见或建议"), blank=True)
    respondent = models.CharField(_("受访人"), max_length=40, blank=True)
    # Whose evaluation the score counts for: the customer's salesperson when it was taken.
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4), name="survey_score_1_to_4"
            ),
            models.UniqueConstraint(
                fields=["customer", "quarter"],
                condition=models.Q(kind="quarterly"),
                name="one_quarterly_survey_per_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.quarter} {self.score}"
