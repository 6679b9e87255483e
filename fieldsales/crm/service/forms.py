"""Forms of service requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.crm.customers.forms import DATE
from fieldsales.crm.customers.models import CustomerStatus
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.crm.service.models import ServiceKind
from fieldsales.crm.surveys.models import Satisfaction


class ServiceRequestForm(forms.Form):
    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    kind = forms.ChoiceField(label=_("类型"), choices=ServiceKind.choices)
    title = forms.CharField(label=_("事项"), max_length=120)
    description = forms.CharField(
        label=_("详细情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label=_("客户联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    deadline = forms.DateField(
        label=_("处理期限"), required=False, widget=DATE, help_text=_("留空按默认期限")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = (
            visible_customers(user=user).exclude(status=CustomerStatus.POOL).order_by("code")
        )


class ConfirmClosureForm(forms.Form):
    confirmed_by_name = forms.CharField(label=_("客户确认人"), max_length=40)
    satisfaction = forms.TypedChoiceField(
        label=_("客户对处理的满意度"),
        choices=Satisfaction.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("客户意见"), max_length=200, required=False)
