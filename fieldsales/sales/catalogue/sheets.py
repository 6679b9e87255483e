"""A price list as an Excel file, and an uploaded one read back (core.sheets does the safety).

The export is also the import's template: the same header row (产品编码 … 经销商最低价), so a
list exported, edited and uploaded again round-trips. S1.3: the top row and every printed
page's header and footer carry "<viewer> <time> 内部资料".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from fieldsales.core import sheets
from fieldsales.core.people import display_name
from fieldsales.sales import floor
from fieldsales.sales.catalogue.models import PriceList, Product

IMPORT_HEADER = "产品编码"
HEADERS = (
    "产品编码",
    "产品名称",
    "型号/规格",
    "单位",
    "类别",
    "市场报价",
    "最低出厂价",
    "经销商最低价",
)
MAX_ROWS = 2000
LIMITS = sheets.ReadLimits(max_rows=MAX_ROWS + 20)


@dataclass(frozen=True)
class PriceRow:
    """One checked row of an import: the product and its three tiers."""

    product: Product
    tiers: floor.Tiers


def watermark(viewer: Any, at: datetime) -> str:
    """S1.3: "<name> <time> 内部资料", in the company's time zone."""
    local = timezone.localtime(at)
    return f"{display_name(viewer)} {local:%Y-%m-%d %H:%M} 内部资料"


def price_list_xlsx(price_list: PriceList, *, viewer: Any, at: datetime) -> bytes:
    """The list as an .xlsx: watermark row, title, header, one row per product."""
    mark = watermark(viewer, at)
    wb = sheets.new_workbook()
    ws = wb.active
    ws.title = "价格表"
    sheets.put(ws, 1, 1, mark)
    sheets.put(ws, 2, 1, f"{price_list.number} {price_list.name}")
    sheets.put(
        ws,
        3,
        1,
        f"生效日期：{price_list.effective:%Y-%m-%d}　状态：{price_list.get_status_display()}",
    )
    for column, header in enumerate(HEADERS, start=1):
        sheets.put(ws, 4, column, header)
    lines = price_list.lines.select_related("product__category").order_by(
        "product__category__position", "product__code"
    )
    for row, line in enumerate(lines, start=5):
        product = line.product
        values = (
            product.code,
            product.name,
            product.model,
            product.unit,
            product.category.name,
            line.market,
            line.factory_min,
            line.distributor_min,
        )
        for column, value in enumerate(values, start=1):
            cell = sheets.put(ws, row, column, value)
            if column > 5:
                cell.number_format = "0.00"
    for column, width in zip("ABCDEFGH", (14, 24, 18, 6, 10, 12, 12, 12), strict=True):
        ws.column_dimensions[column].width = width
    # Every printed page: the mark in the header and the footer (S1.3).
    for header_footer in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header_footer.center.text = mark
    for header_footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        header_footer.center.text = mark
        header_footer.right.text = "&P / &N"
    ws.print_title_rows = "4:4"
    return sheets.workbook_bytes(wb)


def read_price_rows(
    content: bytes, *, validate: Callable[[dict[str, str]], PriceRow]
) -> sheets.ImportPreview[PriceRow]:
    """An uploaded sheet's rows (below the 产品编码 header) each checked by `validate`."""
    return sheets.preview_import(
        content, header=IMPORT_HEADER, validate=validate, limits=LIMITS, max_rows=MAX_ROWS
    )
