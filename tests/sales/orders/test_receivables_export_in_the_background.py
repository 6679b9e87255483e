"""Issue 15: the receivables export of more rows than are written while the user waits is
built in the background and holds the same rows and per-person sheet as the direct file."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import openpyxl
import pytest
from django.utils import timezone
from factories import CustomerFactory
from rate_support import make_order

from fieldsales.notifications.models import Export

pytestmark = pytest.mark.django_db


def cells(content: bytes, sheet: int = 0) -> list[tuple]:
    book = openpyxl.load_workbook(BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


def test_a_large_receivables_export_holds_what_the_list_holds(
    client, cast, settings, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(actor=cast["sales1"], name="后台导出公司")
    for n in range(3):
        make_order(
            cast["sales1"],
            customer,
            signed_on=timezone.localdate() - timedelta(days=40),
            installments=[("100.00", timezone.localdate() - timedelta(days=n * 10 + 1))],
        )
    client.force_login(cast["finance"])
    inline = client.get("/sales/receivables/export/")
    assert inline.status_code == 200
    settings.FIELDSALES_INLINE_EXPORT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/sales/receivables/export/").status_code == 302
    export = Export.objects.get(owner=cast["finance"])
    assert export.rows >= 3 and export.title == "应收账款"
    content = b"".join(client.get(f"/exports/{export.pk}/").streaming_content)
    assert cells(content) == cells(inline.content)
    assert cells(content, 1) == cells(inline.content, 1)  # the per-person sheet too
