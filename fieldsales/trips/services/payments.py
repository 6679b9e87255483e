"""What finance enters when money moves (issue 10.5): how, on which day, under which voucher.

Checked inside the money service's transaction, after the machine's 403 and 409 (api.md's
order), so a second click on a paid document is a 409 whatever it carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.errors import RuleBroken
from fieldsales.trips.models import VOUCHER_MAX, PayMethod


@dataclass(frozen=True)
class Payment:
    method: str  # a PayMethod, or "" when the caller did not say
    on: date
    voucher: str


def checked_payment(*, method: str | None, on: date | None, voucher: str | None) -> Payment:
    """The payment as entered, with today for a missing date; a 400 naming the field."""
    method = method or ""
    if method and method not in PayMethod.values:
        raise RuleBroken(_("付款方式须为转账或现金"), field="method")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise RuleBroken(_("付款日期不能晚于今天"), field="date")
    voucher = (voucher or "").strip()
    if len(voucher) > VOUCHER_MAX:
        raise RuleBroken(_("凭证号最多%(max)d个字符") % {"max": VOUCHER_MAX}, field="voucher")
    if not voucher.isprintable():
        raise RuleBroken(_("凭证号含有不可打印的字符"), field="voucher")
    return Payment(method=method, on=on, voucher=voucher)


def payment_audit(payment: Payment) -> dict[str, str]:
    """The payment as the audit row keeps it."""
    return {"method": payment.method, "on": payment.on.isoformat(), "voucher": payment.voucher}
