"""Forms of the customer file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.core.people import display_name
from fieldsales.core.regions import cities, find_province, provinces
from fieldsales.core.widgets import SearchSelect
from fieldsales.crm.customers.models import (
    CUSTOMER_CONTACT_TEXT,
    CUSTOMER_TEXT,
    Contact,
    CustomerKind,
    Grade,
    Intent,
    Source,
)
from fieldsales.crm.customers.selectors import (
    PICK_SCOPES,
    customer_label,
    transfer_targets,
    visible_customers,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def province_choices() -> list[tuple[str, str]]:
    return [("", _("选择省份"))] + [(p.name, p.name) for p in provinces()]


def city_choices(province_name: str | None) -> list[tuple[str, str]]:
    province = find_province(province_name or "")
    if province is None:
        return [("", "—")]
    return [("", _("选择城市"))] + [(c.name, c.name) for c in cities(province.code)]


class MoneyInput(forms.CharField):
    """A decimal amount typed as text: 50000 or 50000.00, never a float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        text = (value or "").replace(",", "").strip()
        if text and not numbers.AMOUNT.match(text):
            raise forms.ValidationError(_("金额须为非负数，最多两位小数"))
        return text


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("客户名称（与营业执照一致）"), max_length=CUSTOMER_TEXT["name"])
    kind = forms.ChoiceField(
        label=_("类型"), choices=CustomerKind.choices, initial=CustomerKind.PROSPECT
    )
    grade = forms.ChoiceField(label=_("客户等级"), choices=Grade.choices, initial=Grade.C)
    province = forms.ChoiceField(label=_("省份"), choices=())
    city = forms.CharField(label=_("城市"), widget=forms.Select(choices=[("", "—")]))
    address = forms.CharField(
        label=_("详细地址"), max_length=CUSTOMER_TEXT["address"], required=False
    )
    industry = forms.CharField(
        label=_("行业"), max_length=CUSTOMER_TEXT["industry"], required=False
    )
    source = forms.ChoiceField(
        label=_("客户来源"), choices=[("", "—"), *Source.choices], required=False
    )
    intent = forms.ChoiceField(
        label=_("意向程度"), choices=[("", "—"), *Intent.choices], required=False
    )
    scale = forms.CharField(label=_("规模"), max_length=CUSTOMER_TEXT["scale"], required=False)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=CUSTOMER_TEXT["credit_code"], required=False
    )
    credit_limit = MoneyInput(label=_("信用额度（元）"), required=False)
    products_needed = forms.CharField(
        label=_("需求产品"), max_length=CUSTOMER_TEXT["products_needed"], required=False
    )
    annual_demand = forms.CharField(
        label=_("年需求量/采购额"), max_length=CUSTOMER_TEXT["annual_demand"], required=False
    )
    competitors = forms.CharField(
        label=_("现有供应商/竞争对手"), max_length=CUSTOMER_TEXT["competitors"], required=False
    )
    remarks = forms.CharField(
        label=_("备注"),
        required=False,
        max_length=CUSTOMER_TEXT["remarks"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_name = forms.CharField(
        label=_("联系人"), max_length=CUSTOMER_CONTACT_TEXT["contact_name"], required=False
    )
    contact_title = forms.CharField(
        label=_("职务"), max_length=CUSTOMER_CONTACT_TEXT["contact_title"], required=False
    )
    contact_phone = forms.CharField(
        label=_("电话"),
        max_length=CUSTOMER_CONTACT_TEXT["contact_phone"],
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_duplicates = forms.BooleanField(
        label=_("我已核对，这不是同一客户，仍然保存"), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        province = self.data.get(self.add_prefix("province")) or self.initial.get("province")
        self.fields["city"].widget.choices = city_choices(province)
        if editing:
            for name in ("contact_name", "contact_title", "contact_phone", "confirm_duplicates"):
                del self.fields[name]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm_duplicates", None)
        if not data.get("latitude") and not data.get("longitude"):
            data.pop("latitude", None)
            data.pop("longitude", None)
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "role", "phone", "email", "is_primary"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class TransferForm(forms.Form):
    to_user = numbers.ModelChoiceField(label=_("接手业务员"), queryset=None)
    reason = forms.CharField(label=_("转交原因"), max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = transfer_targets(user=user)
        self.fields["to_user"].label_from_instance = display_name


# ---------------------------------------------------------------- a form's customer drop-down


class CustomerSelect(SearchSelect):
    """A customer drop-down (its first rows, searchable for the rest: core.widgets). Each
    option carries what the forms' scripts read: the kind (the quote's price floor) and the
    contact (crm.js fills a service request's contact fields)."""

    def __init__(self, *, scope: str = "", attrs: dict[str, Any] | None = None) -> None:
        query = f"scope={scope}" if scope else ""
        super().__init__("crm:pick_customers", query=query, attrs=attrs)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        customer = getattr(option["value"], "instance", None)
        if customer is not None:
            option["attrs"]["data-kind"] = customer.kind
            option["attrs"]["data-contact-name"] = customer.contact_name
            option["attrs"]["data-contact-phone"] = customer.contact_phone
        return option


def choose_customers(
    field: forms.Field, *, user: Any, scope: str = "", attrs: dict[str, Any] | None = None
) -> None:
    """Make `field` (a ModelChoiceField) choose among the user's visible customers of `scope`
    (selectors.PICK_SCOPES), by code, with the searchable drop-down."""
    customers = visible_customers(user=user)
    if scope:
        customers = customers.filter(PICK_SCOPES[scope])
    field.queryset = customers.order_by("code")  # type: ignore[attr-defined]
    field.label_from_instance = customer_label  # type: ignore[attr-defined]
    if field.empty_label is not None:  # type: ignore[attr-defined]
        field.empty_label = _("请选择客户")  # type: ignore[attr-defined]
    widget = CustomerSelect(scope=scope, attrs=attrs)
    widget.is_required = field.required
    widget.choices = field.choices  # type: ignore[attr-defined]
    field.widget = widget


class CustomerChoiceForm(forms.Form):
    """A page's lone customer drop-down when the rest of its form is not a Django form (the
    quote form): render `form.customer`."""

    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None, empty_label=_("请选择客户"))

    def __init__(
        self, *args: Any, user: Any, scope: str = "", attrs: dict[str, Any] | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        choose_customers(self.fields["customer"], user=user, scope=scope, attrs=attrs)
