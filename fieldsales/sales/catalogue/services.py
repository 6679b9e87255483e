"""Writes of the catalogue (selling.md S1): products, price lists and their life, export,
print and the all-or-nothing Excel import. Keyword-only, one transaction each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core import sheets, workflow
from fieldsales.core.audit import audit
from fieldsales.core.counters import next_number
from fieldsales.core.errors import RuleBroken
from fieldsales.core.numbers import AMOUNT
from fieldsales.org.access import enforce
from fieldsales.sales import floor
from fieldsales.sales.catalogue import rules
from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    Product,
    ProductCategory,
)
from fieldsales.sales.catalogue.sheets import (
    IMPORT_HEADER,
    PriceRow,
    price_list_xlsx,
    read_price_rows,
)

PRODUCT_FIELDS = ("code", "name", "model", "unit", "category", "active", "note")
TEXT_LIMITS = {"code": 30, "name": 100, "model": 100, "unit": 10, "note": 200}
PROBLEMS = {
    "precision": gettext_lazy("价格精确到分"),
    "not_positive": gettext_lazy("经销商最低价须大于 0"),
    "order": gettext_lazy("须满足 市场报价 ≥ 最低出厂价 ≥ 经销商最低价"),
}

# ---------------------------------------------------------------- products


def _product_fields(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    fields = {f: data[f] for f in PRODUCT_FIELDS if f in data}
    for name, limit in TEXT_LIMITS.items():
        if name in fields:
            fields[name] = str(fields[name] or "").strip()
            if len(fields[name]) > limit:
                raise RuleBroken(_("最多 %(n)d 个字") % {"n": limit}, field=name)
    for required in ("code", "name", "unit"):
        if (required in fields or not partial) and not fields.get(required):
            raise RuleBroken(_("必填"), field=required)
    if "category" in fields or not partial:
        category = fields.get("category")
        if not isinstance(category, ProductCategory):
            category = ProductCategory.objects.filter(pk=category).first() if category else None
        if category is None:
            raise RuleBroken(_("产品类别不存在"), field="category")
        fields["category"] = category
    return fields


def _unique_code(code: str, exclude: int | None = None) -> None:
    others = Product.objects.filter(code=code)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise RuleBroken(_("产品编码 %(code)s 已存在") % {"code": code}, field="code")


@transaction.atomic
def product_create(*, actor: Any, data: dict[str, Any]) -> Product:
    """S1.1: a new product (department head/manager or admin)."""
    enforce(rules.can_manage_products(actor))
    fields = _product_fields(data, partial=False)
    _unique_code(fields["code"])
    product = Product.objects.create(**fields)
    audit(document=product, actor=actor, action="create")
    return product


@transaction.atomic
def product_update(*, product: Product, actor: Any, data: dict[str, Any]) -> Product:
    """S1.1: edit a product; its prices live on price lists, never here."""
    enforce(rules.can_manage_products(actor))
    product = Product.objects.select_for_update().get(pk=product.pk)
    fields = _product_fields(data, partial=True)
    if "code" in fields:
        _unique_code(fields["code"], exclude=product.pk)
    for name, value in fields.items():
        setattr(product, name, value)
    product.save()
    audit(document=product, actor=actor, action="edit", data={"fields": sorted(fields)})
    return product


@transaction.atomic
def product_deactivate(*, product: Product, actor: Any) -> Product:
    """S1.1: a product no longer sold is deactivated, never deleted (old lists name it)."""
    enforce(rules.can_manage_products(actor))
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.active:
        product.active = False
        product.save(update_fields=["active", "updated_at"])
        audit(document=product, actor=actor, action="deactivate")
    return product


# ---------------------------------------------------------------- price lists


def _tiers_error(product: Product, tiers: floor.Tiers) -> str | None:
    problem = floor.tiers_problem(tiers)
    if problem is None:
        return None
    return _("S1.2 产品 %(code)s %(name)s：%(problem)s") % {
        "code": product.code,
        "name": product.name,
        "problem": PROBLEMS[problem],
    }


def _check_prices(prices: list[dict[str, Any]]) -> list[tuple[Product, floor.Tiers]]:
    """Each line's product exists, is on sale, appears once, and its tiers hold (S1.2)."""
    if not isinstance(prices, list):
        raise RuleBroken(_("价格须为列表"), field="prices")
    ids = [p.get("product") for p in prices if isinstance(p, dict)]
    products = Product.objects.in_bulk([i for i in ids if isinstance(i, int)])
    checked: list[tuple[Product, floor.Tiers]] = []
    seen: set[int] = set()
    for index, line in enumerate(prices, start=1):
        if not isinstance(line, dict):
            raise RuleBroken(_("第%(n)d行格式不对") % {"n": index}, field="prices")
        product = products.get(line.get("product"))  # type: ignore[arg-type]
        if product is None:
            raise RuleBroken(
                _("第%(n)d行：产品不存在（%(id)s）") % {"n": index, "id": line.get("product")},
                field="prices",
            )
        if product.pk in seen:
            raise RuleBroken(
                _("产品 %(code)s 在价格表中出现了两次") % {"code": product.code}, field="prices"
            )
        if not product.active:
            raise RuleBroken(
                _("产品 %(code)s 已停售，不能列入新的价格表") % {"code": product.code},
                field="prices",
            )
        seen.add(product.pk)
        try:
            tiers = floor.Tiers(
                Decimal(line["market"]),
                Decimal(line["factory_min"]),
                Decimal(line["distributor_min"]),
            )
        except (KeyError, TypeError, ArithmeticError, ValueError) as error:
            raise RuleBroken(
                _("S1.2 产品 %(code)s：请填写三档价格") % {"code": product.code},
                field="prices",
            ) from error
        problem = _tiers_error(product, tiers)
        if problem:
            raise RuleBroken(problem, field="prices")
        checked.append((product, tiers))
    return checked


