"""Page forms of the CRM; they feed the same services as the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.core.api import _AMOUNT
from fieldsales.core.people import display_name
from fieldsales.core.regions import cities, find_province, provinces
from fieldsales.crm import selectors
from fieldsales.crm.models import (
    BOARD_STAGES,
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
    Intent,
    Opportunity,
    Satisfaction,
    ServiceKind,
    Source,
    Stage,
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
        if text and not _AMOUNT.match(text):
            raise forms.ValidationError(_("金额须为非负数，最多两位小数"))
        return text


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("客户名称（与营业执照一致）"), max_length=120)
    kind = forms.ChoiceField(
        label=_("类型"), choices=CustomerKind.choices, initial=CustomerKind.PROSPECT
    )
    grade = forms.ChoiceField(label=_("客户等级"), choices=Grade.choices, initial=Grade.C)
    province = forms.ChoiceField(label=_("省份"), choices=())
    city = forms.CharField(label=_("城市"), widget=forms.Select(choices=[("", "—")]))
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    industry = forms.CharField(label=_("行业"), max_length=60, required=False)
    source = forms.ChoiceField(
        label=_("客户来源"), choices=[("", "—"), *Source.choices], required=False
    )
    intent = forms.ChoiceField(
        label=_("意向程度"), choices=[("", "—"), *Intent.choices], required=False
    )
    scale = forms.CharField(label=_("规模"), max_length=60, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    credit_limit = MoneyInput(label=_("信用额度（元）"), required=False)
    products_needed = forms.CharField(label=_("需求产品"), max_length=200, required=False)
    annual_demand = forms.CharField(label=_("年需求量/采购额"), max_length=100, required=False)
    competitors = forms.CharField(label=_("现有供应商/竞争对手"), max_length=200, required=False)
    remarks = forms.CharField(
        label=_("备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_title = forms.CharField(label=_("职务"), max_length=40, required=False)
    contact_phone = forms.CharField(
        label=_("电话"),
        max_length=30,
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
        self.fields["to_user"].queryset = selectors.transfer_targets(user=user)
        self.fields["to_user"].label_from_instance = display_name


class OpportunityForm(forms.Form):
    customer = numbers.ModelChoiceField(label=_("客户"), queryset=None)
    title = forms.CharField(label=_("商机名称"), max_length=120)
    stage = forms.ChoiceField(
        label=_("当前阶段"), choices=[(s, Stage(s).label) for s in BOARD_STAGES[:3]]
    )
    amount = MoneyInput(label=_("预计金额（元）"), required=False)
    expected_close = forms.DateField(label=_("预计签约日期"), required=False, widget=DATE)
    next_follow_up = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)
    products = forms.CharField(label=_("意向产品"), max_length=200, required=False)
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = (
            selectors.visible_customers(user=user)
            .exclude(status=CustomerStatus.POOL)
            .order_by("code")
        )


class OpportunityEditForm(forms.Form):
    title = forms.CharField(label=_("商机名称"), max_length=120)
    amount = MoneyInput(label=_("预计金额（元）"), required=False)
    expected_close = forms.DateField(label=_("预计签约日期"), required=False, widget=DATE)
    next_follow_up = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)
    products = forms.CharField(label=_("意向产品"), max_length=200, required=False)
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("转到"), choices=Stage.choices)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
    amount = MoneyInput(label=_("合同金额"), required=False)


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
        from fieldsales.trips.models import Trip

        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = (
            selectors.visible_customers(user=user)
            .exclude(status=CustomerStatus.INACTIVE)
            .order_by("code")
        )
        if customer is not None:
            self.fields["contact"].queryset = customer.contacts.all()
            self.fields["opportunity"].queryset = customer.opportunities.filter(
                stage__in=BOARD_STAGES
            )
        else:
            del self.fields["contact"]
            del self.fields["opportunity"]
        self.fields["trip"].queryset = (
            Trip.objects.filter(traveller=user)
            .exclude(status__in=["cancelled", "rejected"])
            .order_by("-depart")
        )
        self.fields["trip"].label_from_instance = lambda t: (
            f"{t.number} {t.depart:%m-%d}—{t.return_date:%m-%d}"
        )


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
            selectors.visible_customers(user=user)
            .exclude(status=CustomerStatus.POOL)
            .order_by("code")
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
        self.fields["customer"].queryset = (
            selectors.visible_customers(user=user)
            .exclude(status=CustomerStatus.POOL)
            .order_by("code")
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("目标客户基本信息情况统计表（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
