"""Importing customers from the target customer sheet: all rows or none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, RuleBroken
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import (
    Contact,
    Customer,
    CustomerStatus,
    CustomerTransfer,
    TransferKind,
)
from fieldsales.crm.customers.services import customer_fields, next_customer_code, require_sales
from fieldsales.crm.sheets.imports import CONTACT_FIELDS, parse_import, primary_contact


class ImportRefused(RuleBroken):
    """The sheet has bad rows: nothing is imported; every refusal names its row and reason."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(messages[0] if messages else _("导入失败"), field="file")

    def as_dict(self) -> dict[str, object]:
        return {"file": self.messages}


def import_customers_preview(*, content: bytes, actor: Any) -> Any:
    """Check an uploaded 目标客户基本信息情况统计表 row by row; nothing is saved."""
    require_sales(actor)
    return parse_import(content, importer=actor)


@dataclass
class ImportDone:
    created: list[Customer]
    updated: list[Customer]  # rows with a known 客户编号 that changed something


def _import_update(*, row: Any, actor: Any) -> Customer | None:
    """Apply one update row's changes (the preview's) to its customer, under a row lock."""
    if not row.changes:
        return None
    customer = Customer.objects.select_for_update(of=("self",)).get(pk=row.customer.pk)
    if not customer_rules.manages_customer(actor, customer):
        raise Forbidden(_("只有负责业务员或其主管可以修改客户资料"))
    fields = customer_fields(dict(row.data))
    changed = {c.field: [c.old, c.new] for c in row.changes}
    for key in changed:
        if key not in CONTACT_FIELDS:
            setattr(customer, key, fields[key])
    if {"province", "city"} & set(changed):
        customer.province_code, customer.city_code = fields["province_code"], fields["city_code"]
    contact_changes = set(changed) & set(CONTACT_FIELDS)
    if contact_changes:
        name, title, phone = (row.data[k] for k in CONTACT_FIELDS)
        contact = primary_contact(customer)
        if contact is not None:
            contact.name = name or contact.name
            contact.title, contact.phone = title, phone
            contact.save(update_fields=["name", "title", "phone"])
        elif name:
            Contact.objects.create(
                customer=customer, name=name, title=title, phone=phone, is_primary=True
            )
        customer.contact_name = name or customer.contact_name
        customer.contact_phone = phone
    customer.save()
    audit(
        document=customer,
        actor=actor,
        action="import_edit",
        data={"row": row.number, "changes": changed, "warnings": row.warnings},
    )
    return customer


@transaction.atomic
def import_customers_from_excel(*, content: bytes, actor: Any) -> ImportDone:
    """Import every row or none: any bad row refuses the whole file (400 on `file`).

    A row with a known 客户编号 updates that customer (issue 8 item 7); the others create.
    """
    preview = import_customers_preview(content=content, actor=actor)
    if not preview.ok:
        raise ImportRefused(preview.messages() or [_("表中没有客户数据")])
    created, updated = [], []
    now = timezone.now()
    reserved = {row.data["code"] for row in preview.rows if row.data.get("code")}
    for row in preview.rows:
        if row.customer is not None:
            customer = _import_update(row=row, actor=actor)
            if customer is not None:
                updated.append(customer)
            continue
        data = dict(row.data)
        fields = customer_fields(data)
        code = data.get("code") or next_customer_code(reserved)
        owner = data.get("owner")
        customer = Customer.objects.create(
            code=code,
            owner=owner,
            created_by=actor,
            status=CustomerStatus.ACTIVE if owner else CustomerStatus.POOL,
            pooled_at=None if owner else now,
            last_activity_at=now,
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            **fields,
        )
        if customer.contact_name:
            Contact.objects.create(
                customer=customer,
                name=customer.contact_name,
                phone=customer.contact_phone,
                is_primary=True,
                title=data.get("contact_title", ""),
            )
        CustomerTransfer.objects.create(
            customer=customer,
            kind=TransferKind.IMPORT,
            to_owner=owner,
            by=actor,
            reason=f"第{row.number}行",
        )
        audit(
            document=customer,
            actor=actor,
            action="import",
            to_status=customer.status,
            data={"row": row.number, "warnings": row.warnings},
        )
        created.append(customer)
    return ImportDone(created, updated)
