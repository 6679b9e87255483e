"""Issue 15 on a 390x844 phone: the head downloads the whole target sheet; it has more rows
than are written while he waits, so he lands on 我的导出, is told by the bell, and downloads
the built file from there."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from helpers import shot

from fieldsales.notifications.models import Export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_sheet_arrives_through_my_exports(phone, settings):
    settings.FIELDSALES_INLINE_EXPORT_ROWS = 2
    page = phone("head")
    page.goto("/crm/customers/sheet/")
    page.get_by_role("link", name="下载 Excel").click()
    page.wait_for_url("**/exports/")
    page.get_by_text("文件正在后台生成").wait_for()
    export = Export.objects.get(owner__username="head")
    item = page.locator(f"[data-export='{export.pk}']")
    item.get_by_text("已生成").wait_for()  # no broker here: built before the page came back
    shot(page, "15-my-exports-phone")

    with page.expect_download() as info:
        item.get_by_role("link", name="下载").click()
    download = info.value
    assert download.suggested_filename.startswith("目标客户基本信息情况统计表-")
    book = openpyxl.load_workbook(BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len([r for r in rows[4:] if r and isinstance(r[0], int)]) == export.rows

    # The bell has it too.
    page.goto("/notifications/")
    assert page.get_by_text("文件已生成：目标客户基本信息情况统计表").is_visible()
