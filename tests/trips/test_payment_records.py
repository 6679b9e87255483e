"""Issue 10.5: paying an advance, settling a claim and recording an advance's repayment say how
(转账 / 现金), when (default today, never later) and under which voucher (凭证号); the pages show
it, the 借款单 and 报销单 print it, and an API client that sends nothing still works."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from factories import AdvanceFactory, ClaimFactory, TripFactory
from helpers import days_from_today, today

from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.models import AuditEvent
from fieldsales.trips import printing, services
from fieldsales.trips.models import Advance, Claim

pytestmark = pytest.mark.django_db

TRAIN = {
    "id": "t1",
    "kind": "train",
    "amount": "73.50",
    "hours": 1.2,
    "seat": "second_class",
    "invoice": True,
}


def record() -> dict:
    """Paid yesterday in cash, as of when the test runs (not when the module was imported: a
    run across midnight would otherwise compare two different yesterdays)."""
    return {"method": "cash", "date": days_from_today(-1), "voucher": "记-2026-12-0031"}


def pdf_lines(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.fixture
def advance(cast):
    """sales1's approved advance of 300, waiting to be paid."""
    return AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved"
    )


@pytest.fixture
def claim(cast):
    """sales1's approved claim (no advance): the company pays the difference."""
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    return ClaimFactory(trip=trip, items=[TRAIN], status="approved")


# ---------------------------------------------------------------- API


def test_advance_pay_records_method_date_and_voucher(api, advance):
    answer = api("finance").post(f"/api/advances/{advance.pk}/pay/", record(), format="json")

    assert answer.status_code == 200
    assert (answer.data["status"], answer.data["paid_method"]) == ("paid", "cash")
    assert (answer.data["paid_on"], answer.data["paid_voucher"]) == (
        record()["date"],
        "记-2026-12-0031",
    )
    paid = Advance.objects.get(pk=advance.pk)
    assert (paid.paid_method, paid.paid_on.isoformat(), paid.paid_voucher) == (
        "cash",
        record()["date"],
        "记-2026-12-0031",
    )
    event = AuditEvent.objects.get(action="pay", object_id=advance.pk)
    assert event.data == {"method": "cash", "on": record()["date"], "voucher": "记-2026-12-0031"}


def test_a_client_that_sends_nothing_pays_today_method_not_stated(api, advance):
    answer = api("finance").post(f"/api/advances/{advance.pk}/pay/")

    assert answer.status_code == 200
    assert (answer.data["paid_method"], answer.data["paid_voucher"]) == ("", "")
    assert answer.data["paid_on"] == today().isoformat()


def test_voucher_is_trimmed(api, advance):
    body = {"method": "transfer", "voucher": "  银-0007 "}
    answer = api("finance").post(f"/api/advances/{advance.pk}/pay/", body, format="json")

    assert (answer.data["paid_method"], answer.data["paid_voucher"]) == ("transfer", "银-0007")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": days_from_today(1)}, "date"),
        ({"voucher": "记" * 31}, "voucher"),
        ({"voucher": "记-\t01"}, "voucher"),
        ({"method": "cheque"}, "method"),
        ({"date": "2026-13-40"}, "date"),
    ],
)
def test_bad_payment_input_is_400_naming_the_field(api, advance, claim, body, field):
    for url in (f"/api/advances/{advance.pk}/pay/", f"/api/claims/{claim.pk}/settle/"):
        answer = api("finance").post(url, body, format="json")

        assert answer.status_code == 400, (url, answer.data)
        assert list(answer.data) == [field]
    assert Advance.objects.get(pk=advance.pk).status == "approved"
    assert Claim.objects.get(pk=claim.pk).status == "approved"


def test_thirty_characters_are_a_voucher(api, advance):
    body = {"voucher": "记" * 30}
    assert api("finance").post(f"/api/advances/{advance.pk}/pay/", body).status_code == 200


def test_second_pay_is_409_and_keeps_the_first_record(api, advance):
    api("finance").post(f"/api/advances/{advance.pk}/pay/", record(), format="json")

    again = api("finance").post(
        f"/api/advances/{advance.pk}/pay/", {"method": "transfer", "voucher": "X-2"}
    )

    assert again.status_code == 409
    paid = Advance.objects.get(pk=advance.pk)
    assert (paid.paid_method, paid.paid_voucher) == ("cash", "记-2026-12-0031")


