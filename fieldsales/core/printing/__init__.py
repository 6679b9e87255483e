"""Printed forms (forms.md), once for every app: WeasyPrint, the base template, Chinese dates
and money in capitals, the header and signature boxes every form shares.

An app builds its form's context with `form_context(...) | {...}` and renders it with
`render_pdf("print/<form>.html", context, paper=...)`; a view answers with `pdf_response`.
Its template extends `print/_base.html` (core/templates) and fills the blocks `style`,
`attachments`, `content`, `records` and `foot`.
"""

from __future__ import annotations

from fieldsales.core.printing.amounts import money
from fieldsales.core.printing.dates import cn_date, cn_span, month_day
from fieldsales.core.printing.forms import (
    BOX_LABELS,
    BOX_ORDER,
    DECISIONS,
    approval_records,
    form_context,
)
from fieldsales.core.printing.render import (
    PAGE_SIZES,
    PRINT_LANGUAGE,
    paper_choice,
    pdf_response,
    printed_label,
    render_pdf,
)

__all__ = [
    "BOX_LABELS",
    "BOX_ORDER",
    "DECISIONS",
    "PAGE_SIZES",
    "PRINT_LANGUAGE",
    "approval_records",
    "cn_date",
    "cn_span",
    "form_context",
    "money",
    "month_day",
    "paper_choice",
    "pdf_response",
    "printed_label",
    "render_pdf",
]
