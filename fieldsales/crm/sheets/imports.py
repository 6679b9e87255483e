"""Reading an uploaded 目标客户基本信息情况统计表: every row checked, nothing saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Concat

from fieldsales.core import sheets as xlsx
from fieldsales.core.errors import RuleBroken
from fieldsales.core.people import display_name
from fieldsales.core.regions import Division, cities, find_city, find_province, provinces
from fieldsales.core.workflow import has_role
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Customer, CustomerKind, Grade, Intent, Source
from fieldsales.crm.customers.selectors import normal_name, possible_duplicates, visible_customers
from fieldsales.crm.customers.services import customer_fields
from fieldsales.org.models import Role


@dataclass(frozen=True)
class Change:
    field: str  # the model field, or contact_name / contact_title / contact_phone
    label: str  # the sheet's header
    old: str
    new: str


@dataclass
class ImportRow:
    number: int  # the row number in the sheet, as Excel shows it
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A row whose 客户编号 is a customer the importer may edit updates it (issue 8 item 7).
    customer: Customer | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def action(self) -> str:
        return "update" if self.customer is not None else "create"


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    def messages(self) -> list[str]:
        lines = list(self.file_errors)
        for row in self.rows:
            lines += [f"第{row.number}行：{error}" for error in row.errors]
        return lines


MAX_ROWS = 1000


# The sheet may hold a title, the header and the footer besides its MAX_ROWS customers.
IMPORT_LIMITS = xlsx.ReadLimits(max_rows=MAX_ROWS + 30)


MAX_BYTES = IMPORT_LIMITS.max_bytes


def _strip_start(text: str, division: Division) -> str | None:
    for name in (division.name, division.short):
        if text.startswith(name):
            return text[len(name) :].lstrip(" /／、,，-")
    return None


def split_region(text: str) -> tuple[Division, Division, str] | None:
    """浙江省杭州市西湖区文三路 → (浙江省, 杭州市, 西湖区文三路); None when no province leads."""
    text = text.strip()
    for province in provinces():
        rest = _strip_start(text, province)
        if rest is None:
            continue
        ordered = sorted(cities(province.code), key=lambda d: not d.code.endswith("00"))
        for city in ordered:
            after = _strip_start(rest, city)
            if after is not None:
                return province, city, after
        municipality = find_city(province, province.name)
        if municipality is not None:
            return province, municipality, rest
        return None
    return None


def _label_choice(value: str, choices: Any) -> str | None:
    if not value:
        return ""
    for key, label in choices.choices:
        if value in (key, str(label)):
            return str(key)
    return None


def _owner(value: str, importer: Any) -> tuple[Any, str | None]:
    """The responsible salesperson by username or name; blank is the importer (or the pool)."""
    User = get_user_model()
    if not value:
        return (importer if has_role(importer, Role.SALESPERSON) else None), None
    users = list(
        User.objects.filter(is_active=True)
        .annotate(full_name=Concat("last_name", "first_name"))
        .filter(Q(username=value) | Q(full_name=value))
        .select_related("employee")[:2]
    )
    if len(users) != 1:
        return None, f"责任业务员“{value}”不存在或重名，请填写登录名"
    user = users[0]
    if user.pk != importer.pk and not customer_rules.directs(importer, user):
        return None, f"不能把客户分配给“{value}”（不是本部门的业务员）"
    return user, None


def read_rows(content: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The sheet's data rows as {header: text}, with their Excel row numbers."""
    try:
        grid = xlsx.read_first_sheet(content, IMPORT_LIMITS)
    except RuleBroken as error:
        return [], [error.message]
    header_at = next(
        (i for i, r in enumerate(grid[:15]) if any(xlsx.cell_text(v) == "客户名称" for v in r)),
        None,
    )
    if header_at is None:
        return [], ["找不到表头“客户名称”，请使用目标客户基本信息情况统计表的格式"]
    headers = [xlsx.cell_text(v) for v in grid[header_at]]
    rows = []
    for offset, values in enumerate(grid[header_at + 1 :], start=header_at + 2):
        record = {h: xlsx.cell_text(v) for h, v in zip(headers, values, strict=False) if h}
        if not any(record.get(h) for h in headers if h not in ("序号",)):
            continue
        if record.get("客户名称", "").startswith("制表人") or any(
            str(v).startswith("制表人") for v in record.values()
        ):
            continue  # the sheet's footer
        rows.append((offset, record))
    if len(rows) > MAX_ROWS:
        return [], [f"一次最多导入 {MAX_ROWS} 行"]
    if not rows:
        return [], ["表中没有客户数据"]
    return rows, []


