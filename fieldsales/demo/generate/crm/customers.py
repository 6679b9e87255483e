"""The crm part's customers and contacts: who, whose, where and since when (planned first),
then written with their transfer rows (created; swept or released to the pool) and their
contacts, the primary one mirrored on the customer. `settle_activity` runs once every step
has planned its follow-ups: an active customer's latest one is within the pool's days."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

from fieldsales.core.regions import Division
from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Intent,
    Source,
    TransferKind,
)
from fieldsales.demo.generate.crm.base import (
    INDUSTRIES,
    Crm,
    PlannedCustomer,
    cumulative,
    draw_index,
    draw_money,
    draw_share,
)
from fieldsales.demo.generate.crm.places import city_point, customer_regions
from fieldsales.demo.generate.crm.table import Table
from fieldsales.demo.generate.org import person_name


def _pairs(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


BRANDS = _pairs(
    "阳光恒达绿源南粤申能兴旺晨光华辰金盛鑫源宏达瑞丰天成永康嘉禾博远中泰新宇东方海天"
    "德力联创汇通长鸿福瑞盛世锦程华泰振兴启明远航凯越景泰祥和众诚广源立信宏图腾飞卓越"
    "金辉银河星辰明珠同创安泰昌盛丰收富春钱江之江西子天目江南吴越越秀珠江九州四海万通"
    "三友双林百川千禧润德信达宝利万和华光晶科光明旭日朝阳东升日升金阳红日丽阳光源能达"
    "电通源泰合力协和永盛隆兴泰和宏盛佳美美林青山绿洲森源澜海浩宇鼎盛恒通伟业诚信骏马"
    "飞龙金鹰凤凰麒麟龙腾恒星北辰南星中天亿丰"
)
SUFFIXES = ("有限公司",) * 7 + ("股份有限公司", "有限责任公司")
WORKS = ("五金", "纺织", "食品", "汽配", "家具", "建材", "印染")  # may be called a 厂
ROADS = _pairs("人民解放建设中山新华文化工业科技振兴发展创业迎宾环城滨江城北江东开元金桥")
STREETS = ("城东", "城西", "城南", "城北", "江南", "开发区", "高新区", "经济区")
TITLES = ("总经理", "采购经理", "采购", "厂长", "项目经理", "技术负责人", "财务经理", "行政主管")
ROLES = ("决策人", "采购", "技术", "财务", "")
SOURCES = (Source.REFERRAL, Source.EXHIBITION, Source.INTERNET, Source.COLD_VISIT, Source.BID)
SOURCES += (Source.MARKET_RESEARCH, Source.OTHER)
POOL_SHARE, INACTIVE_SHARE = 0.08, 0.02
KINDS = ((CustomerKind.PROSPECT, 0.35), (CustomerKind.END_CUSTOMER, 0.45))
GRADES = ((Grade.A, 0.15), (Grade.B, 0.35))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def _short(city: Division) -> str:
    return city.short


def _pk(user: Any) -> int | None:
    return user.pk if user is not None else None


def _owners(crm: Crm) -> tuple[list[Any], list[float]]:
    """Salespeople, some with more customers than others; the demo's two a fair share."""
    people = crm.ctx.salespeople
    weights = [1.2 if i < 2 else crm.rng.uniform(0.6, 1.4) for i in range(len(people))]
    return people, weights


def plan_customers(crm: Crm, n: int) -> None:
    rng, clock = crm.rng, crm.clock
    regions, region_weights = customer_regions()
    people, weights = _owners(crm)
    owner_cum = cumulative(weights)
    region_cum = cumulative(region_weights)
    names: set[str] = set(Customer.objects.values_list("name", flat=True))
    span = (clock.today - timedelta(days=7) - clock.start).days
    for i in range(n):
        province, places = regions[draw_index(rng, region_cum)]
        city = places[rng.randrange(len(places))]
        industry = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
        name = ""
        while not name or name in names:
            place = city.name if rng.random() < 0.2 else _short(city)
            suffix = rng.choice(SUFFIXES)
            if industry[1] in WORKS and rng.random() < 0.3:
                suffix = "厂"
            name = f"{place}{rng.choice(BRANDS)}{industry[1]}{suffix}"
        names.add(name)
        if rng.random() < 0.3:  # a customer from before the three years
            created_day = clock.start - timedelta(days=rng.randint(1, 730))
        else:
            created_day = clock.start + timedelta(days=rng.randint(0, span))
        created = clock.moment(rng, created_day)
        kind = draw_share(rng, KINDS, CustomerKind.DISTRIBUTOR)
        grade = draw_share(rng, GRADES, Grade.C)
        if kind == CustomerKind.PROSPECT and grade == Grade.A:
            grade = Grade.B
        owner = people[draw_index(rng, owner_cum)]
        first_day = max(created_day + timedelta(days=1), clock.start)
        customer = PlannedCustomer(
            code=f"C-{100001 + i}",
            name=name,
            kind=kind,
            grade=grade,
            status=CustomerStatus.ACTIVE,
            owner=owner,
            worker=owner,
            province=province,
            city=city,
            lat=None,
            lng=None,
            created=created,
            first_day=first_day,
            last_day=clock.today - timedelta(days=1),
            contact=(person_name(crm.ctx), rng.choice(TITLES), _phone(rng)),
            industry=industry,
        )
        r = rng.random()
        if r < POOL_SHARE and created_day < clock.today - timedelta(days=90):
            # Swept after 60 days without a follow-up, or given back by its owner.
            customer.status, customer.owner = CustomerStatus.POOL, None
            pooled_day = created_day + timedelta(
                days=rng.randint(61, max(61, (clock.today - created_day).days - 1))
            )
            customer.pooled = clock.moment(rng, pooled_day)
            customer.released = rng.random() < 0.3
            customer.last_day = pooled_day - timedelta(days=0 if customer.released else 61)
        elif r < POOL_SHARE + INACTIVE_SHARE:
            customer.status = CustomerStatus.INACTIVE
            customer.last_day = first_day + timedelta(
                days=rng.randint(0, max(0, (customer.last_day - first_day).days))
            )
        crm.customers.append(customer)


