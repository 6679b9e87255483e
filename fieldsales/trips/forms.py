"""Page forms for trips, advances, reports and claims; they feed the same services as the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fieldsales.core import numbers
from fieldsales.core.people import display_name
from fieldsales.core.regions import cities, find_province, provinces
from fieldsales.crm.customers.selectors import visible_customers
from fieldsales.crm.models import Customer, Satisfaction
from fieldsales.trips.models import REVIEWER_ITEM_FIELDS, Purpose, Vehicle
from fieldsales.trips.selectors import companion_candidates
from fieldsales.trips.vocabulary import CLAIM_ITEM_KINDS, TICKETS, TRAIN_SEATS

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def province_choices() -> list[tuple[str, str]]:
    return [("", _("选择省份"))] + [(p.name, p.name) for p in provinces()]


class TripForm(forms.Form):
    purpose = forms.ChoiceField(label=_("出差事由"), choices=Purpose.choices)
    province = forms.ChoiceField(label=_("目的地省份"), choices=())
    city = forms.CharField(label=_("目的地城市"), widget=forms.Select(choices=[("", "—")]))
    province2 = forms.ChoiceField(label=_("第二目的地省份（可选）"), choices=(), required=False)
    city2 = forms.CharField(
        label=_("第二目的地城市"), required=False, widget=forms.Select(choices=[("", "—")])
    )
    depart = forms.DateField(label=_("计划出发日期"), widget=DATE)
    return_date = forms.DateField(label=_("计划返回日期"), widget=DATE)
    # Picked by name on the page (trips/_picker.html, static/js/picker.js): hidden ids.
    customers = numbers.ModelMultipleChoiceField(
        label=_("拜访客户"),
        queryset=Customer.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    companions = numbers.ModelMultipleChoiceField(
        label=_("同行人（可选）"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    # P6.3: the companions the traveller invited (their costs are not reimbursed).
    companions_invited = numbers.ModelMultipleChoiceField(
        label=_("受我邀请（P6.3：其费用不予报销）"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    vehicle = forms.ChoiceField(
        label=_("交通工具"),
        choices=[("", _("公共交通（火车、汽车等）"))] + list(Vehicle.choices),
        required=False,
    )
    flight_requested = forms.BooleanField(
        label=_("申请乘坐飞机（须总经理事先批准，P4.4）"), required=False
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["province2"].choices = province_choices()
        self.fields["customers"].queryset = visible_customers(user=user).order_by("code")
        candidates = companion_candidates(user=user)
        self.fields["companions"].queryset = candidates
        self.fields["companions_invited"].queryset = candidates
        for name in ("city", "city2"):
            province = self.data.get(self.add_prefix(name.replace("city", "province"))) or (
                self.initial.get(name.replace("city", "province"))
            )
            self.fields[name].widget.choices = city_choices(province)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("depart") and data.get("return_date") and data["return_date"] < data["depart"]:
            self.add_error("return_date", _("返回日期不能早于出发日期"))
        return data

    def _chosen_ids(self, name: str) -> list[int]:
        values = self[name].value() or []
        ids = [getattr(v, "pk", v) for v in values]
        return [int(i) for i in ids if numbers.ascii_integer(i) is not None]

    def chosen_customers(self) -> list[dict[str, Any]]:
        """The customers picked so far (after a refused save, or of the trip being edited),
        as the picker shows them: name and city."""
        ids = self._chosen_ids("customers")
        found = self.fields["customers"].queryset.filter(pk__in=ids)
        return [{"id": c.pk, "name": c.name, "meta": c.city} for c in found]

    def chosen_companions(self) -> list[dict[str, Any]]:
        """The companions picked so far: name, department, and whether invited."""
        ids = self._chosen_ids("companions")
        invited = set(self._chosen_ids("companions_invited"))
        found = self.fields["companions"].queryset.filter(pk__in=ids)
        return [
            {
                "id": u.pk,
                "name": display_name(u),
                "meta": getattr(getattr(u.employee, "department", None), "name", ""),
                "invited": u.pk in invited,
            }
            for u in found
        ]

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        destinations = [{"province": d["province"], "city": d["city"]}]
        if d.get("province2") and d.get("city2"):
            destinations.append({"province": d["province2"], "city": d["city2"]})
        invited = {u.pk for u in d.get("companions_invited") or []}
        companions = [{"user": u.pk, "invited": u.pk in invited} for u in d.get("companions") or []]
        return {
            "purpose": d["purpose"],
            "destinations": destinations,
            "depart": d["depart"],
            "return_date": d["return_date"],
            "customers": [c.pk for c in d["customers"]],
            "companions": companions,
            "vehicle": d["vehicle"] or "",
            "flight_requested": d["flight_requested"],
            "note": d["note"],
        }


def city_choices(province_name: str | None) -> list[tuple[str, str]]:
    province = find_province(province_name or "")
    if province is None:
        return [("", "—")]
    return [("", _("选择城市"))] + [(c.name, c.name) for c in cities(province.code)]


class AdvanceForm(forms.Form):
    amount = forms.CharField(label=_("预支金额（元）"), max_length=14)
    reason = forms.CharField(label=_("借款事由"), max_length=200, required=False)

    def clean_amount(self) -> Decimal:
        value = self.cleaned_data["amount"].strip()
        if not numbers.AMOUNT.match(value):
            raise forms.ValidationError(_("请填写金额，例如 300 或 300.00（最多两位小数）"))
        return Decimal(value)


class ReportForm(forms.Form):
    actual_depart = forms.DateField(label=_("实际出发日期"), widget=DATE)
    actual_return = forms.DateField(label=_("实际返回日期"), widget=DATE)
    route = forms.CharField(label=_("出差路线"), widget=forms.Textarea(attrs={"rows": 2}))
    results = forms.CharField(
        label=_("本次出差收获"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    orders_signed = forms.CharField(
        label=_("订单签订情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("接下来的跟踪打算"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    market_report = forms.CharField(
        label=_("新市场分析报告（开拓新市场必填，P7.3）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class VisitForm(forms.Form):
    """One customer's visit feedback (P7.2), signed on the screen."""

    customer = numbers.FormIntegerField(widget=forms.HiddenInput)
    visited_on = forms.DateField(label=_("拜访日期"), required=False, widget=DATE)
    content = forms.CharField(
        label=_("洽谈内容 / 客户需求"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    satisfaction = forms.TypedChoiceField(
        label=_("客户满意度"),
        choices=[("", "—")] + list(Satisfaction.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    signer_name = forms.CharField(label=_("客户签字人"), max_length=40, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, customers: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if customers is not None:
            # Adding a visit to a filed report: the customer is chosen among the trip's.
            self.fields["customer"] = forms.TypedChoiceField(
                label=_("客户"), choices=[(c.pk, c.name) for c in customers], coerce=int
            )
            self.fields["visited_on"].required = True


# The claim form names two kinds more fully than their label, to say what belongs there.
_CHOICE_TEXTS = {"coach": _("汽车（长途/短途）"), "other": _("其他（停车、过路费等）")}
ITEM_KINDS = [
    (kind, _CHOICE_TEXTS.get(kind, text))
    for kind, text in CLAIM_ITEM_KINDS.items()
    if kind != "allowance"  # the allowance is computed, never claimed as a line
]
SEATS = [("", "—"), *TRAIN_SEATS.items()]
TAXI_REASONS = [
    ("", "—"),
    ("night_work", _("夜间工作（20:00—8:00）")),
    ("bulky_or_valuable_cargo", _("携带贵重设备、大件物品")),
    ("no_bus_or_over_3km", _("无公交或路程超过3公里")),
    ("other_special", _("其他特殊情况")),
]


DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


class ItemForm(forms.Form):
    """One receipt line of a claim, turned into a claim-format.md item. The kind comes first;
    the page shows only that kind's fields (claim-form.js; without script every field shows)."""

    # The line's stable id: its receipts (and any override) follow it, not its position.
    id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    kind = forms.ChoiceField(label=_("类别"), choices=ITEM_KINDS)
    amount = forms.CharField(
        label=_("金额"),
        max_length=14,
        widget=forms.TextInput(attrs=DECIMAL | {"placeholder": "0.00"}),
    )
    date = forms.DateField(label=_("日期"), required=False, widget=DATE)
    # A ticket's legs (claim-format.md `from` and `to`), printed on the 差旅费报销单.
    origin = forms.CharField(label=_("出发地"), required=False, max_length=60)
    destination = forms.CharField(label=_("到达地"), required=False, max_length=60)
    city = forms.CharField(label=_("发生城市"), required=False, max_length=30)
    seat = forms.ChoiceField(label=_("席别"), choices=SEATS, required=False)
    hours = numbers.FormDecimalField(
        label=_("连续乘车小时"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs=DECIMAL),
    )
    cabin = forms.CharField(label=_("舱位"), required=False, max_length=20)
    invoice = forms.BooleanField(label=_("有正式发票"), required=False)
    record = forms.BooleanField(label=_("已填写外出记录"), required=False)
    reason = forms.ChoiceField(label=_("乘出租车理由"), choices=TAXI_REASONS, required=False)
    start = forms.CharField(label=_("起点"), required=False, max_length=60)
    end = forms.CharField(label=_("终点"), required=False, max_length=60)
    note = forms.CharField(label=_("事由/备注"), required=False, max_length=200)
    standard_fare = forms.CharField(
        label=_("标准票价"), required=False, max_length=14, widget=forms.TextInput(attrs=DECIMAL)
    )
    # selling.md S7.2: the order or opportunity the dinner was for ("order:12"); its deal is
    # read from it, never typed.
    deal = forms.ChoiceField(label=_("招待所为的订单或商机"), required=False, choices=())
    receipt = forms.FileField(
        label=_("票据照片/PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(
        self,
        *args: Any,
        trip_dates: tuple[Any, Any] | None = None,
        deals: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["deal"].choices = [("", "—"), *(deals or [])]
        # A new line's date defaults to the trip's first day; the picker offers the trip's days.
        self.drafts: list[Any] = []  # receipts kept from a refused form (issue 10)
        self.stored: list[Any] = []  # the line's saved receipts (on edit)
        self.removed: set[str] = set()
        if trip_dates:
            first, last = trip_dates
            self.fields["date"].initial = first
            attrs = self.fields["date"].widget.attrs = dict(self.fields["date"].widget.attrs)
            attrs |= {"min": first.isoformat(), "max": last.isoformat()}

    def _money(self, name: str, required: bool = False) -> str | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            if required:
                self.add_error(name, _("请填写金额"))
            return None
        if not numbers.AMOUNT.match(value):
            self.add_error(name, _("金额须为非负数，最多两位小数"))
            return None
        return f"{Decimal(value):.2f}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # What only a reviewer states (api.md) is no field of this form; a page that sends it
        # anyway is refused rather than silently ignored.
        for name in REVIEWER_ITEM_FIELDS:
            if self.add_prefix(name) in self.data:
                raise forms.ValidationError(
                    _("报销人不能填写%(field)s：只有审批人可以填写（P4.6、P9）") % {"field": name}
                )
        data["amount"] = self._money("amount", required=True)
        data["standard_fare"] = self._money("standard_fare")
        if data.get("kind") == "entertainment" and not data.get("deal"):
            self.add_error("deal", _("S7.2 业务招待费须注明所为的订单或商机"))
        if data.get("kind") == "train" and not data.get("seat"):
            self.add_error("seat", _("火车票须选择席别"))
        if (
            data.get("kind") == "train"
            and data.get("seat")
            and "sleeper" in data["seat"]
            and data.get("hours") is None
        ):
            self.add_error("hours", _("卧铺须填写连续乘车时长"))
        return data

    def as_item(self, item_id: str) -> dict[str, Any]:
        d = self.cleaned_data
        ticket = d["kind"] in TICKETS
        item: dict[str, Any] = {"id": item_id, "kind": d["kind"], "amount": d["amount"]}
        optional = {
            "date": d.get("date").isoformat() if d.get("date") else None,
            "city": d.get("city") or None,
            "seat": d.get("seat") or None,
            "hours": float(d["hours"]) if d.get("hours") is not None else None,
            "cabin": d.get("cabin") or None,
            "reason": d.get("reason") or None,
            "from": (d.get("origin") if ticket else d.get("start")) or None,
            "to": (d.get("destination") if ticket else d.get("end")) or None,
            "note": d.get("note") or None,
            "standard_fare": d.get("standard_fare"),
        }
        item |= {k: v for k, v in optional.items() if v is not None}
        if d["kind"] == "entertainment" and d.get("deal"):
            link, _sep, pk = d["deal"].partition(":")
            item[link] = int(pk)
        for flag in ("invoice", "record"):
            if d.get(flag):
                item[flag] = True
        return item


ItemFormSet = forms.formset_factory(ItemForm, extra=0, min_num=0, max_num=40, can_delete=True)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewNoteForm(forms.Form):
    """A reviewer's note (P4.6 d) or the department head's consent (P4.6) on one line."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=40)
    note = forms.CharField(label=_("理由"), max_length=2000)


class OverrideForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    amount = forms.CharField(label=_("核准金额"), max_length=14)
    reason = forms.CharField(label=_("调整理由（P9）"), max_length=2000)

    def clean_amount(self) -> Decimal:
        value = self.cleaned_data["amount"].strip()
        if not numbers.AMOUNT.match(value):
            raise forms.ValidationError(_("金额须为非负数，最多两位小数"))
        return Decimal(value)