def _region_of(record: dict[str, str]) -> tuple[dict[str, str] | None, str | None]:
    if record.get("省份"):
        province = find_province(record["省份"])
        if province is None:
            return None, f"省份无效：{record['省份']}"
        city = find_city(province, record.get("城市", ""))
        if city is None:
            return None, f"城市不属于{province.name}：{record.get('城市', '')}"
        address = record.get("详细地址", "") or record.get("地区/地址", "")
        return {"province": province.name, "city": city.name, "address": address}, None
    text = record.get("地区/地址", "")
    if not text:
        return None, "请填写地区/地址（以省、市开头，例如 浙江省杭州市…）"
    split = split_region(text)
    if split is None:
        return None, f"地区/地址须以省份和城市开头：{text}"
    province, city, rest = split
    return {"province": province.name, "city": city.name, "address": rest}, None


# What an update row may change: model field → the sheet's header (region: its own rule).
UPDATE_FIELDS = {
    "name": "客户名称",
    "credit_code": "统一社会信用代码",
    "industry": "行业",
    "scale": "规模",
    "products_needed": "需求产品",
    "annual_demand": "年需求量/采购额",
    "competitors": "现有供应商/竞争对手",
    "source": "客户来源",
    "grade": "客户等级",
    "intent": "意向程度",
    "kind": "客户类型",
    "credit_limit": "信用额度",
    "remarks": "备注",
}


CONTACT_FIELDS = {"contact_name": "联系人", "contact_title": "职务", "contact_phone": "电话"}


def primary_contact(customer: Customer) -> Any:
    contacts = list(customer.contacts.all())
    return next((c for c in contacts if c.is_primary), contacts[0] if contacts else None)


def _shown(customer: Customer, key: str, value: Any) -> str:
    """A value as the sheet shows it: choice labels, money to the fen."""
    model_field = Customer._meta.get_field(key)
    if model_field.choices and key != "grade":  # the sheet shows the grade as A, B or C
        return str(dict(model_field.flatchoices).get(value, value or ""))
    if key == "credit_limit":
        return f"{value:.2f}"
    return "" if value is None else str(value)


def _changes(
    customer: Customer, data: dict[str, Any], fields: dict[str, Any], present: set[str]
) -> list[Change]:
    """What this row changes on `customer`: only columns the sheet has."""
    changes = []
    for key, header in UPDATE_FIELDS.items():
        if header in present and fields[key] != getattr(customer, key):
            old, new = (
                _shown(customer, key, getattr(customer, key)),
                _shown(customer, key, fields[key]),
            )
            changes.append(Change(key, header, old, new))
    if present & {"地区/地址", "省份"}:
        for key, label in (("province", "省份"), ("city", "城市"), ("address", "详细地址")):
            if fields[key] != getattr(customer, key):
                changes.append(Change(key, label, getattr(customer, key), fields[key]))
    contact = primary_contact(customer)
    current = {
        "contact_name": contact.name if contact else customer.contact_name,
        "contact_title": contact.title if contact else "",
        "contact_phone": (contact.phone if contact else "") or customer.contact_phone,
    }
    for key, header in CONTACT_FIELDS.items():
        if header in present and data[key] != current[key]:
            changes.append(Change(key, header, current[key], data[key]))
    return changes


def _same_owner(value: str, customer: Customer) -> bool:
    owner = customer.owner
    if not value:
        return True
    if owner is None:
        return value == "公海"
    return value in (display_name(owner), owner.username)


