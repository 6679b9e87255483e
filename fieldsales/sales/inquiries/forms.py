"""Forms of the inquiry pages; the items are repeated rows read from the POST lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.core.widgets import SearchSelect
from fieldsales.crm.customers.forms import DATE, MoneyInput, choose_customers
from fieldsales.crm.pipeline.selectors import opportunity_label, visible_opportunities
from fieldsales.sales.inquiries.models import InquiryKind, RequestKind

ROWS = 5  # item rows the form offers (phone first: no script adds rows)
ACCEPT = (
    "application/pdf,image/jpeg,image/png,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,.xlsx"
)


class FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once; each is checked (type, size, zip) when the service stores it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", FilesInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class InquiryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=InquiryKind.choices,
        initial=InquiryKind.INQUIRY,
        widget=forms.RadioSelect,
    )
    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    title = forms.CharField(label=_("项目名称"), max_length=120, required=False)
    deadline = forms.DateField(label=_("报价/投标截止日期"), widget=DATE)
    estimated_amount = MoneyInput(label=_("预计金额（元）"))
    opportunity = numbers.ModelChoiceField(
        label=_("关联商机"),
        queryset=None,
        required=False,
        widget=SearchSelect("crm:pick_opportunities"),
    )
    note = forms.CharField(
        label=_("说明"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = FilesField(
        label=_("询价书/招标文件"), help_text=_("PDF、JPG、PNG 或 XLSX，每个不超过 10 MB")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_customers(self.fields["customer"], user=user)
        self.fields["opportunity"].queryset = (
            visible_opportunities(user=user).select_related("customer").order_by("-pk")
        )
        self.fields["opportunity"].label_from_instance = opportunity_label
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_estimated_amount(self) -> Decimal:
        return Decimal(self.cleaned_data["estimated_amount"] or "0")


def items_from(post: Any) -> list[dict[str, str]]:
    """The filled item rows of the form (a row with neither name nor quantity is skipped)."""
    rows = zip(
        post.getlist("item_description"),
        post.getlist("item_quantity"),
        post.getlist("item_unit"),
        strict=False,
    )
    return [
        {"description": d.strip(), "quantity": q.strip(), "unit": u.strip()}
        for d, q, u in rows
        if d.strip() or q.strip()
    ]


def item_rows(items: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows to show: what was typed, then empty rows up to ROWS."""
    empty = {"description": "", "quantity": "", "unit": ""}
    return list(items) + [empty] * max(ROWS - len(items), 1)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("发给"), choices=RequestKind.choices)
    question = forms.CharField(
        label=_("问题"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = FilesField(label=_("附件"))
