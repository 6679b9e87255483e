"""The printed price list (A4 PDF, core.printing): S1.3 marks every page with
"<viewer> <time> 内部资料" in its header and footer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fieldsales.core.printing import cn_date, form_context, render_pdf
from fieldsales.org.selectors import company_name
from fieldsales.sales.catalogue.models import PriceList
from fieldsales.sales.catalogue.sheets import watermark


def _css_text(text: str) -> str:
    """Text safe inside a CSS string (the page's margin boxes)."""
    return text.replace("\\", "").replace('"', "").replace("\n", " ").replace("<", "")


def price_list_pdf(price_list: PriceList, *, viewer: Any, at: datetime) -> bytes:
    """The whole list on A4, grouped by category, with the approvals as 审批记录."""
    mark = watermark(viewer, at)
    context = form_context(
        price_list,
        company=company_name(),
        title="产品价格表",
        number=price_list.number,
        department="",
        filled_on=price_list.created_at,
        boxes=("gm",),
    )
    lines = price_list.lines.select_related("product__category").order_by(
        "product__category__position", "product__code"
    )
    return render_pdf(
        "sales/catalogue/print_price_list.html",
        context
        | {
            "price_list": price_list,
            "effective": cn_date(price_list.effective),
            "lines": list(lines),
            "mark": mark,
            "mark_css": _css_text(mark),
        },
        paper="A4",
    )
