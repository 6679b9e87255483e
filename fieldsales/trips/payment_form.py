"""The small form finance fills on a pay, settle or repay button (issue 10.5)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fieldsales.core.errors import RuleBroken
from fieldsales.trips.models import VOUCHER_MAX, PayMethod


class PaymentForm(forms.Form):
    """How, when and under which voucher; `receiving` words it for money coming back.

    Shown filled in (转账, today); a post without them gets the API's defaults (not stated,
    today), so an older page or a script posting only the button still works."""

    method = forms.ChoiceField(
        label=_("付款方式"),
        choices=PayMethod.choices,
        required=False,
        initial=PayMethod.TRANSFER,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label=_("付款日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    voucher = forms.CharField(
        label=_("凭证号"),
        required=False,
        max_length=VOUCHER_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("如 记-2026-12-0031（可选）")}),
    )

    def __init__(self, *args: Any, receiving: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        if receiving:
            self.fields["method"].label = _("收款方式")
            self.fields["date"].label = _("收款日期")

    def payment(self) -> dict[str, Any]:
        """The money service's keywords; a 400 naming the field when the form is not valid."""
        if not self.is_valid():
            field, errors = next(iter(self.errors.items()))
            raise RuleBroken(f"{self.fields[field].label}：{errors[0]}", field=field)
        data = self.cleaned_data
        return {"method": data["method"], "on": data["date"], "voucher": data["voucher"]}