def parse_import(content: bytes, *, importer: Any) -> ImportPreview:
    """Check every row of an uploaded target-customer sheet; nothing is saved here.

    A row whose 客户编号 names a customer the importer may edit is an update (its changes are
    listed per field); a row without one, or with a new one, creates a customer.
    """
    raw, problems = read_rows(content)
    if problems:
        return ImportPreview([], problems)
    present = {header for _number, record in raw for header in record}
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    codes = {record.get("客户编号", "") for _number, record in raw} - {""}
    existing_codes = set(Customer.objects.filter(code__in=codes).values_list("code", flat=True))
    editable = {
        c.code: c
        for c in visible_customers(user=importer)
        .filter(code__in=existing_codes)
        .prefetch_related("contacts")
        if customer_rules.manages_customer(importer, c)
    }
    rows = []
    for number, record in raw:
        row = ImportRow(number, {})
        errors = row.errors
        code = record.get("客户编号", "")
        if code in existing_codes:
            row.customer = editable.get(code)
            if row.customer is None:
                errors.append(f"客户编号 {code} 的客户不存在或您无权修改")
        name = record.get("客户名称", "")
        region, problem = _region_of(record)
        if problem:
            errors.append(problem)
        data: dict[str, Any] = {
            "name": name,
            "credit_code": record.get("统一社会信用代码", ""),
            "industry": record.get("行业", ""),
            "scale": record.get("规模", ""),
            "products_needed": record.get("需求产品", ""),
            "annual_demand": record.get("年需求量/采购额", ""),
            "competitors": record.get("现有供应商/竞争对手", ""),
            "remarks": record.get("备注", ""),
            "credit_limit": record.get("信用额度", ""),
            **(region or {"province": "", "city": "", "address": ""}),
        }
        for key, header, choices in (
            ("source", "客户来源", Source),
            ("intent", "意向程度", Intent),
            ("kind", "客户类型", CustomerKind),
        ):
            value = _label_choice(record.get(header, ""), choices)
            if value is None:
                errors.append(f"{header}无效：{record.get(header)}")
            data[key] = value or (CustomerKind.PROSPECT if key == "kind" else "")
        grade = record.get("客户等级", "").upper().rstrip("类")
        if grade and grade not in Grade.values:
            errors.append(f"客户等级须为 A、B 或 C：{record.get('客户等级')}")
        data["grade"] = grade if grade in Grade.values else Grade.C
        data["contact_name"] = record.get("联系人", "")[:40]
        data["contact_title"] = record.get("职务", "")[:40]
        data["contact_phone"] = record.get("电话", "")[:30]
        fields = None
        if region is not None:
            try:
                fields = customer_fields(data)
            except RuleBroken as error:
                label = {
                    "name": "客户名称",
                    "credit_code": "统一社会信用代码",
                    "credit_limit": "信用额度",
                }.get(error.field or "", error.field or "")
                errors.append(f"{label}：{error.message}" if label else error.message)
        elif not name:
            errors.append("客户名称：请填写客户名称（与营业执照一致）")
        if code:
            if code in seen_codes:
                errors.append(f"客户编号与第{seen_codes[code]}行重复：{code}")
            seen_codes.setdefault(code, number)
        data["code"] = code
        customer = row.customer
        if customer is not None and fields is not None:
            row.changes = _changes(customer, data, fields, present)
        key = normal_name(name)
        refused = code in existing_codes and customer is None
        if key and not refused:
            if key in seen_names:
                errors.append(f"与第{seen_names[key]}行是同一客户")
            seen_names.setdefault(key, number)
            phone = record.get("电话", "")
            renamed = customer is None or key != normal_name(customer.name)
            for duplicate in possible_duplicates(
                name=name, phone=phone, exclude=customer.pk if customer else None, user=importer
            ):
                if (
                    renamed
                    and "名称相同或相近" in duplicate.reasons
                    and normal_name(duplicate.customer.name) == key
                ):
                    errors.append(f"已有同名客户：{duplicate.message()}")
                else:
                    row.warnings.append(f"可能重复：{duplicate.message()}")
        if customer is not None:
            # Ownership moves only by claim, release or transfer, never by a sheet.
            if not _same_owner(record.get("责任业务员", ""), customer):
                errors.append("更换责任业务员请在客户页面使用“转交”，不能通过导入修改")
            data["owner"] = customer.owner
        elif code not in existing_codes:
            owner, problem = _owner(record.get("责任业务员", ""), importer)
            if problem:
                errors.append(problem)
            data["owner"] = owner
        row.data = data
        rows.append(row)
    return ImportPreview(rows)
