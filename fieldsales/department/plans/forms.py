"""The plan pages' forms: a sales plan's four parts and planned customers, a work plan's kind,
period and note, an item. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core.numbers import ModelMultipleChoiceField
from fieldsales.core.widgets import SearchCheckboxes
from fieldsales.crm.customers.selectors import customer_label
from fieldsales.department.plans.models import ItemStatus, PlanKind

TEXTAREA = {"rows": 4}
WORK_CHOICES = [(k, label) for k, label in PlanKind.choices if k != PlanKind.SALES]


class SalesPlanForm(forms.Form):
    period = forms.DateField(
        label=_("月份"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    goal = forms.CharField(
        label=_("目标"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    strategy = forms.CharField(
        label=_("策略"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    action_plan = forms.CharField(
        label=_("行动计划"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    visit_plan = forms.CharField(
        label=_("拜访计划"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    customers = ModelMultipleChoiceField(
        label=_("计划拜访客户"),
        required=False,
        queryset=None,
        widget=SearchCheckboxes("crm:pick_customers"),
    )

    def __init__(self, *args: Any, customers: Any, **kwargs: Any) -> None:
        """`customers`: those the plan may name, in the order the first ticks are listed."""
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = customers
        self.fields["customers"].label_from_instance = customer_label


class WorkPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("计划类型"), choices=WORK_CHOICES)
    period = forms.DateField(
        label=_("期间（其中任一天）"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(forms.Form):
    task = forms.CharField(label=_("任务"), max_length=200)
    owner = forms.TypedChoiceField(label=_("负责人"), coerce=int)
    due = forms.DateField(
        label=_("完成期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = people


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=ItemStatus.choices)
    result = forms.CharField(label=_("完成情况"), required=False, max_length=4000)
