"""Forms of satisfaction surveys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.crm.customers.forms import choose_customers
from fieldsales.crm.surveys.models import Satisfaction


class SurveyForm(forms.Form):
    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    quarter = forms.RegexField(
        label=_("季度"),
        regex=r"^20[0-9][0-9]Q[1-4]$",
        max_length=7,
        error_messages={"invalid": _("季度格式应为 2026Q1")},
    )
    score = forms.TypedChoiceField(
        label=_("满意度"), choices=Satisfaction.choices, coerce=int, widget=forms.RadioSelect
    )
    respondent = forms.CharField(label=_("受访人"), max_length=40, required=False)
    comments = forms.CharField(
        label=_("意见或建议"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_customers(self.fields["customer"], user=user, scope="not_pool")
