"""Item 12: receipts are saved with their claim or not at all, and stay with their line."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from helpers import tiny_pdf
from test_pages import approved_trip, claim_post

from fieldsales.trips.models import Claim, Receipt, ReceiptDraft

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, cast):
    client.force_login(cast["sales1"])
    return client


def pdf(name: str = "发票.pdf", body: bytes = b"receipt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(padding=body), content_type="application/pdf")


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def three_lines(**extra):
    """A taxi, a parking fee and a coach ticket, each with its own receipt photo."""
    return {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "taxi",
        "items-0-amount": "30.00",
        "items-0-reason": "night_work",
        "items-0-receipt": pdf("taxi.pdf", b"taxi"),
        "items-1-kind": "other",
        "items-1-amount": "12.00",
        "items-1-note": "停车费",
        "items-1-receipt": pdf("parking.pdf", b"parking"),
        "items-2-kind": "coach",
        "items-2-amount": "45.00",
        "items-2-receipt": pdf("coach.pdf", b"coach"),
    } | extra


def test_an_invalid_second_receipt_saves_neither_claim_nor_first_receipt(api, page):
    trip = approved_trip(api)
    body = three_lines(**{"items-1-receipt": SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf")})
    response = page.post(f"/trips/{trip}/claim/", body)
    assert response.status_code == 400
    assert "JPG" in response.content.decode()
    assert (Claim.objects.count(), Receipt.objects.count()) == (0, 0)
    # Issue 10: the two good receipts are kept as the user's drafts, never as receipts.
    assert ReceiptDraft.objects.count() == 2
    assert all("receipt-drafts" in p.parts for p in media_files())


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), PermissionError(errno.EROFS, "read-only")],
    ids=["disk-full", "read-only-media"],
)
def test_a_storage_failure_leaves_no_half_saved_claim_and_no_orphan_file(
    api, page, monkeypatch, error
):
    trip = approved_trip(api)
    real_save = FileSystemStorage._save
    calls = []

    def second_write_fails(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise error
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", second_write_fails)
    response = page.post(f"/trips/{trip}/claim/", three_lines())
    assert response.status_code == 503
    assert "未能保存票据文件" in response.content.decode()
    assert len(calls) == 2  # the first file was written, then removed again
    assert (Claim.objects.count(), Receipt.objects.count(), media_files()) == (0, 0, [])


def test_a_storage_failure_on_edit_keeps_the_claim_as_it_was(api, page, monkeypatch):
    trip = approved_trip(api)
    page.post(f"/trips/{trip}/claim/", claim_post())
    claim = Claim.objects.get()
    before = (claim.items, claim.claimed_total)

    def disk_full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    body = three_lines(**{"items-0-id": "i1"})
    response = page.post(f"/claims/{claim.pk}/edit/", body)
    assert response.status_code == 503
    claim.refresh_from_db()
    assert (claim.items, claim.claimed_total) == before
    assert (Receipt.objects.count(), media_files()) == (0, [])


def test_deleting_a_line_never_moves_a_receipt_to_another_line(api, page):
    trip = approved_trip(api)
    assert page.post(f"/trips/{trip}/claim/", three_lines()).status_code == 302
    claim = Claim.objects.get()
    ids = [item["id"] for item in claim.items]
    assert {r.item: r.original_name for r in Receipt.objects.all()} == dict(
        zip(ids, ["taxi.pdf", "parking.pdf", "coach.pdf"], strict=True)
    )
    edit = page.get(f"/claims/{claim.pk}/edit/").content.decode()
    assert f'name="items-1-id" value="{ids[1]}"' in edit

    # When the taxi line is deleted and the form sent back as the page shows it
    body = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "3",
        "items-0-id": ids[0],
        "items-0-kind": "taxi",
        "items-0-amount": "30.00",
        "items-0-reason": "night_work",
        "items-0-DELETE": "on",
        "items-1-id": ids[1],
        "items-1-kind": "other",
        "items-1-amount": "12.00",
        "items-1-note": "停车费",
        "items-2-id": ids[2],
        "items-2-kind": "coach",
        "items-2-amount": "45.00",
    }
    assert page.post(f"/claims/{claim.pk}/edit/", body).status_code == 302
    claim.refresh_from_db()
    # Then the parking fee and the coach ticket keep their ids and their own photos
    assert [(i["id"], i["kind"]) for i in claim.items] == [(ids[1], "other"), (ids[2], "coach")]
    assert {r.item: r.original_name for r in Receipt.objects.all()} == {
        ids[1]: "parking.pdf",
        ids[2]: "coach.pdf",
    }
    # And the deleted line's photo is gone with it
    assert len(media_files()) == 2

    # When a new line is added, it gets an id no line of this claim ever had
    body |= {"items-0-DELETE": "", "items-0-id": "", "items-0-kind": "city_bus"}
    body |= {"items-0-amount": "2.00", "items-0-receipt": pdf("bus.pdf", b"bus")}
    assert page.post(f"/claims/{claim.pk}/edit/", body).status_code == 302
    claim.refresh_from_db()
    new_id = claim.items[0]["id"]
    assert new_id not in ids
    assert Receipt.objects.get(original_name="bus.pdf").item == new_id
    assert Receipt.objects.get(original_name="parking.pdf").item == ids[1]


def test_an_id_sent_twice_does_not_merge_two_lines(api, page):
    trip = approved_trip(api)
    page.post(f"/trips/{trip}/claim/", three_lines())
    claim = Claim.objects.get()
    ids = [item["id"] for item in claim.items]
    body = three_lines(**{"items-0-id": ids[1], "items-1-id": ids[1], "items-2-id": ids[2]})
    assert page.post(f"/claims/{claim.pk}/edit/", body).status_code == 302
    claim.refresh_from_db()
    assert len({i["id"] for i in claim.items}) == 3


def test_temporary_upload_files_are_removed_after_the_request(api, page, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # every receipt goes through a temporary file
    trip = approved_trip(api)

    def big():
        return {f"items-{n}-receipt": pdf(f"{n}.pdf", b"0" * 4096) for n in range(3)}

    bad = SimpleUploadedFile("x.pdf", b"MZ" + b"0" * 4096)
    body = three_lines(**big()) | {"items-1-receipt": bad}
    assert page.post(f"/trips/{trip}/claim/", body).status_code == 400
    assert page.post(f"/trips/{trip}/claim/", three_lines(**big())).status_code == 302
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []


def test_sweep_removes_receipt_files_no_row_names(api, page):
    """A server killed between writing a file and committing leaves a file without a row."""
    import os
    import time

    from django.core.management import call_command

    trip = approved_trip(api)
    assert page.post(f"/trips/{trip}/claim/", three_lines()).status_code == 302
    kept = media_files()
    orphan = Path(settings.MEDIA_ROOT) / "receipts" / "2026" / "01" / "1-i9-orphan"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4 orphan")
    fresh = orphan.with_name("1-i10-being-saved")
    fresh.write_bytes(b"%PDF-1.4 fresh")
    old = time.time() - 2 * 3600
    for path in [*kept, orphan]:
        os.utime(path, (old, old))
    call_command("sweep_receipts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert media_files() == sorted([*kept, fresh])
