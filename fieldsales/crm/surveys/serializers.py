"""REST shapes of surveys and scores."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.people import display_name
from fieldsales.crm.surveys.models import SatisfactionSurvey, SurveyKind


class SurveySerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    score_label = serializers.CharField(source="get_score_display", read_only=True)
    salesperson_name = serializers.SerializerMethodField()

    class Meta:
        model = SatisfactionSurvey
        fields = [
            "id",
            "customer",
            "customer_name",
            "kind",
            "visit",
            "service_request",
            "quarter",
            "score",
            "score_label",
            "comments",
            "respondent",
            "salesperson",
            "salesperson_name",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_salesperson_name(self, survey: SatisfactionSurvey) -> str:
        return display_name(survey.salesperson)


class SurveyWriteSerializer(serializers.Serializer):
    customer = numbers.IntegerField()
    kind = serializers.ChoiceField(choices=SurveyKind.choices)
    score = numbers.IntegerField(min_value=1, max_value=4)
    comments = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    respondent = serializers.CharField(max_length=40, required=False, allow_blank=True)
    quarter = serializers.RegexField(r"^20[0-9][0-9]Q[1-4]$", required=False, allow_blank=True)
    visit = numbers.IntegerField(required=False, allow_null=True)
    service_request = numbers.IntegerField(required=False, allow_null=True)


class ScoreLineSerializer(serializers.Serializer):
    salesperson = numbers.IntegerField(source="salesperson.pk")
    salesperson_name = serializers.SerializerMethodField()
    count = numbers.IntegerField()
    average = numbers.DecimalField(max_digits=4, decimal_places=2)
    satisfied_rate = numbers.DecimalField(max_digits=5, decimal_places=1)

    def get_salesperson_name(self, line: Any) -> str:
        return display_name(line.salesperson)