def test_a_paid_advance_with_a_future_date_is_409_not_400(api, advance):
    """api.md's order: the state (409) is answered before the input's rule (400)."""
    api("finance").post(f"/api/advances/{advance.pk}/pay/")

    again = api("finance").post(f"/api/advances/{advance.pk}/pay/", {"date": days_from_today(1)})

    assert again.status_code == 409


def test_claim_settle_records_method_date_and_voucher(api, claim):
    answer = api("finance").post(f"/api/claims/{claim.pk}/settle/", record(), format="json")

    assert answer.status_code == 200
    assert answer.data["status"] == "settled"
    assert (
        answer.data["settled_method"],
        answer.data["settled_on"],
        answer.data["settled_voucher"],
    ) == ("cash", record()["date"], "记-2026-12-0031")
    assert api("finance").post(f"/api/claims/{claim.pk}/settle/", record()).status_code == 409


def test_claim_settle_without_a_body_still_works(api, claim):
    answer = api("finance").post(f"/api/claims/{claim.pk}/settle/")

    assert answer.status_code == 200
    assert (answer.data["settled_method"], answer.data["settled_on"]) == ("", today().isoformat())


def test_repay_records_how_the_cash_came_back(cast, api):
    paid = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="paid"
    )
    body = {"method": "cash", "date": today().isoformat(), "voucher": "收-0009", "comment": "退回"}

    answer = api("finance").post(f"/api/advances/{paid.pk}/repay/", body, format="json")

    assert answer.status_code == 200
    assert (answer.data["status"], answer.data["repaid_amount"]) == ("settled", "300.00")
    assert (answer.data["repaid_method"], answer.data["repaid_voucher"]) == ("cash", "收-0009")
    assert answer.data["repaid_on"] == today().isoformat()


def test_repay_with_a_future_date_is_400(cast, api):
    paid = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="paid"
    )

    answer = api("finance").post(f"/api/advances/{paid.pk}/repay/", {"date": days_from_today(2)})

    assert (answer.status_code, list(answer.data)) == (400, ["date"])
    assert Advance.objects.get(pk=paid.pk).status == "paid"


# ---------------------------------------------------------------- services


def test_services_check_the_record_themselves(cast, advance, claim):
    finance = cast["finance"]
    tomorrow = today() + timedelta(days=1)
    with pytest.raises(RuleBroken) as refused:
        services.advance_pay(advance=advance, actor=finance, on=tomorrow)
    assert refused.value.field == "date"
    with pytest.raises(RuleBroken) as refused:
        services.claim_settle(claim=claim, actor=finance, voucher="x" * 31)
    assert refused.value.field == "voucher"

    services.claim_settle(claim=claim, actor=finance, method="transfer", voucher="银-1")
    with pytest.raises(InvalidTransition):
        services.claim_settle(claim=claim, actor=finance, method="cash")
    assert Claim.objects.get(pk=claim.pk).settled_method == "transfer"


# ---------------------------------------------------------------- pages


def test_advance_page_offers_the_form_and_shows_the_record(cast, client, advance):
    client.force_login(cast["finance"])
    page = client.get(f"/advances/{advance.pk}/").content.decode()
    assert 'id="pay-form"' in page
    assert 'name="voucher"' in page and 'type="date"' in page
    assert f'max="{today().isoformat()}"' in page
    assert f'value="{today().isoformat()}"' in page  # a date input takes ISO dates only

    done = client.post(f"/advances/{advance.pk}/pay/", record())

    assert done.status_code == 302
    page = client.get(f"/advances/{advance.pk}/").content.decode()
    assert '<dd data-payment="paid-method">现金</dd>' in page
    assert f'<dd data-payment="paid-date">{record()["date"]}</dd>' in page
    assert '<dd data-payment="paid-voucher">记-2026-12-0031</dd>' in page
    assert 'id="pay-form"' not in page


def test_advance_page_refuses_a_future_date_and_pays_nothing(cast, client, advance):
    client.force_login(cast["finance"])

    done = client.post(
        f"/advances/{advance.pk}/pay/",
        {"method": "transfer", "date": days_from_today(1)},
        HTTP_REFERER=f"/advances/{advance.pk}/",
    )

    assert done.status_code == 302
    assert Advance.objects.get(pk=advance.pk).status == "approved"
    page = client.get(f"/advances/{advance.pk}/").content.decode()
    assert "付款日期不能晚于今天" in page


