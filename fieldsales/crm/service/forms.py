"""Forms of service requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.crm.customers.forms import DATE, choose_customers
from fieldsales.crm.service.models import ServiceKind
from fieldsales.crm.surveys.models import Satisfaction


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; each is checked by core.uploads when the service stores it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


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
    photos = PhotosField(
        label=_("现场照片（可多张）"),
        required=False,
        help_text=_("JPG、PNG 或 WebP，每张不超过 10 MB"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_customers(
            self.fields["customer"], user=user, scope="not_pool", attrs={"data-contact-source": ""}
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


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("添加照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
