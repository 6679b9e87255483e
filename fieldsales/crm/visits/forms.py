"""Forms of a visit's life."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.crm.customers.forms import DATE, choose_customers
from fieldsales.crm.customers.models import Contact, Customer
from fieldsales.crm.pipeline.models import BOARD_STAGES, Opportunity
from fieldsales.crm.surveys.models import Satisfaction
from fieldsales.crm.visits.links import trip_link


class VisitForm(forms.Form):
    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    date = forms.DateField(label=_("拜访日期"), widget=DATE)
    seq = numbers.FormIntegerField(
        label=_("当天第几家"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("留空则排在当天最后"),
    )
    purpose = forms.CharField(label=_("拜访目的"), max_length=200)
    materials = forms.CharField(label=_("携带资料、样品、合同"), max_length=200, required=False)
    contact = numbers.ModelChoiceField(
        label=_("拜访对象"), queryset=Contact.objects.none(), required=False
    )
    opportunity = numbers.ModelChoiceField(
        label=_("相关商机"), queryset=Opportunity.objects.none(), required=False
    )
    trip = numbers.ModelChoiceField(label=_("所属出差（可选）"), queryset=None, required=False)
    appointment_confirmed = forms.BooleanField(label=_("已与客户约好时间"), required=False)
    appointment_note = forms.CharField(label=_("预约说明"), max_length=200, required=False)

    def __init__(
        self, *args: Any, user: Any, customer: Customer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_customers(
            self.fields["customer"],
            user=user,
            scope="not_inactive",
            attrs={"data-customer-reload": ""},
        )
        if customer is not None:
            self.fields["contact"].queryset = customer.contacts.all()
            self.fields["opportunity"].queryset = customer.opportunities.filter(
                stage__in=BOARD_STAGES
            )
        else:
            del self.fields["contact"]
            del self.fields["opportunity"]
        link = trip_link()
        if link is None:
            del self.fields["trip"]
            return
        self.fields["trip"].queryset = link.choices(user)
        self.fields["trip"].label_from_instance = link.label


class RecordForm(forms.Form):
    content = forms.CharField(
        label=_("洽谈内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("客户需求"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agreements = forms.CharField(
        label=_("达成共识"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    objections = forms.CharField(
        label=_("存在问题 / 客户异议"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step = forms.CharField(
        label=_("下次跟进计划"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_visit_date = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)


class SignForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"),
        choices=Satisfaction.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("意见或建议"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signer_name = forms.CharField(label=_("客户签字人"), max_length=40)
    signer_title = forms.CharField(label=_("职务"), max_length=40, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class PositionForm(forms.Form):
    latitude = forms.CharField(widget=forms.HiddenInput, required=False)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False)
    accuracy = forms.CharField(widget=forms.HiddenInput, required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("现场照片"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
    )
    caption = forms.CharField(label=_("说明"), max_length=100, required=False)