def settle_activity(crm: Crm) -> None:
    """An active customer was followed up within the pool's days (a call if nothing else);
    where a customer was seen, it has a location."""
    rng, clock = crm.rng, crm.clock
    days = crm.settings.pool_after_days
    for c in crm.customers:
        if c.status == CustomerStatus.ACTIVE:
            recent = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, days - 2)))
            if c.activity is None or c.activity < recent:
                c.activity = recent
        elif c.status == CustomerStatus.POOL:
            c.activity = c.activity or c.created
        if c.lat is None and rng.random() < 0.7:
            c.lat, c.lng = city_point(rng, c.city)


# --- write ---------------------------------------------------------------------------


def write_customers(crm: Crm) -> None:
    rng, table = crm.rng, Table(Customer)
    first = table.next_id()
    for k, c in enumerate(crm.customers):
        c.id = first + k
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def rows() -> Iterator[dict[str, Any]]:
        for c in crm.customers:
            credit = ""
            if rng.random() < 0.6:
                credit = f"91{c.city.code}{''.join(rng.choices(alphabet, k=10))}"
            yield {
                "id": c.id,
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "province_code": c.province.code,
                "province": c.province.name,
                "city_code": c.city.code,
                "city": c.city.name,
                "address": f"{rng.choice(STREETS)}{rng.choice(ROADS)}路{rng.randint(1, 399)}号",
                "industry": c.industry[0],
                "contact_name": c.contact[0],
                "contact_phone": c.contact[2],
                "owner_id": _pk(c.owner),
                "status": c.status,
                "created_at": c.created,
                "credit_code": credit,
                "grade": c.grade,
                "source": rng.choice(SOURCES),
                "intent": rng.choice((Intent.HIGH, Intent.MEDIUM, Intent.LOW)),
                "scale": rng.choice(("50人以下", "50-200人", "200-1000人", "1000人以上")),
                "products_needed": c.industry[2],
                "annual_demand": f"年采购约 {rng.randint(1, 50) * 10} 万元"
                if c.kind != CustomerKind.PROSPECT
                else "",
                "credit_limit": draw_money(rng, 50_000, 1_000_000)
                if c.kind == CustomerKind.DISTRIBUTOR
                else Decimal("0.00"),
                "latitude": c.lat,
                "longitude": c.lng,
                "created_by_id": c.worker.pk,
                "last_activity_at": c.activity,
                "pooled_at": c.pooled,
            }

    table.insert(rows())

    def transfers() -> Iterator[dict[str, Any]]:
        for c in crm.customers:
            worker = c.worker.pk
            yield {
                "customer_id": c.id,
                "kind": TransferKind.CREATE,
                "to_owner_id": worker,
                "by_id": worker,
                "at": c.created,
            }
            if c.pooled is not None:
                yield {
                    "customer_id": c.id,
                    "kind": TransferKind.RELEASE if c.released else TransferKind.SWEEP,
                    "from_owner_id": worker,
                    "by_id": worker if c.released else None,
                    "reason": "客户暂无需求"
                    if c.released
                    else f"{crm.settings.pool_after_days} 天无跟进",
                    "at": c.pooled,
                }

    Table(CustomerTransfer).insert(transfers(), with_ids=False)


def write_contacts(crm: Crm, n: int) -> None:
    rng, table = crm.rng, Table(Contact)
    if not crm.customers:
        return
    extra: dict[int, int] = defaultdict(int)
    for _ in range(max(0, n - len(crm.customers))):
        extra[rng.randrange(len(crm.customers))] += 1
    next_id = table.next_id()
    rows = []
    for i, c in enumerate(crm.customers[:n]):
        name, title, phone = c.contact
        c.contacts.append((next_id, name, title))
        rows.append(
            {
                "id": next_id,
                "customer_id": c.id,
                "name": name,
                "title": title,
                "role": "决策人" if title in ("总经理", "厂长") else rng.choice(ROLES),
                "phone": phone,
                "is_primary": True,
                "created_at": c.created,
            }
        )
        next_id += 1
        for _ in range(extra.get(i, 0)):
            name, title = person_name(crm.ctx), rng.choice(TITLES)
            c.contacts.append((next_id, name, title))
            email = f"c{rng.randrange(10**6)}@example.cn" if rng.random() < 0.3 else ""
            rows.append(
                {
                    "id": next_id,
                    "customer_id": c.id,
                    "name": name,
                    "title": title,
                    "role": rng.choice(ROLES),
                    "phone": _phone(rng),
                    "email": email,
                    "created_at": min(
                        c.created + timedelta(days=rng.randint(1, 300)), crm.clock.now
                    ),
                }
            )
            next_id += 1
    table.insert(rows)
    crm.ctx.extra["primary_contacts"] = {
        c.id: (c.contacts[0][0], c.contacts[0][1], c.contact[2])
        for c in crm.customers
        if c.contacts
    }