def test_advance_page_repay_form(cast, client):
    paid = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="paid"
    )
    client.force_login(cast["finance"])
    assert "收款方式" in client.get(f"/advances/{paid.pk}/").content.decode()

    client.post(f"/advances/{paid.pk}/repay/", record() | {"method": "transfer"})

    repaid = Advance.objects.get(pk=paid.pk)
    assert (repaid.status, repaid.repaid_method, repaid.repaid_voucher) == (
        "settled",
        "transfer",
        "记-2026-12-0031",
    )
    page = client.get(f"/advances/{paid.pk}/").content.decode()
    assert '<dd data-payment="repaid-method">转账</dd>' in page


def test_claim_page_settles_with_the_record_and_shows_it(cast, client, claim):
    client.force_login(cast["sales1"])
    assert 'id="settle-form"' not in client.get(f"/claims/{claim.pk}/").content.decode()
    client.force_login(cast["finance"])
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'id="settle-form"' in page and "付款方式" in page

    client.post(f"/claims/{claim.pk}/settle/", record())

    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'id="settle-form"' not in page
    assert '<dd data-payment="settled-method">现金</dd>' in page
    assert '<dd data-payment="settled-voucher">记-2026-12-0031</dd>' in page


def test_a_payment_recorded_without_method_says_so(cast, client, api, claim):
    api("finance").post(f"/api/claims/{claim.pk}/settle/")
    client.force_login(cast["sales1"])

    page = client.get(f"/claims/{claim.pk}/").content.decode()

    assert '<dd data-payment="settled-method">未注明</dd>' in page
    assert '<dd data-payment="settled-voucher">—</dd>' in page


# ---------------------------------------------------------------- printed forms


def test_advance_form_ticks_the_method_and_prints_the_voucher(cast, api, advance, tmp_path):
    api("finance").post(f"/api/advances/{advance.pk}/pay/", record(), format="json")
    lines = pdf_lines(printing.advance_pdf(Advance.objects.get(pk=advance.pk)), tmp_path)

    (method,) = [line for line in lines if "付款方式" in line]
    assert method.replace(" ", "").startswith("付款方式√现金转账预计还款日期")
    (cashier,) = [line for line in lines if "付讫" in line]
    on = printing.cn_date(today() - timedelta(days=1))
    assert cashier == f"出纳 付讫 {on} 经办：刘芳 凭证号：记-2026-12-0031"


def test_advance_form_prints_the_repayment(cast, api, tmp_path):
    paid = AdvanceFactory(
        trip=TripFactory(traveller=cast["sales1"], status="approved"), status="paid"
    )
    api("finance").post(f"/api/advances/{paid.pk}/repay/", {"method": "cash", "voucher": "收-9"})
    lines = pdf_lines(printing.advance_pdf(Advance.objects.get(pk=paid.pk)), tmp_path)

    (repaid,) = [line for line in lines if line.startswith("归还")]
    assert repaid == f"归还 收回 ¥300.00 {printing.cn_date(today())} 现金 经办：刘芳 凭证号：收-9"


def test_claim_form_prints_method_date_and_voucher(cast, api, claim, tmp_path):
    api("finance").post(f"/api/claims/{claim.pk}/settle/", record(), format="json")
    lines = pdf_lines(printing.claim_pdf(Claim.objects.get(pk=claim.pk)), tmp_path)

    (row,) = [line for line in lines if "付款方式" in line]
    on = printing.cn_date(today() - timedelta(days=1))
    assert row.replace(" ", "") == f"付款方式√现金转账付款日期{on}凭证号记-2026-12-0031"


def test_claim_form_before_settlement_leaves_the_boxes_empty(cast, claim, tmp_path):
    lines = pdf_lines(printing.claim_pdf(claim), tmp_path)

    (row,) = [line for line in lines if "付款方式" in line]
    assert row.replace(" ", "") == "付款方式现金转账付款日期凭证号"


def test_a_page_post_without_the_fields_gets_the_defaults(cast, client, claim):
    client.force_login(cast["finance"])

    client.post(f"/claims/{claim.pk}/settle/")

    settled = Claim.objects.get(pk=claim.pk)
    assert (settled.status, settled.settled_method, settled.settled_on) == ("settled", "", today())
