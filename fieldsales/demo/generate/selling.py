"""The generator's selling part: catalogue, inquiries, quotes, orders and collections.

Products go into the demo's categories (and a few more); the demo's price list in force today
gets their prices, and each earlier year of the span gets its own approved list (prices a few
percent lower each year back), so every document is priced by the list in force on its day.
Inquiries, quotes and orders belong to the owner of their customer, spread over the last three
years; each is in a state its workflow could have reached, with its approval chain, the
decisions taken (`Approval`, and `OrderReview` for contracts), the denormalised totals, and,
for signed orders, installments that add up to the total, deliveries and the collections
finance recorded: old orders mostly completed, some left overdue in every aging bucket.

Numbers come from the same counter series the services use (`inquiry`, `quote-<year>`,
`sales.order.<year>`, `sales.price_list`): the generated documents take the next numbers in
date order and the counters are left past them, so the next real document does not collide.
"""

from __future__ import annotations

import bisect
import time as time_module
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from fieldsales.core.models import Approval, Counter
from fieldsales.crm.customers.models import Customer, CustomerKind
from fieldsales.demo.generate import YEARS, Context
from fieldsales.sales.catalogue.models import (
    PriceList,
    PriceListLine,
    PriceListStatus,
    Product,
    ProductCategory,
)
from fieldsales.sales.catalogue.selectors import price_list_in_force
from fieldsales.sales.floor import Tiers, below_market_pct, floor_for, line_amount
from fieldsales.sales.inquiries.models import Inquiry, InquiryKind, InquiryStatus
from fieldsales.sales.orders.models import (
    CHECKLIST,
    SIGNED_OR_LATER,
    Collection,
    Delivery,
    DeliveryLine,
    Installment,
    Order,
    OrderLine,
    OrderReview,
    OrderStatus,
)
from fieldsales.sales.orders.selectors import fill
from fieldsales.sales.params import DEFAULT_SALES_PARAMS
from fieldsales.sales.quotes.models import Quote, QuoteLine, QuoteStatus

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAJOR = DEFAULT_SALES_PARAMS.major_amount
# A line's amount stays under this (the quantity halved until it does): 200 salespeople's
# 30,000 orders then sell a few billion yuan a year, within the targets' 12-digit totals.
LINE_CAP = Decimal(400_000)
RECENT = 60  # days: documents younger than this are still in the making
EXTRA_CATEGORIES = ["储能电池", "汇流箱与配电", "监控系统", "安装辅材"]
# name, unit, market price range (yuan) per category
KINDS = {
    "光伏组件": (("单晶硅光伏组件", "块", 600, 1100), ("N型双面组件", "块", 800, 1200)),
    "逆变器": (("组串式逆变器", "台", 3000, 12000), ("储能逆变器", "台", 4000, 9000)),
    "支架": (("铝合金支架", "套", 350, 600), ("镀锌钢支架", "套", 400, 700)),
    "电缆": (("光伏专用电缆", "米", 4, 9), ("交流电缆", "米", 30, 90)),
    "储能电池": (("磷酸铁锂电池组", "组", 6000, 20000), ("储能柜", "台", 30000, 90000)),
    "汇流箱与配电": (("直流汇流箱", "台", 1500, 4000), ("并网配电柜", "台", 5000, 15000)),
    "监控系统": (("数据采集器", "台", 800, 2000), ("电站监控平台", "套", 5000, 20000)),
    "安装辅材": (("压块与螺栓", "套", 20, 60), ("接地扁钢", "米", 15, 40)),
}
QUOTE_TERMS = ("送货到项目现场，运费我方承担", "预付30%，到货验收后付60%，质保金10%")
INQUIRY_TITLES = ("屋顶分布式电站", "工商业储能项目", "地面电站扩建", "厂房光伏改造", "村级光伏")
DECLINES = ("价格高于竞争对手", "项目延期", "客户预算削减", "交货期不满足")
METHODS = ("transfer", "transfer", "transfer", "acceptance_bill", "cash")


