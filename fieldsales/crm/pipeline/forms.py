"""Forms of the pipeline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.crm.customers.forms import DATE, MoneyInput, choose_customers
from fieldsales.crm.pipeline.models import BOARD_STAGES, Stage


class OpportunityEditForm(forms.Form):
    title = forms.CharField(label=_("商机名称"), max_length=120)
    amount = MoneyInput(label=_("预计金额（元）"), required=False)
    expected_close = forms.DateField(label=_("预计签约日期"), required=False, widget=DATE)
    next_follow_up = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)
    products = forms.CharField(label=_("意向产品"), max_length=200, required=False)
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpportunityForm(OpportunityEditForm):
    """A new opportunity: the editable fields plus its customer and starting stage."""

    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    stage = forms.ChoiceField(
        label=_("当前阶段"), choices=[(s, Stage(s).label) for s in BOARD_STAGES[:3]]
    )
    # The page's order: customer, title, stage, then the editable fields.
    field_order = ["customer", "title", "stage"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_customers(self.fields["customer"], user=user, scope="not_pool")


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("转到"), choices=Stage.choices)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
    amount = MoneyInput(label=_("合同金额"), required=False)
