"""Issue 15: a large export is built in the background and announced; a small one is written
while the user waits. Only the owner downloads it (404 for anyone else), a build runs once,
a failure is recorded and told, and the sweep removes old files and builds again what was
lost or stalled."""

from __future__ import annotations

import os
from datetime import timedelta
from io import BytesIO

import openpyxl
import pytest
from django.utils import timezone

from fieldsales.core.sheets import XLSX
from fieldsales.crm.sheets.views import sheet_customers
from fieldsales.notifications.exports import (
    EXPORT_READY,
    export_build,
    export_queue,
    exports_sweep,
    register_export,
)
from fieldsales.notifications.models import Export, ExportStatus, Notification

pytestmark = pytest.mark.django_db


def cells(content: bytes, sheet: int = 0) -> list[tuple]:
    book = openpyxl.load_workbook(BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_large_sheet_is_built_in_the_background_and_only_its_owner_downloads_it(
    client, cast, settings, django_capture_on_commit_callbacks
):
    head = cast["head"]
    client.force_login(head)
    inline = client.get("/crm/customers/sheet.xlsx?scope=team")
    assert inline.status_code == 200 and inline["Content-Type"] == XLSX  # small: now

    settings.FIELDSALES_INLINE_EXPORT_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.get("/crm/customers/sheet.xlsx?scope=team&page=3")
    assert queued.status_code == 302 and queued["Location"] == "/exports/"
    export = Export.objects.get(owner=head)
    assert export.status == ExportStatus.DONE and export.query == "scope=team"
    customers, _scope = sheet_customers(head, {"scope": "team"})
    assert export.rows == customers.count() > 2

    # The owner is told, with a link to the file.
    told = Notification.objects.get(recipient=head, kind=EXPORT_READY)
    assert told.link == f"/exports/{export.pk}/" and "目标客户" in told.title

    # The page lists it; the file is the one the list would have given at once.
    page = client.get("/exports/").content.decode()
    assert f'href="/exports/{export.pk}/"' in page and "已生成" in page
    response = client.get(f"/exports/{export.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert cells(downloaded(response)) == cells(inline.content)

    # Nobody else may fetch it, not even the GM; signed out goes to the login page.
    client.force_login(cast["gm"])
    assert client.get(f"/exports/{export.pk}/").status_code == 404
    assert f"/exports/{export.pk}/" not in client.get("/exports/").content.decode()
    client.logout()
    assert client.get(f"/exports/{export.pk}/").status_code == 302


def test_a_build_runs_once_and_a_failure_is_recorded_and_told(cast):
    calls = []

    def fails(user, params):
        calls.append(params.get("x"))
        raise RuntimeError("disk full")

    register_export("test.fails", "会失败的导出", fails)
    export = export_queue(owner=cast["sales1"], name="test.fails", query="x=1", rows=9)
    assert export_build(export_id=export.pk).status == ExportStatus.FAILED
    assert export_build(export_id=export.pk) is None  # already decided: not run again
    assert calls == ["1"]
    export.refresh_from_db()
    assert export.error == "RuntimeError: disk full" and not export.file
    told = Notification.objects.get(recipient=cast["sales1"], kind=EXPORT_READY)
    assert "失败" in told.title and told.link == "/exports/"


def test_the_sweep_removes_old_files_and_queues_lost_builds(
    cast, django_capture_on_commit_callbacks
):
    made = []
    register_export("test.ok", "一个导出", lambda user, params: made.append(1) or ("a.xlsx", b"x"))
    old = export_queue(owner=cast["sales1"], name="test.ok", query="", rows=1)
    export_build(export_id=old.pk)
    old.refresh_from_db()
    path = old.file.path
    lost = export_queue(owner=cast["sales1"], name="test.ok", query="", rows=1)
    stalled = export_queue(owner=cast["sales1"], name="test.ok", query="", rows=1)
    now = timezone.now()
    Export.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    Export.objects.filter(pk=lost.pk).update(created_at=now - timedelta(minutes=20))
    Export.objects.filter(pk=stalled.pk).update(
        created_at=now - timedelta(hours=2), status=ExportStatus.RUNNING
    )
    assert exports_sweep(now) == 3
    assert not Export.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(path)
    lost.refresh_from_db()
    stalled.refresh_from_db()
    assert lost.status == stalled.status == ExportStatus.DONE  # built by the sweep's tasks
    assert len(made) == 3


def test_the_customer_list_export_has_no_cap_and_goes_to_the_background_when_long(
    client, cast, settings, django_capture_on_commit_callbacks
):
    from fieldsales.crm.sheets.customer_list import customer_filter

    gm = cast["gm"]
    client.force_login(gm)
    inline = client.get("/crm/customers/export/?kind=end_customer")
    assert inline.status_code == 200 and inline["Content-Type"] == XLSX
    settings.FIELDSALES_INLINE_EXPORT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.get("/crm/customers/export/?kind=end_customer")
    assert queued.status_code == 302 and queued["Location"] == "/exports/"
    export = Export.objects.get(owner=gm, name="crm.customer_list")
    expected = customer_filter(gm, {"kind": "end_customer"}).qs.count()
    assert export.rows == expected > 1 and export.status == ExportStatus.DONE
    built = cells(downloaded(client.get(f"/exports/{export.pk}/")))
    assert built == cells(inline.content) and len(built) == 1 + expected