def _set_lines(price_list: PriceList, checked: list[tuple[Product, floor.Tiers]]) -> None:
    price_list.lines.all().delete()
    PriceListLine.objects.bulk_create(
        PriceListLine(
            price_list=price_list,
            product=product,
            market=tiers.market,
            factory_min=tiers.factory_min,
            distributor_min=tiers.distributor_min,
        )
        for product, tiers in checked
    )


def _check_header(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "name" in data or not partial:
        name = str(data.get("name") or "").strip()
        if not name:
            raise RuleBroken(_("请填写价格表名称"), field="name")
        if len(name) > 60:
            raise RuleBroken(_("最多 %(n)d 个字") % {"n": 60}, field="name")
        fields["name"] = name
    if "effective" in data or not partial:
        if not isinstance(data.get("effective"), date):
            raise RuleBroken(_("请填写生效日期"), field="effective")
        fields["effective"] = data["effective"]
    if "note" in data:
        fields["note"] = str(data.get("note") or "")
    return fields


def _first_seq() -> int:
    return PriceList.objects.aggregate(m=Max("seq"))["m"] or 0


@transaction.atomic
def price_list_create(*, actor: Any, data: dict[str, Any]) -> PriceList:
    """S1.2: a draft list by the department manager (or head), with its prices."""
    enforce(rules.can_draft_price_list(actor))
    fields = _check_header(data, partial=False)
    checked = _check_prices(data.get("prices") or [])
    seq = next_number("sales.price_list", start=_first_seq)
    price_list = PriceList.objects.create(created_by=actor, seq=seq, **fields)
    _set_lines(price_list, checked)
    audit(document=price_list, actor=actor, action="create", to_status=price_list.status)
    return price_list


@transaction.atomic
def price_list_update(*, price_list: PriceList, actor: Any, data: dict[str, Any]) -> PriceList:
    """Edit a draft or rejected list (its author); submitted or approved: 409 (S1.2)."""
    price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
    enforce(rules.can_edit_price_list(actor, price_list))
    fields = _check_header(data, partial=True)
    checked = _check_prices(data["prices"]) if "prices" in data else None
    for name, value in fields.items():
        setattr(price_list, name, value)
    price_list.save()
    if checked is not None:
        _set_lines(price_list, checked)
    status = price_list.status
    audit(document=price_list, actor=actor, action="edit", from_status=status, to_status=status)
    return price_list


def price_list_submit(*, price_list: PriceList, actor: Any) -> PriceList:
    """S1.2: to the GM; a list without prices is refused (400)."""

    def check(locked: PriceList) -> None:
        if not locked.lines.exists():
            raise RuleBroken(_("价格表中还没有产品价格"), field="prices")

    return workflow.apply(
        model=PriceList, pk=price_list.pk, actor=actor, action="submit", before=check
    )


def price_list_decide(
    *, price_list: PriceList, actor: Any, action: str, comment: str = ""
) -> PriceList:
    """S1.2: the GM approves (the list is in force from its `effective`) or rejects (comment)."""
    if action not in ("approve", "reject"):
        raise RuleBroken(_("不支持的操作"), field="action")
    return workflow.apply(
        model=PriceList, pk=price_list.pk, actor=actor, action=action, comment=comment
    )


def price_list_cancel(*, price_list: PriceList, actor: Any) -> PriceList:
    """The author drops a draft or rejected list."""
    return workflow.apply(model=PriceList, pk=price_list.pk, actor=actor, action="cancel")


# ---------------------------------------------------------------- export, print, import


@transaction.atomic
def price_list_export(*, price_list: PriceList, actor: Any) -> bytes:
    """S1.3: the list as .xlsx, marked "<name> <time> 内部资料"; an audit row says who and when."""
    enforce(rules.can_export(actor, price_list))
    event = audit(document=price_list, actor=actor, action="export", data={"format": "xlsx"})
    return price_list_xlsx(price_list, viewer=actor, at=event.at)


@transaction.atomic
def price_list_print(*, price_list: PriceList, actor: Any) -> bytes:
    """S1.3: the printed list (A4 PDF), marked on every page; an audit row says who and when."""
    from fieldsales.sales.catalogue.printing import price_list_pdf

    enforce(rules.can_export(actor, price_list))
    event = audit(document=price_list, actor=actor, action="print", data={"format": "pdf"})
    return price_list_pdf(price_list, viewer=actor, at=event.at)


def _row_validator(seen: dict[str, int]) -> Any:
    products = {p.code: p for p in Product.objects.all()}

    def validate(values: dict[str, str]) -> PriceRow:
        errors = []
        code = values.get(IMPORT_HEADER, "").strip()
        product = products.get(code)
        if product is None:
            errors.append(_("产品编码不存在：%(code)s") % {"code": code or "（空）"})
        elif not product.active:
            errors.append(_("产品 %(code)s 已停售") % {"code": code})
        elif code in seen:
            errors.append(_("产品 %(code)s 重复（第%(n)d行）") % {"code": code, "n": seen[code]})
        amounts = {}
        for key, header in (
            ("market", "市场报价"),
            ("factory_min", "最低出厂价"),
            ("distributor_min", "经销商最低价"),
        ):
            text = values.get(header, "").replace(",", "").strip()
            if not AMOUNT.match(text):
                errors.append(
                    _("%(header)s 不是有效金额：%(text)s")
                    % {"header": header, "text": text or _("（空）")}
                )
            else:
                amounts[key] = Decimal(text)
        if product is not None and len(amounts) == 3:
            problem = _tiers_error(product, floor.Tiers(**amounts))
            if problem:
                errors.append(problem)
        if errors:
            raise sheets.RowError(*errors)
        assert product is not None
        seen[code] = len(seen) + 1
        return PriceRow(product=product, tiers=floor.Tiers(**amounts))

    return validate


def price_list_import_preview(
    *, price_list: PriceList, actor: Any, content: bytes
) -> sheets.ImportPreview[PriceRow]:
    """S1.2: every row of an uploaded sheet checked (unknown code, bad amount, tier order);
    nothing saved."""
    enforce(rules.can_edit_price_list(actor, price_list))
    return read_price_rows(content, validate=_row_validator({}))


@transaction.atomic
def price_list_import(*, price_list: PriceList, actor: Any, content: bytes) -> PriceList:
    """S1.2: the sheet's rows become the list's prices, all or nothing (400 on any bad row)."""
    price_list = PriceList.objects.select_for_update().get(pk=price_list.pk)
    preview = price_list_import_preview(price_list=price_list, actor=actor, content=content)
    if not preview.ok:
        raise RuleBroken("；".join(preview.messages()[:20]), field="file")
    price_list.lines.all().delete()
    sheets.apply_import(
        preview,
        save=lambda row: PriceListLine.objects.create(
            price_list=price_list,
            product=row.product,
            market=row.tiers.market,
            factory_min=row.tiers.factory_min,
            distributor_min=row.tiers.distributor_min,
        ),
    )
    status = price_list.status
    audit(
        document=price_list,
        actor=actor,
        action="import",
        from_status=status,
        to_status=status,
        data={"rows": len(preview.rows)},
    )
    return price_list