@contextmanager
def explicit_times(*models_: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the past `created_at`/`updated_at`/`at` the rows carry (the
    auto_now fields would stamp every generated row with now)."""
    fields = [
        f
        for model in models_
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


class Clock:
    """Logs how long each step of a part took (the notes' measurements)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last = time_module.monotonic()

    def __call__(self, step: str) -> None:
        now = time_module.monotonic()
        self.ctx.log(f"    {step}: {now - self.last:.1f} s")
        self.last = now


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class Numbers:
    """Document numbers taken in bulk from a counter series, and the counter left past them."""

    def __init__(self, name: str, used: int) -> None:
        row = Counter.objects.filter(name=name).first()
        self.name = name
        self.last = max(used, row.value if row else 0)

    def take(self) -> int:
        self.last += 1
        return self.last

    def save(self) -> None:
        Counter.objects.update_or_create(name=self.name, defaults={"value": self.last})


class YearNumbers:
    """One `Numbers` per year (`quote-2025`, `sales.order.2025`, ...)."""

    def __init__(self, pattern: str, model: type[models.Model]) -> None:
        self.pattern = pattern
        self.used = dict(
            model.objects.order_by().values("year").annotate(m=Max("seq")).values_list("year", "m")  # type: ignore[attr-defined]
        )
        self.series: dict[int, Numbers] = {}

    def take(self, year: int) -> int:
        if year not in self.series:
            self.series[year] = Numbers(self.pattern.format(year=year), self.used.get(year) or 0)
        return self.series[year].take()

    def save(self) -> None:
        for series in self.series.values():
            series.save()


@dataclass
class Lists:
    """The approved price lists by `effective`, with their tiers: which one prices a day."""

    days: list[date]
    lists: list[PriceList]
    tiers: dict[int, dict[int, Tiers]]  # list id -> product id -> tiers

    def on(self, day: date) -> PriceList:
        index = bisect.bisect_right(self.days, day) - 1
        return self.lists[max(index, 0)]


class Chains:
    """Approval chains as the services build them (department manager, the GM when major)."""

    def __init__(self, ctx: Context) -> None:
        self.gm = ctx.users["gm"]
        self.heads = ctx.heads
        self.department_of = ctx.department_of

    def head_of(self, person: int) -> Any:
        return self.heads[self.department_of[person]]

    def chain(self, person: int, major: bool) -> list[dict[str, Any]]:
        steps = [{"role": "dept_manager", "user": self.head_of(person).pk, "alternate": False}]
        if major:
            steps.append({"role": "gm", "user": None, "alternate": False})
        return steps

    def deciders(self, person: int, major: bool) -> list[tuple[str, Any]]:
        people = [("dept_manager", self.head_of(person))]
        return people + ([("gm", self.gm)] if major else [])


def generate(ctx: Context) -> None:
    sellers = {u.pk for u in ctx.salespeople}
    customers = ctx.customers or list(
        Customer.objects.filter(owner__isnull=False).values_list("pk", "owner_id")
    )
    owned = [(c, o) for c, o in customers if o in sellers]
    if not owned:  # no customer of a salesperson: give the demo's customers to sales1
        owned = [(c, ctx.salespeople[0].pk) for c, _o in customers]
    kinds = dict(Customer.objects.values_list("pk", "kind"))
    chains = Chains(ctx)
    finance = ctx.users["finance"]

    clock = Clock(ctx)
    lists, products = _catalogue(ctx)
    clock("catalogue")
    approvals: list[Approval] = []
    inquiries = _inquiries(ctx, owned, chains, approvals)
    clock("inquiries")
    quotes = _quotes(ctx, owned, kinds, lists, products, chains, approvals, inquiries)
    clock("quotes")
    orders = _orders(ctx, owned, kinds, lists, products, chains, approvals, quotes, finance)
    clock("orders")
    with explicit_times(Approval):
        ctx.bulk(Approval, approvals)
    # S5.3, S7.1: a customer's last signed order, and a prospect that signed is a customer.
    signed = Order.objects.filter(status__in=SIGNED_OR_LATER)
    latest = signed.filter(customer=OuterRef("pk")).order_by("-signed_on").values("signed_on")
    Customer.objects.filter(pk__in=signed.values("customer_id")).update(
        last_order_signed=Subquery(latest[:1])
    )
    Customer.objects.filter(kind=CustomerKind.PROSPECT, pk__in=signed.values("customer_id")).update(
        kind=CustomerKind.END_CUSTOMER
    )
    clock("decisions and customers")
    ctx.log(
        f"    {len(products)} products, {len(lists.lists)} price lists, {len(inquiries)} "
        f"inquiries, {len(quotes)} quotes, {orders} orders, {len(approvals)} decisions"
    )


# ---------------------------------------------------------------- catalogue


def _catalogue(ctx: Context) -> tuple[Lists, list[int]]:
    """Products up to ctx.count("products"), priced on the list in force today and on one
    approved list per earlier year of the span."""
    rng = ctx.rng
    today = ctx.today
    gm, head = ctx.users["gm"], ctx.users["head"]
    position = ProductCategory.objects.aggregate(m=Max("position"))["m"] or 0
    existing = set(ProductCategory.objects.values_list("name", flat=True))
    ctx.bulk(
        ProductCategory,
        (
            ProductCategory(name=name, position=position + i + 1)
            for i, name in enumerate(n for n in EXTRA_CATEGORIES if n not in existing)
        ),
    )
    categories = {c.name: c for c in ProductCategory.objects.all()}
    have = Product.objects.count()
    wanted = max(0, ctx.count("products") - have)
    names = [n for n in KINDS if n in categories]
    made = []
    prices = []
    for i in range(wanted):
        category = names[i % len(names)]
        name, unit, low, high = KINDS[category][rng.randrange(2)]
        prices.append(money(rng.uniform(low, high)))
        made.append(
            Product(
                code=f"G{i + 1:04d}",
                name=name,
                model=f"G-{rng.randint(100, 999)}",
                unit=unit,
                category=categories[category],
            )
        )
    made = ctx.bulk(Product, made)
    market = {product.pk: price for product, price in zip(made, prices, strict=True)}

    current = price_list_in_force(today)
    numbers = Numbers("sales.price_list", PriceList.objects.aggregate(m=Max("seq"))["m"] or 0)
    start = today - timedelta(days=365 * YEARS)
    new_lists = []
    first_year = current.effective.year if current else today.year + 1
    for year in range(start.year, first_year):
        effective = date(year, 1, 1)
        made_at = at(effective - timedelta(days=20))
        new_lists.append(
            PriceList(
                status=PriceListStatus.APPROVED,
                seq=numbers.take(),
                name=f"{year}年产品价格表（生成）",
                effective=effective,
                note="价格含13%增值税；运费另计。",
                created_by=head,
                chain=[{"role": "gm", "user": None, "alternate": False}],
                round=1,
                submitted_at=made_at,
                approved_at=made_at + timedelta(days=3),
                created_at=made_at,
                updated_at=made_at + timedelta(days=3),
            )
        )
    if current is None:  # no list in force today: one for this year
        made_at = at(today - timedelta(days=1))
        new_lists.append(
            PriceList(
                status=PriceListStatus.APPROVED,
                seq=numbers.take(),
                name=f"{today.year}年产品价格表（生成）",
                effective=date(today.year, 1, 1),
                created_by=head,
                chain=[{"role": "gm", "user": None, "alternate": False}],
                round=1,
                submitted_at=made_at,
                approved_at=made_at,
                created_at=made_at,
                updated_at=made_at,
            )
        )
    with explicit_times(PriceList):
        new_lists = ctx.bulk(PriceList, new_lists)
    numbers.save()
    content_type = ContentType.objects.get_for_model(PriceList)
    with explicit_times(Approval):
        ctx.bulk(
            Approval,
            (
                Approval(
                    content_type=content_type,
                    object_id=p.pk,
                    round=1,
                    step=0,
                    role="gm",
                    user=gm,
                    decision="approve",
                    comment="同意执行",
                    at=p.approved_at,
                )
                for p in new_lists
            ),
        )
    # The current list's tiers, with the new products priced on it.
    tiers: dict[int, dict[int, Tiers]] = {}
    base: dict[int, Tiers] = {}
    if current is not None:
        for line in PriceListLine.objects.filter(price_list=current):
            base[line.product_id] = Tiers(line.market, line.factory_min, line.distributor_min)
    fresh = {}
    for pk, price in market.items():
        fresh[pk] = Tiers(price, money(price * Decimal("0.91")), money(price * Decimal("0.86")))
    base.update(fresh)
    rows = []
    if current is not None:
        tiers[current.pk] = dict(base)
        rows += [_line(current.pk, pk, t) for pk, t in fresh.items()]
    for p in new_lists:
        back = (current.effective.year if current else today.year) - p.effective.year
        factor = Decimal("0.97") ** max(back, 0)
        scaled = {
            pk: Tiers(
                money(t.market * factor),
                money(t.factory_min * factor),
                money(t.distributor_min * factor),
            )
            for pk, t in base.items()
        }
        tiers[p.pk] = scaled
        rows += [_line(p.pk, pk, t) for pk, t in scaled.items()]
    ctx.bulk(PriceListLine, rows)
    every = sorted(new_lists + ([current] if current else []), key=lambda p: p.effective)
    lists = Lists([p.effective for p in every], every, tiers)
    return lists, sorted(base)


def _line(list_id: int, product_id: int, tiers: Tiers) -> PriceListLine:
    return PriceListLine(
        price_list_id=list_id,
        product_id=product_id,
        market=tiers.market,
        factory_min=tiers.factory_min,
        distributor_min=tiers.distributor_min,
    )


# ---------------------------------------------------------------- inquiries


def _decisions(
    content_type: ContentType,
    document: Any,
    chains: Chains,
    person: int,
    major: bool,
    decided: date,
    outcome: str,
) -> list[Approval]:
    """The decisions of a whole chain: every step approves, or the first rejects."""
    rows = []
    for step, (role, user) in enumerate(chains.deciders(person, major)):
        rows.append(
            Approval(
                content_type=content_type,
                object_id=document.pk,
                round=1,
                step=step,
                role=role,
                user=user,
                decision=outcome,
                comment="同意" if outcome == "approve" else "请补充说明后重新提交",
                at=at(decided, 15, step),
            )
        )
        if outcome != "approve":
            break
    return rows


def _pending(document: Any, chain: list[dict[str, Any]]) -> None:
    document.pending_role = chain[0]["role"]
    document.pending_user_id = chain[0]["user"]


def _inquiries(
    ctx: Context, owned: list[tuple[int, int]], chains: Chains, approvals: list[Approval]
) -> list[Inquiry]:
    rng = ctx.rng
    today = ctx.today
    numbers = Numbers("inquiry", Inquiry.objects.aggregate(m=Max("seq"))["m"] or 0)
    days = sorted(ctx.day_in_past() for _i in range(ctx.count("inquiries")))
    made: list[tuple[Inquiry, bool, date, str]] = []
    for day in days:
        customer, person = ctx.pick(owned)
        tender = rng.random() < 0.3
        amount = money(rng.uniform(50_000, 2_000_000 if tender else 600_000))
        major = amount >= MAJOR
        chain = chains.chain(person, major)
        age = (today - day).days
        r = rng.random()
        if age < RECENT:
            status = (
                InquiryStatus.DRAFT
                if r < 0.1
                else InquiryStatus.SUBMITTED
                if r < 0.45
                else InquiryStatus.PARTICIPATING
            )
        else:
            status = (
                InquiryStatus.WON
                if r < 0.4
                else InquiryStatus.LOST
                if r < 0.7
                else InquiryStatus.DECLINED
                if r < 0.9
                else InquiryStatus.WITHDRAWN
            )
        made_at = at(day, 9, rng.randrange(60))
        decided = min(day + timedelta(days=rng.randint(0, 3)), today)
        inquiry = Inquiry(
            status=status,
            seq=numbers.take(),
            kind=InquiryKind.TENDER if tender else InquiryKind.INQUIRY,
            customer_id=customer,
            salesperson_id=person,
            title=f"{ctx.pick(INQUIRY_TITLES)} {rng.randint(1, 20)}MW",
            items=[
                {
                    "description": "光伏组件及配套",
                    "quantity": f"{rng.randint(10, 3000)}.000",
                    "unit": "块",
                }
            ],
            deadline=day + timedelta(days=rng.randint(10, 40)),
            estimated_amount=amount,
            created_at=made_at,
            updated_at=made_at,
        )
        if status != InquiryStatus.DRAFT:
            inquiry.chain, inquiry.round, inquiry.submitted_at = chain, 1, made_at
        outcome = ""
        if status == InquiryStatus.SUBMITTED:
            _pending(inquiry, chain)
        elif status == InquiryStatus.DECLINED:
            outcome = "reject"
            inquiry.outcome_reason = "产能与交期不匹配，不参与"
        elif status in (InquiryStatus.PARTICIPATING, InquiryStatus.WON, InquiryStatus.LOST):
            outcome = "approve"
            inquiry.approved_at = at(decided, 16)
            inquiry.step = len(chain) - 1
        if status in (InquiryStatus.WON, InquiryStatus.LOST):
            inquiry.outcome_at = at(min(inquiry.deadline, today), 17)
            if status == InquiryStatus.WON:
                inquiry.winning_price = money(amount * Decimal(str(rng.uniform(0.85, 1.0))))
            else:
                inquiry.outcome_reason = ctx.pick(DECLINES)
        made.append((inquiry, major, decided, outcome))
    with explicit_times(Inquiry):
        ctx.bulk(Inquiry, (m[0] for m in made))
    numbers.save()
    content_type = ContentType.objects.get_for_model(Inquiry)
    for inquiry, major, decided, outcome in made:
        if outcome:
            approvals += _decisions(
                content_type, inquiry, chains, inquiry.salesperson_id, major, decided, outcome
            )
    return [m[0] for m in made]


# ---------------------------------------------------------------- quotes


def _priced(
    ctx: Context, lists: Lists, products: list[int], kind: str, day: date, lines: int
) -> tuple[PriceList, list[dict[str, Any]]]:
    """Lines priced on the list in force on `day`: at market or a little below, never under
    the floor (S2.1)."""
    rng = ctx.rng
    price_list = lists.on(day)
    tiers = lists.tiers[price_list.pk]
    chosen = rng.sample(products, min(lines, len(products)))
    priced = []
    for position, product in enumerate(chosen, start=1):
        t = tiers[product]
        floor = floor_for(t, kind)
        price = (
            t.market
            if rng.random() < 0.5
            else money(t.market * Decimal(str(1 - rng.uniform(0, 0.08))))
        )
        price = max(price, floor)
        quantity = Decimal(rng.choice((5, 10, 20, 40, 50, 100, 200, 500)))
        while quantity > 1 and quantity * price > LINE_CAP:  # an SME's line, not 500 inverters
            quantity = (quantity / 2).to_integral_value(ROUND_DOWN)
        priced.append(
            {
                "position": position,
                "product_id": product,
                "quantity": quantity,
                "unit_price": price,
                "amount": line_amount(quantity, price),
                "market": t.market,
                "floor": floor,
            }
        )
    return price_list, priced


QUOTE_RECENT = (
    (0.1, QuoteStatus.DRAFT),
    (0.3, QuoteStatus.SUBMITTED),
    (0.45, QuoteStatus.APPROVED),
    (0.7, QuoteStatus.SENT),
    (0.8, QuoteStatus.REJECTED),
    (1.0, QuoteStatus.ACCEPTED),
)
QUOTE_OLD = (
    (0.5, QuoteStatus.ACCEPTED),
    (0.75, QuoteStatus.DECLINED),
    (0.85, QuoteStatus.SENT),
    (0.9, QuoteStatus.CANCELLED),
    (1.0, QuoteStatus.REJECTED),
)


def _choose(rng: Any, table: tuple[tuple[float, str], ...]) -> str:
    r = rng.random()
    return next(status for limit, status in table if r < limit)


def _quotes(
    ctx: Context,
    owned: list[tuple[int, int]],
    kinds: dict[int, str],
    lists: Lists,
    products: list[int],
    chains: Chains,
    approvals: list[Approval],
    inquiries: list[Inquiry],
) -> list[Quote]:
    rng = ctx.rng
    today = ctx.today
    numbers = YearNumbers("quote-{year}", Quote)
    answered = [
        i
        for i in inquiries
        if i.status in (InquiryStatus.PARTICIPATING, InquiryStatus.WON, InquiryStatus.LOST)
    ]
    wanted = ctx.count("quotes")
    plans: list[tuple[date, int, int, Inquiry | None]] = []
    for inquiry in answered[: wanted // 3]:
        day = min(inquiry.created_at.date() + timedelta(days=rng.randint(1, 5)), today)
        plans.append((day, inquiry.customer_id, inquiry.salesperson_id, inquiry))
    while len(plans) < wanted:
        customer, person = ctx.pick(owned)
        plans.append((ctx.day_in_past(), customer, person, None))
    plans.sort(key=lambda p: p[0])
    made: list[tuple[Quote, list[dict[str, Any]], bool, date, str]] = []
    for day, customer, person, inquiry in plans:
        price_list, lines = _priced(
            ctx, lists, products, kinds.get(customer, ""), day, rng.randint(1, 4)
        )
        total = sum((line["amount"] for line in lines), ZERO)
        major = total >= MAJOR
        chain = chains.chain(person, major)
        age = (today - day).days
        if inquiry is not None and inquiry.status != InquiryStatus.PARTICIPATING:
            status = (
                QuoteStatus.ACCEPTED
                if inquiry.status == InquiryStatus.WON
                else QuoteStatus.DECLINED
            )
        elif inquiry is not None:
            status = QuoteStatus.SENT
        else:
            status = _choose(rng, QUOTE_RECENT if age < RECENT else QUOTE_OLD)
        made_at = at(day, 9, rng.randrange(60))
        decided = min(day + timedelta(days=rng.randint(0, 2)), today)
        quote = Quote(
            status=status,
            seq=numbers.take(day.year),
            year=day.year,
            customer_id=customer,
            salesperson_id=person,
            inquiry=inquiry,
            price_list=price_list,
            quoted_on=day,
            valid_until=day + timedelta(days=30),
            delivery_terms=QUOTE_TERMS[0],
            payment_terms=QUOTE_TERMS[1],
            total=total,
            created_at=made_at,
            updated_at=made_at,
        )
        outcome = ""
        if status not in (QuoteStatus.DRAFT, QuoteStatus.CANCELLED):
            quote.chain, quote.round, quote.submitted_at = chain, 1, made_at
        if status == QuoteStatus.SUBMITTED:
            _pending(quote, chain)
        elif status == QuoteStatus.REJECTED:
            outcome = "reject"
        elif status in (
            QuoteStatus.APPROVED,
            QuoteStatus.SENT,
            QuoteStatus.ACCEPTED,
            QuoteStatus.DECLINED,
        ):
            outcome = "approve"
            quote.approved_at = at(decided, 16)
            quote.step = len(chain) - 1
        if status in (QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED):
            quote.customer_sent_at = at(decided, 17)
        if status in (QuoteStatus.ACCEPTED, QuoteStatus.DECLINED):
            answered_on = min(decided + timedelta(days=rng.randint(1, 14)), today)
            quote.decided_at = at(answered_on, 11)
            if status == QuoteStatus.DECLINED:
                quote.decline_reason = ctx.pick(DECLINES)
        made.append((quote, lines, major, decided, outcome))
    with explicit_times(Quote):
        ctx.bulk(Quote, (m[0] for m in made))
    numbers.save()
    ctx.bulk(
        QuoteLine,
        (
            QuoteLine(
                quote_id=quote.pk,
                below_market_pct=below_market_pct(line["market"], line["unit_price"]),
                **line,
            )
            for quote, lines, *_rest in made
            for line in lines
        ),
    )
    content_type = ContentType.objects.get_for_model(Quote)
    for quote, _lines, major, decided, outcome in made:
        if outcome:
            approvals += _decisions(
                content_type, quote, chains, quote.salesperson_id, major, decided, outcome
            )
    # The lines stay on the quotes for the orders made from them.
    for quote, lines, *_rest in made:
        quote._generated_lines = lines  # type: ignore[attr-defined]
    return [m[0] for m in made]


# ---------------------------------------------------------------- orders


ORDER_RECENT = (
    (0.05, OrderStatus.DRAFT),
    (0.15, OrderStatus.SUBMITTED),
    (0.2, OrderStatus.APPROVED),
    (0.23, OrderStatus.REJECTED),
    (0.5, OrderStatus.SIGNED),
    (0.7, OrderStatus.PARTLY_DELIVERED),
    (0.9, OrderStatus.DELIVERED),
    (1.0, OrderStatus.COMPLETED),
)
ORDER_OLD = (
    (0.05, OrderStatus.CANCELLED),
    (0.17, OrderStatus.DELIVERED),
    (0.2, OrderStatus.PARTLY_DELIVERED),
    (1.0, OrderStatus.COMPLETED),
)
REVIEWED = (OrderStatus.APPROVED, *SIGNED_OR_LATER)


def _installments(total: Decimal, signed: date, delivery: date) -> list[tuple[str, Decimal, date]]:
    """30 % at signing, 60 % on delivery, 10 % retention a year on; they add up to the total."""
    first = money(total * Decimal("0.3"))
    second = money(total * Decimal("0.6"))
    rows = [("预付款", first, signed), ("到货款", second, delivery)]
    rows.append(("质保金", total - first - second, signed + timedelta(days=365)))
    return [r for r in rows if r[1] > 0]


def _orders(
    ctx: Context,
    owned: list[tuple[int, int]],
    kinds: dict[int, str],
    lists: Lists,
    products: list[int],
    chains: Chains,
    approvals: list[Approval],
    quotes: list[Quote],
    finance: Any,
) -> int:
    rng = ctx.rng
    today = ctx.today
    numbers = YearNumbers("sales.order.{year}", Order)
    wanted = ctx.count("orders")
    plans: list[tuple[date, int, int, Quote | None]] = []
    for quote in quotes:
        if quote.status == QuoteStatus.ACCEPTED and len(plans) < wanted // 3:
            day = min(quote.decided_at.date() + timedelta(days=rng.randint(0, 5)), today)
            plans.append((day, quote.customer_id, quote.salesperson_id, quote))
    while len(plans) < wanted:
        customer, person = ctx.pick(owned)
        plans.append((ctx.day_in_past(), customer, person, None))
    plans.sort(key=lambda p: p[0])

    made: list[tuple[Order, list[dict[str, Any]], bool, str]] = []
    for day, customer, person, quote in plans:
        if quote is not None:
            lines = quote._generated_lines  # type: ignore[attr-defined]
        else:
            _list, lines = _priced(
                ctx, lists, products, kinds.get(customer, ""), day, rng.randint(1, 4)
            )
        total = sum((line["amount"] for line in lines), ZERO)
        major = total >= MAJOR
        age = (today - day).days
        status = _choose(rng, ORDER_RECENT if age < RECENT else ORDER_OLD)
        made_at = at(day, 10, rng.randrange(60))
        order = Order(
            status=status,
            year=day.year,
            seq=numbers.take(day.year),
            customer_id=customer,
            salesperson_id=person,
            department_id=ctx.department_of.get(person),
            quote=quote,
            opportunity_id=quote.opportunity_id if quote else None,
            ordered_on=day,
            total=total,
            planned_delivery=day + timedelta(days=rng.randint(15, 45)),
            created_at=made_at,
            updated_at=made_at,
        )
        chain = chains.chain(person, major)
        outcome = ""
        if status not in (OrderStatus.DRAFT,) and not (
            status == OrderStatus.CANCELLED and rng.random() < 0.5
        ):
            order.chain, order.round, order.submitted_at = chain, 1, made_at
        if status == OrderStatus.SUBMITTED:
            _pending(order, chain)
        elif status == OrderStatus.REJECTED:
            outcome = "reject"
        elif status in REVIEWED:
            outcome = "approve"
            order.approved_at = at(min(day + timedelta(days=1), today), 16)
            order.step = len(chain) - 1
        if status in SIGNED_OR_LATER:
            order.signed_on = min(day + timedelta(days=rng.randint(1, 10)), today)
        if status == OrderStatus.CANCELLED:
            order.cancel_reason = "客户项目取消"
        made.append((order, lines, major, outcome))
    with explicit_times(Order):
        ctx.bulk(Order, (m[0] for m in made))
    numbers.save()

    ctx.bulk(
        OrderLine,
        (OrderLine(order_id=order.pk, **line) for order, lines, *_r in made for line in lines),
    )
    content_type = ContentType.objects.get_for_model(Order)
    reviews = []
    for order, _lines, major, outcome in made:
        if not outcome:
            continue
        decided = (order.approved_at or order.submitted_at).date()
        rows = _decisions(
            content_type, order, chains, order.salesperson_id, major, decided, outcome
        )
        approvals += rows
        reviews += [
            OrderReview(
                order_id=order.pk,
                round=1,
                step=row.step,
                reviewer=row.user,
                ticks=list(CHECKLIST) if outcome == "approve" else [],
                decision=outcome,
                comment=row.comment,
                at=row.at,
            )
            for row in rows
        ]
    with explicit_times(OrderReview):
        ctx.bulk(OrderReview, reviews)

    installments, collections, deliveries, shipped = [], [], [], []
    for order, lines, _major, _outcome in made:
        if order.status in (OrderStatus.DRAFT, OrderStatus.CANCELLED) and rng.random() < 0.5:
            continue
        signed = order.signed_on or order.ordered_on
        rows = _installments(order.total, signed, order.planned_delivery)
        paid = ZERO
        if order.status in SIGNED_OR_LATER:
            paid = _collected(ctx, order, rows, collections, finance)
        for position, ((label, amount, due), part) in enumerate(
            zip(rows, fill([r[1] for r in rows], paid), strict=True), start=1
        ):
            installments.append(
                Installment(
                    order_id=order.pk,
                    position=position,
                    label=label,
                    amount=amount,
                    due=due,
                    collected=part,
                )
            )
        if order.status in (
            OrderStatus.PARTLY_DELIVERED,
            OrderStatus.DELIVERED,
            OrderStatus.COMPLETED,
        ):
            day = min(max(order.planned_delivery, order.signed_on), today)
            delivery = Delivery(
                order_id=order.pk,
                date=day,
                recorded_by_id=order.salesperson_id,
                created_at=at(day, 14),
            )
            part = order.status == OrderStatus.PARTLY_DELIVERED
            quantities = [
                (
                    line["product_id"],
                    (line["quantity"] / 2).quantize(Decimal("0.001")) if part else line["quantity"],
                )
                for line in (lines[:1] if part else lines)
            ]
            deliveries.append(delivery)
            shipped.append(quantities)
    ctx.bulk(Installment, installments)
    with explicit_times(Collection, Delivery):
        ctx.bulk(Collection, collections)
        deliveries = ctx.bulk(Delivery, deliveries)
    ctx.bulk(
        DeliveryLine,
        (
            DeliveryLine(delivery_id=delivery.pk, product_id=product, quantity=quantity)
            for delivery, quantities in zip(deliveries, shipped, strict=True)
            for product, quantity in quantities
        ),
    )
    return len(made)


def _collected(
    ctx: Context,
    order: Order,
    rows: list[tuple[str, Decimal, date]],
    collections: list[Collection],
    finance: Any,
) -> Decimal:
    """Finance's collections on a signed order, never more than its total: a completed order
    paid in full; otherwise what fell due mostly paid a few days after, some late or half paid
    (overdue), nothing due yet unpaid. A delivered order left fully paid would be completed, so
    its last installment stays open."""
    rng = ctx.rng
    today = ctx.today
    complete = order.status == OrderStatus.COMPLETED
    paid = ZERO
    for number, (_label, amount, due) in enumerate(rows, start=1):
        day = due + timedelta(days=rng.randint(0, 15))
        if complete:
            day = min(day, today)
            part = amount
        else:
            if day > today:
                continue
            r = rng.random()
            if r < 0.12:
                continue
            part = amount if r < 0.9 else money(amount / 2)
            if order.status == OrderStatus.DELIVERED and paid + part >= order.total:
                part = money(amount / 2)  # a delivered order fully paid would be completed
                if paid + part >= order.total:
                    continue
        day = max(day, order.signed_on or day)
        if part <= 0:
            continue
        collections.append(
            Collection(
                order_id=order.pk,
                date=day,
                amount=part,
                method=ctx.pick(METHODS),
                reference=f"HK{order.year}{order.seq:05d}-{number}",
                recorded_by=finance,
                created_at=at(day, 15),
            )
        )
        paid += part
    return paid
