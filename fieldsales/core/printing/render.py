"""HTML to PDF with WeasyPrint, and the PDF as a download."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import weasyprint
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from fieldsales.core import labels

PAGE_SIZES = {"A5": "A5 landscape", "A4": "A4"}
# Paper forms are Chinese (forms.md) whatever language the page that prints them speaks.
PRINT_LANGUAGE = "zh-hans"


def render_pdf(template: str, context: dict[str, Any], *, paper: str) -> bytes:
    """Render `template` (e.g. "print/claim.html") on the paper ("A5" landscape, the default
    for an unknown name, or "A4"); fonts and images resolve against BASE_DIR."""
    page_size = PAGE_SIZES.get(paper, PAGE_SIZES["A5"])
    html = render_to_string(template, context | {"page_size": page_size})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def printed_label(vocabulary: str, key: str) -> str:
    """A registered label as the paper form prints it (in Chinese)."""
    return labels.label(vocabulary, key, language=PRINT_LANGUAGE)


def paper_choice(request: HttpRequest) -> dict[str, str]:
    """`?paper=A4` or `?paper=A5` as keyword arguments; anything else keeps the form's default."""
    paper = request.GET.get("paper", "").upper()
    return {"paper": paper} if paper in PAGE_SIZES else {}


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """The PDF shown inline, under its Chinese file name (e.g. 借款单-JK2026-0001.pdf)."""
    response = HttpResponse(content, content_type="application/pdf")
    # RFC 5987: an ASCII fallback for old clients, the Chinese name for the rest.
    fallback = filename.encode("ascii", "ignore").decode().lstrip("-") or "form.pdf"
    response["Content-Disposition"] = (
        f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
