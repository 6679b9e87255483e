"""REST endpoint of the customer import (/api/customers/import/, api.md), mixed into the
customers' endpoint by fieldsales.crm.api."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import valid_input
from fieldsales.core.sheets import check_upload_size
from fieldsales.crm.sheets import services
from fieldsales.crm.sheets.serializers import ImportSerializer


class CustomerImportActions:
    """POST /api/customers/import/: check a target customer sheet, or import it."""

    @extend_schema(request={"multipart/form-data": ImportSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_sheet(self, request: Request) -> Response:
        """目标客户基本信息情况统计表 (.xlsx): a preview, or with commit=true all rows or none."""
        data = valid_input(ImportSerializer, request)
        check_upload_size(data["file"].size)  # before the upload is read into memory
        content = data["file"].read()
        if data["commit"]:
            done = services.import_customers_from_excel(content=content, actor=request.user)
            return Response(
                {
                    "created": [{"id": c.pk, "code": c.code, "name": c.name} for c in done.created],
                    "updated": [{"id": c.pk, "code": c.code, "name": c.name} for c in done.updated],
                },
                status=201,
            )
        preview = services.import_customers_preview(content=content, actor=request.user)
        return Response(
            {
                "ok": preview.ok,
                "file_errors": preview.file_errors,
                "rows": [
                    {
                        "row": r.number,
                        "action": r.action,
                        "code": r.customer.code if r.customer else r.data.get("code", ""),
                        "name": r.data.get("name", ""),
                        "changes": [
                            {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                            for c in r.changes
                        ],
                        "errors": r.errors,
                        "warnings": r.warnings,
                    }
                    for r in preview.rows
                ],
            },
            status=200 if preview.ok else 400,
        )
