"""Issue 10, items 1 and 3: a receipt photo taken once survives a refused claim form (a draft
only its owner reaches), saved receipts are replaced and removed on edit, and a ticket's
出发地/到达地 reach the item and the printed 差旅费报销单."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from helpers import approved_trip, tiny_jpeg, tiny_pdf
from test_printing import pdf_text

from fieldsales.core.uploads import RECEIPT, checked_upload
from fieldsales.trips import printing, services
from fieldsales.trips.models import Claim, Receipt, ReceiptDraft

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, cast):
    def as_user(username):
        client.logout()
        client.force_login(cast[username])
        return client

    return as_user


def photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_jpeg(), content_type="image/jpeg")


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def three_photos(**extra):
    """Three taxi rides, each with its photo; the second has no amount (refused)."""
    body = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0"}
    for n, amount in enumerate(["30.00", "", "18.00"]):
        body |= {
            f"items-{n}-kind": "taxi",
            f"items-{n}-amount": amount,
            f"items-{n}-reason": "night_work",
            f"items-{n}-receipt": photo(f"ride{n}.jpg"),
        }
    return body | extra


def tokens_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(items-\d-drafts)" value="([^"]+)"', html))


def test_a_refused_claim_form_keeps_its_photos_until_the_claim_is_saved(api, login):
    trip = approved_trip(api)
    page = login("sales1")
    response = page.post(f"/trips/{trip}/claim/", three_photos())
    assert response.status_code == 400
    html = response.content.decode()
    tokens = tokens_in(html)
    assert sorted(tokens) == ["items-0-drafts", "items-1-drafts", "items-2-drafts"]
    assert html.count("/receipts/drafts/") >= 3  # each shown as a thumbnail
    assert (Claim.objects.count(), Receipt.objects.count(), ReceiptDraft.objects.count()) == (
        0,
        0,
        3,
    )

    # The user fixes the amount and sends the form again without choosing any file.
    fixed = three_photos(**{"items-1-amount": "22.00"}) | tokens
    for n in range(3):
        fixed.pop(f"items-{n}-receipt")
    response = page.post(f"/trips/{trip}/claim/", fixed)
    assert response.status_code == 302
    claim = Claim.objects.get()
    ids = [i["id"] for i in claim.items]
    assert sorted((r.item, r.original_name) for r in claim.receipts.all()) == [
        (ids[0], "ride0.jpg"),
        (ids[1], "ride1.jpg"),
        (ids[2], "ride2.jpg"),
    ]
    # the drafts are gone, rows and files; only the claim's receipts are left on disk
    assert ReceiptDraft.objects.count() == 0
    assert all("receipt-drafts" not in p.parts for p in media_files())
    assert len(media_files()) == 3


def test_a_draft_is_its_owners_alone(api, login, cast):
    trip = approved_trip(api)
    response = login("sales1").post(f"/trips/{trip}/claim/", three_photos())
    token = tokens_in(response.content.decode())["items-0-drafts"]
    mine = login("sales1").get(f"/receipts/drafts/{token}/")
    assert mine.status_code == 200
    assert mine["Content-Type"] == "image/jpeg"
    assert mine["Content-Disposition"].startswith("inline")
    for other in ("sales2", "head", "gm", "admin"):
        assert login(other).get(f"/receipts/drafts/{token}/").status_code == 404, other
    assert login("sales1").get("/receipts/drafts/no-such-token/").status_code == 404


def test_another_users_draft_token_never_becomes_a_receipt(api, login, cast):
    own_trip = approved_trip(api)
    refused = login("sales1").post(f"/trips/{own_trip}/claim/", three_photos())
    stolen = tokens_in(refused.content.decode())["items-0-drafts"]
    # sales2 sends sales1's token on their own claim: it is ignored, the draft stays sales1's
    draft = ReceiptDraft.objects.get(token=stolen)
    assert draft.owner == cast["sales1"]
    body = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "lodging",
        "items-0-amount": "180.00",
        "items-0-drafts": stolen,
    }
    page = login("sales1")
    assert page.post(f"/trips/{own_trip}/claim/", body).status_code == 302
    claim = Claim.objects.get()
    assert claim.receipts.count() == 1  # the owner's own token works
    ReceiptDraft.objects.all().delete()

    refused = login("sales1").post(f"/claims/{claim.pk}/edit/", three_photos())
    other_token = tokens_in(refused.content.decode())["items-0-drafts"]
    assert login("sales2").get(f"/receipts/drafts/{other_token}/").status_code == 404
    from fieldsales.trips.selectors import receipt_drafts_of

    assert receipt_drafts_of(owner=cast["sales2"], tokens=[other_token]) == []
    assert receipt_drafts_of(owner=cast["sales1"], tokens=[other_token, ""]) != []


def test_on_edit_saved_receipts_show_and_can_be_removed_or_replaced(api, login):
    trip = approved_trip(api)
    page = login("sales1")
    body = three_photos(**{"items-1-amount": "22.00"})
    assert page.post(f"/trips/{trip}/claim/", body).status_code == 302
    claim = Claim.objects.get()
    ids = [i["id"] for i in claim.items]
    receipts = {r.item: r for r in claim.receipts.all()}
    html = page.get(f"/claims/{claim.pk}/edit/").content.decode()
    for n, item in enumerate(ids):
        assert f'name="items-{n}-remove" value="{receipts[item].pk}"' in html
        assert f"/receipts/{receipts[item].pk}/" in html
    assert "更换" in html

    edit = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "3"}
    for n, item in enumerate(ids):
        edit |= {
            f"items-{n}-id": item,
            f"items-{n}-kind": "taxi",
            f"items-{n}-amount": "30.00",
            f"items-{n}-reason": "night_work",
        }
    edit |= {"items-0-remove": str(receipts[ids[0]].pk)}  # removed
    edit |= {"items-1-remove": str(receipts[ids[1]].pk), "items-1-receipt": photo("new.jpg")}
    assert page.post(f"/claims/{claim.pk}/edit/", edit).status_code == 302
    assert sorted((r.item, r.original_name) for r in claim.receipts.all()) == [
        (ids[1], "new.jpg"),
        (ids[2], "ride2.jpg"),
    ]
    assert len(media_files()) == 2


def test_a_line_removes_only_its_own_receipts(api, login):
    trip = approved_trip(api)
    page = login("sales1")
    body = three_photos(**{"items-1-amount": "1.00"})
    assert page.post(f"/trips/{trip}/claim/", body).status_code == 302
    claim = Claim.objects.get()
    ids = [i["id"] for i in claim.items]
    second = claim.receipts.get(item=ids[1])
    edit = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "3"}
    for n, item in enumerate(ids):
        edit |= {
            f"items-{n}-id": item,
            f"items-{n}-kind": "taxi",
            f"items-{n}-amount": "30.00",
            f"items-{n}-reason": "night_work",
        }
    edit["items-0-remove"] = str(second.pk)  # the first line names the second line's receipt
    assert page.post(f"/claims/{claim.pk}/edit/", edit).status_code == 302
    assert claim.receipts.count() == 3


def test_drafts_left_behind_are_discarded_after_their_lifetime(cast):
    upload = checked_upload(photo("old.jpg"), accepts=RECEIPT, field="receipt")
    old = services.receipt_draft_keep(owner=cast["sales1"], upload=upload)
    upload = checked_upload(photo("new.jpg"), accepts=RECEIPT, field="receipt")
    new = services.receipt_draft_keep(owner=cast["sales2"], upload=upload)
    ReceiptDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert services.receipt_drafts_discard(older_than=timedelta(days=2)) == 1
    assert list(ReceiptDraft.objects.values_list("pk", flat=True)) == [new.pk]
    assert len(media_files()) == 1
    assert services.receipt_drafts_discard(owner=cast["sales1"], tokens=[new.token]) == 0
    assert services.receipt_drafts_discard(owner=cast["sales2"], tokens=[new.token]) == 1
    assert media_files() == []


def test_a_receipt_opens_inline_and_may_be_framed_by_our_own_pages(api, login):
    trip = approved_trip(api)
    page = login("sales1")
    pdf = SimpleUploadedFile("发票.pdf", tiny_pdf(), content_type="application/pdf")
    body = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "lodging",
        "items-0-amount": "180.00",
        "items-0-receipt": pdf,
    }
    assert page.post(f"/trips/{trip}/claim/", body).status_code == 302
    receipt = Receipt.objects.get()
    response = page.get(f"/receipts/{receipt.pk}/")
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    detail = page.get(f"/claims/{Claim.objects.get().pk}/").content.decode()
    assert 'data-receipt-kind="pdf"' in detail
    assert "📎" not in detail
    assert "receipt-viewer.js" in detail


# ---------------------------------------------------------------- item 3: the short line form


def test_ticket_lines_take_origin_and_destination_printed_on_the_claim(api, login, tmp_path):
    trip = approved_trip(api)
    page = login("sales1")
    form = page.get(f"/trips/{trip}/claim/").content.decode()
    assert 'inputmode="decimal"' in form
    assert "出发地" in form and "到达地" in form
    body = {
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "train",
        "items-0-amount": "73.50",
        "items-0-seat": "second_class",
        "items-0-origin": "金华站",
        "items-0-destination": "杭州东",
        "items-1-kind": "coach",
        "items-1-amount": "45.00",
        "items-1-origin": "杭州南",
        "items-1-destination": "义乌站",
        "items-1-invoice": "on",
    }
    assert page.post(f"/trips/{trip}/claim/", body).status_code == 302
    claim = Claim.objects.get()
    assert [(i.get("from"), i.get("to")) for i in claim.items] == [
        ("金华站", "杭州东"),
        ("杭州南", "义乌站"),
    ]
    text = pdf_text(printing.claim_pdf(claim), tmp_path)
    for place in ("金华站", "杭州东", "杭州南", "义乌站"):
        assert place in text, place
    # and the edit form shows them again as 出发地/到达地
    edit = page.get(f"/claims/{claim.pk}/edit/").content.decode()
    assert 'name="items-0-origin"' in edit and 'value="金华站"' in edit


def test_the_api_takes_a_tickets_from_and_to_optionally(api):
    trip = approved_trip(api)
    items = [
        {"id": "t1", "kind": "train", "amount": "73.50", "seat": "second_class"},
        {"id": "f1", "kind": "flight", "amount": "600.00", "from": "义乌", "to": "北京"},
    ]
    response = api("sales1").post("/api/claims/", {"trip": trip, "items": items}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["items"][1]["from"] == "义乌"
    assert Claim.objects.get().items[1]["to"] == "北京"


def test_a_new_lines_date_defaults_to_the_trips_first_day(api, login):
    trip = approved_trip(api)
    from fieldsales.trips.models import Trip

    depart = Trip.objects.get(pk=trip).depart.isoformat()
    form = login("sales1").get(f"/trips/{trip}/claim/").content.decode()
    template = form[form.index('id="item-template"') :]
    assert re.search(rf'name="items-__prefix__-date"[^>]*value="{depart}"', template) or re.search(
        rf'value="{depart}"[^>]*name="items-__prefix__-date"', template
    )


def test_claim_receipts_store_turns_only_the_actors_drafts_into_receipts(api, login, cast):
    from fieldsales.core.uploads import atomic_with_files

    trip = approved_trip(api)
    body = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "lodging",
        "items-0-amount": "180.00",
    }
    assert login("sales1").post(f"/trips/{trip}/claim/", body).status_code == 302
    claim = Claim.objects.get()
    line = claim.items[0]["id"]

    def draft(owner, name):
        upload = checked_upload(photo(name), accepts=RECEIPT, field="receipt")
        return services.receipt_draft_keep(owner=owner, upload=upload)

    mine, theirs = draft(cast["sales1"], "mine.jpg"), draft(cast["sales2"], "theirs.jpg")
    with atomic_with_files() as files:
        services.claim_receipts_store(
            claim=claim,
            actor=cast["sales1"],
            files=files,
            added=[],
            drafts=[(line, mine), (line, theirs)],
        )
    assert [r.original_name for r in claim.receipts.all()] == ["mine.jpg"]
    assert list(ReceiptDraft.objects.values_list("token", flat=True)) == [theirs.token]
    stored = claim.receipts.get()
    assert stored.file.read() == Path(settings.MEDIA_ROOT, stored.file.name).read_bytes()
