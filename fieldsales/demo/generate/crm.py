"""The generator's crm part: customers, contacts, the pipeline, visits with their signed
feedback, service requests and surveys (see fieldsales/demo/generate/__init__.py).

Everything is planned in Python first (whose, when, in which state) and written after, so
that the columns pages read agree with the rows behind them:
- a customer's `last_activity_at` is its latest follow-up (a visit, a stage move, a service
  step); an active customer with an owner has one within the pool's 60 days (otherwise a
  call, `pool_sweep` would pool it at once), a pool customer has none since it was swept;
- a pool customer has no owner, a `pooled_at`, and the transfer rows that put it there
  (created by its former owner, then swept or released); every customer has its `create` row;
- the primary contact is mirrored in `contact_name` / `contact_phone`;
- only end customers and distributors reach 签订合同 and beyond (a prospect with a contract
  would have become an end customer); won and lost opportunities have `closed_at`, every
  opportunity its stage history from 查找潜在客户 with the times of each move;
- visits: done ones checked in at the customer (the distance kept, flagged beyond the CRM's
  alert distance), checked out and recorded the same day or late, numbered in order per
  salesperson and day; a few stuck at checked-in, some cancelled with a reason, and the next
  two weeks planned. Some are signed by the customer (客户拜访反馈表, its keyed seal computed
  as `visits.feedback` computes it), a few corrected after signing (version 2 awaiting the
  customer's signature); a signature with a score is that visit's survey;
- a closed service request has its steps (open, handling, resolve, confirm) and often the
  customer's survey; open ones are recent, with deadlines around today;
- quarterly surveys, one per customer and quarter, make up the rest of the surveys.
Rows go in through `_Table` (COPY on PostgreSQL, executemany on SQLite, ids given here), not
bulk_create: see its docstring. The automatic times (`created_at`, `at`, `updated_at`, ...)
are written as planned. Totals, the demo's rows included, are `ctx.count(...)` of each kind.

What it leaves in the context for the later parts:
- `ctx.customers`: (customer id, owner id) of every active customer with an owner, the
  demo's included (their owners are among ctx.salespeople);
- `ctx.extra["pool_customers"]`: ids of the customers in the pool;
- `ctx.extra["customer_cities"]`: {customer id: (province, city)} names, for every customer;
- `ctx.extra["primary_contacts"]`: {customer id: (contact id, name, phone)} of generated ones;
- `ctx.extra["opportunities"]`: [(id, customer id, owner id, stage, amount)] generated;
- `ctx.extra["visits"]`: [(id, customer id, salesperson id, date)] of the generated visits
  made (checked in or out), in date order.
"""

from __future__ import annotations

import io
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Max

from fieldsales.core.regions import Division, cities, provinces
from fieldsales.crm.customers.selectors import crm_settings
from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTransfer,
    Grade,
    Intent,
    Opportunity,
    SatisfactionSurvey,
    ServiceKind,
    ServiceRequest,
    ServiceStatus,
    ServiceStep,
    Source,
    Stage,
    StageChange,
    SurveyKind,
    TransferKind,
    Visit,
    VisitSignature,
    VisitStatus,
)
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.crm.visits.feedback import RECORD_FIELDS, visit_feedback_hash
from fieldsales.crm.visits.geo import haversine_m
from fieldsales.demo.generate import YEARS, Context
from fieldsales.demo.generate.org import person_name

# Where the customers are: the company sits in Zhejiang, its market is the east coast.
PROVINCE_WEIGHTS = {"33": 40, "32": 12, "31": 8, "34": 6, "44": 6, "35": 5, "36": 4, "37": 4}
OTHER_PROVINCES = 15  # shared by the other mainland provinces
CENTRES = {
    "11": (39.90, 116.40), "12": (39.13, 117.20), "13": (38.04, 114.51), "14": (37.87, 112.55),
    "15": (40.84, 111.75), "21": (41.80, 123.43), "22": (43.82, 125.32), "23": (45.80, 126.53),
    "31": (31.23, 121.47), "32": (32.06, 118.80), "33": (30.27, 120.16), "34": (31.82, 117.23),
    "35": (26.07, 119.30), "36": (28.68, 115.86), "37": (36.65, 117.12), "41": (34.75, 113.63),
    "42": (30.59, 114.31), "43": (28.23, 112.94), "44": (23.13, 113.26), "45": (22.82, 108.37),
    "46": (20.04, 110.32), "50": (29.56, 106.55), "51": (30.57, 104.07), "52": (26.65, 106.63),
    "53": (25.04, 102.71), "54": (29.65, 91.17), "61": (34.34, 108.94), "62": (36.06, 103.83),
    "63": (36.62, 101.78), "64": (38.49, 106.23), "65": (43.83, 87.62),
}  # fmt: skip
ZHEJIANG_CITIES = {
    "3301": (30.27, 120.16), "3302": (29.87, 121.54), "3303": (28.00, 120.70),
    "3304": (30.75, 120.76), "3305": (30.89, 120.09), "3306": (30.00, 120.58),
    "3307": (29.08, 119.65), "3308": (28.94, 118.87), "3309": (29.99, 122.21),
    "3310": (28.66, 121.42), "3311": (28.47, 119.92),
}  # fmt: skip
MUNICIPALITIES = ("11", "12", "31", "50")


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
# industry: (name words, products it needs)
INDUSTRIES = (
    ("光伏电站", "新能源科技", "单晶光伏组件"),
    ("光伏组件", "光电", "光伏组件、逆变器"),
    ("工程", "能源工程", "工商业屋顶电站"),
    ("贸易", "光伏贸易", "光伏组件"),
    ("农业", "农业开发", "农光互补支架系统"),
    ("五金制造", "五金", "厂房屋顶光伏"),
    ("纺织", "纺织", "厂房屋顶光伏"),
    ("化工", "化工", "工商业储能系统"),
    ("食品加工", "食品", "厂房屋顶光伏"),
    ("物流仓储", "物流", "仓库屋顶光伏、充电桩"),
    ("汽车配件", "汽配", "厂房屋顶光伏"),
    ("电子", "电子科技", "储能系统"),
    ("家具", "家具", "厂房屋顶光伏"),
    ("建材", "建材", "光伏建筑一体化"),
    ("酒店", "酒店管理", "户用光伏系统"),
    ("房地产", "置业", "光伏车棚、充电桩"),
    ("电力", "电力设备", "逆变器、汇流箱"),
    ("印染", "印染", "厂房屋顶光伏"),
)
SUFFIXES = ("有限公司",) * 7 + ("股份有限公司", "有限责任公司")
WORKS = ("五金", "纺织", "食品", "汽配", "家具", "建材", "印染")  # may be called a 厂
ROADS = _pairs("人民解放建设中山新华文化工业科技振兴发展创业迎宾环城滨江城北江东开元金桥")
STREETS = ("城东", "城西", "城南", "城北", "江南", "开发区", "高新区", "经济区")
TITLES = ("总经理", "采购经理", "采购", "厂长", "项目经理", "技术负责人", "财务经理", "行政主管")
ROLES = ("决策人", "采购", "技术", "财务", "")
SOURCES = (Source.REFERRAL, Source.EXHIBITION, Source.INTERNET, Source.COLD_VISIT, Source.BID)
SOURCES += (Source.MARKET_RESEARCH, Source.OTHER)
PURPOSES = (
    "例行回访，了解使用情况",
    "介绍新款组件，了解屋顶面积和用电量",
    "商谈年度采购计划",
    "送样品并讲解技术参数",
    "洽谈报价与付款方式",
    "催收货款，核对对账单",
    "处理安装问题，听取意见",
    "初次拜访，建立联系",
    "陪同技术人员现场勘察",
    "签订合同，确认交货计划",
)
MATERIALS = ("产品手册", "产品手册、样品", "报价单", "合同", "对账单", "技术方案", "")
CONTENTS = (
    "了解{p}的需求，客户对发电效率较关注。",
    "回访{p}运行情况，客户反映发电正常。",
    "介绍{p}方案，客户有兴趣，要求出具报价。",
    "现场勘察屋顶，测量可装面积，讨论{p}布置。",
    "商谈{p}价格与付款方式，客户希望分期付款。",
    "核对上季度货款，客户承诺月底前付清。",
)
NEEDS = ("年内新增约 1MW 装机", "希望降低用电成本", "需要储能配套", "要求提供融资方案", "")
AGREEMENTS = ("下周提交报价", "安排技术人员勘察", "先小批量试用", "按合同交货", "")
OBJECTIONS = ("价格偏高", "担心屋顶承重", "付款周期长", "已有供应商", "")
NEXT_STEPS = ("电话跟进报价反馈", "再次上门洽谈", "寄送样品", "下季度回访", "陪同客户参观电站")
CANCEL_REASONS = ("客户临时有事", "客户要求改期", "天气原因", "公司临时安排会议")
COMMENTS = ("服务很好", "希望加快交货", "技术讲解清楚", "价格能再优惠些", "", "", "")
LOST_REASONS = ("价格没有竞争力", "客户选择了其他供应商", "项目取消", "预算不足", "资金未落实")
WON_REASONS = ("价格与服务优势", "老客户推荐", "技术方案获认可", "交货期满足要求")
PRODUCTS = ("屋顶光伏", "光伏组件", "储能系统", "农光互补", "光伏车棚", "逆变器")
SERVICE_TITLES = {
    ServiceKind.SERVICE: (
        "逆变器报警",
        "组件清洗维护",
        "监控数据中断",
        "支架松动检查",
        "发电量偏低",
    ),
    ServiceKind.COMPLAINT: ("组件边框划伤", "交货延迟", "安装人员态度差", "发票开具错误"),
}
SERVICE_STEPS = ("电话联系客户了解情况", "安排技术人员上门检查", "更换故障部件", "远程排查")
RESOLUTIONS = ("已更换故障部件，运行正常", "已上门处理，客户认可", "已补发货物并致歉")
CONFIRM_NOTES = ("处理及时", "满意", "希望以后提前通知", "")

# Shares (the rest of each list is the last entry).
POOL_SHARE, INACTIVE_SHARE = 0.08, 0.02
KINDS = ((CustomerKind.PROSPECT, 0.35), (CustomerKind.END_CUSTOMER, 0.45))
GRADES = ((Grade.A, 0.15), (Grade.B, 0.35))
VISIT_WEIGHT = {Grade.A: 4.0, Grade.B: 2.0, Grade.C: 1.0}
PLANNED_SHARE = 0.01  # of the visits: the next two weeks' plan
CANCELLED_SHARE, STUCK_SHARE, LATE_SHARE, FLAGGED_SHARE = 0.045, 0.005, 0.08, 0.05
VISIT_SURVEY_SHARE = 0.55  # of the surveys: scored feedback; service ones, quarterly the rest
SCORED_SHARE = 0.85  # of the signatures: with a satisfaction score
REVISED_SHARE = 0.03  # of the signatures: corrected after, awaiting the customer again
STAGES = (
    (Stage.LEAD_FOUND, 0.12),
    (Stage.CONTACTED, 0.10),
    (Stage.NEEDS_UNDERSTOOD, 0.10),
    (Stage.CONTRACT_SIGNED, 0.06),
    (Stage.IN_EXECUTION, 0.07),
    (Stage.WON, 0.30),
    (Stage.LOST, 0.25),
)
PATH = (
    Stage.LEAD_FOUND,
    Stage.CONTACTED,
    Stage.NEEDS_UNDERSTOOD,
    Stage.CONTRACT_SIGNED,
    Stage.IN_EXECUTION,
    Stage.WON,
)
SIGNED_STAGES = (Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION, Stage.WON)
SERVICE_STATES = (
    (ServiceStatus.CLOSED, 0.62),
    (ServiceStatus.RESOLVED, 0.06),
    (ServiceStatus.IN_PROGRESS, 0.12),
    (ServiceStatus.OPEN, 0.08),
    (ServiceStatus.CANCELLED, 0.12),
)
SERVICE_SURVEY_SHARE = 0.7  # of the closed requests
SCORES = (4, 3, 2, 1)
SCORE_WEIGHTS = (45, 40, 12, 3)
CHUNK = 10_000  # visits planned into rows at a time


@dataclass(slots=True)
class _Customer:
    code: str
    name: str
    kind: str
    grade: str
    status: str
    owner: Any  # User or None (pool)
    worker: Any  # who followed it up: the owner, or the former owner of a pool customer
    province: Division
    city: Division
    lat: Decimal | None
    lng: Decimal | None
    created: datetime
    first_day: date  # follow-ups from this day ...
    last_day: date  # ... to this one
    pooled: datetime | None = None
    released: bool = False
    activity: datetime | None = None
    contact: tuple[str, str, str] = ("", "", "")
    industry: tuple[str, str, str] = INDUSTRIES[0]  # (industry, name word, products)
    id: int = 0  # once written
    contacts: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, title)
    opportunities: list[tuple[int, date]] = field(default_factory=list)  # (id, opened on)

    def followed(self, moment: datetime) -> None:
        if self.activity is None or moment > self.activity:
            self.activity = moment


def _shares(rng: random.Random, shares: tuple[tuple[Any, float], ...], rest: Any) -> Any:
    r = rng.random()
    for value, share in shares:
        if r < share:
            return value
        r -= share
    return rest


def _exact(rng: random.Random, n: int, shares: tuple[tuple[Any, float], ...]) -> list[Any]:
    """`n` values in the given shares (rounded, the last takes the rest), shuffled."""
    values: list[Any] = []
    for value, share in shares[:-1]:
        values += [value] * round(n * share)
    values = values[:n]
    values += [shares[-1][0]] * (n - len(values))
    rng.shuffle(values)
    return values


class _Clock:
    """Business days and moments in the company's time zone."""

    def __init__(self, today: date) -> None:
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.today = today
        self.start = today - timedelta(days=365 * YEARS)
        self.now = datetime.combine(today, time(0, 0), self.zone)  # generated rows are older

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), self.zone)

    def moment(self, rng: random.Random, day: date) -> datetime:
        """A moment of the working day `day` (08:30-18:00), whole minutes."""
        return self.at(day, 8, 30) + timedelta(minutes=rng.randint(0, 570))

    def day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def _regions() -> tuple[list[tuple[Division, list[Division]]], list[float]]:
    """Provinces with the cities customers sit in, and their weights."""
    mainland = [p for p in provinces() if p.code[:2] in CENTRES]
    others = [p for p in mainland if p.code[:2] not in PROVINCE_WEIGHTS]
    rows, weights = [], []
    for province in mainland:
        prefix = province.code[:2]
        if prefix in MUNICIPALITIES:
            places = [province]
        else:
            places = [c for c in cities(province.code) if c.code.endswith("00")]
            if prefix == "33":  # the home province: its county-level cities too (义乌, 东阳)
                places += [c for c in cities(province.code) if c.name.endswith("市")][:40]
        rows.append((province, places or [province]))
        weights.append(PROVINCE_WEIGHTS.get(prefix, OTHER_PROVINCES / len(others)))
    return rows, weights


def _point(rng: random.Random, city: Division) -> tuple[Decimal, Decimal]:
    centre = ZHEJIANG_CITIES.get(city.code[:4])
    spread = 0.15
    if centre is None:
        centre = CENTRES[city.code[:2]]
        spread = 0.15 if city.code[:2] in MUNICIPALITIES else 0.9
    lat = centre[0] + rng.uniform(-spread, spread)
    lng = centre[1] + rng.uniform(-spread, spread)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _near(rng: random.Random, lat: Decimal, lng: Decimal, metres: float) -> tuple[Decimal, Decimal]:
    angle = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(angle) / 111_000
    dlng = metres * math.sin(angle) / (111_000 * math.cos(math.radians(float(lat))))
    return Decimal(f"{float(lat) + dlat:.6f}"), Decimal(f"{float(lng) + dlng:.6f}")


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """A round amount (thousands of yuan) between low and high, skewed to the low end."""
    value = low * (high / low) ** rng.random()
    return Decimal(round(value, -3)).quantize(Decimal("0.01"))


def _short(city: Division) -> str:
    return city.short


def _signature_pngs(seed: int) -> list[bytes]:
    """A few hand-drawn-looking signatures (small PNGs), the same for the same seed."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    pngs = []
    for _ in range(8):
        image = Image.new("LA", (180, 60), (0, 0))
        draw = ImageDraw.Draw(image)
        x, y = 10, 30
        points = [(x, y)]
        while x < 165:
            x += rng.randint(4, 14)
            y = max(8, min(52, y + rng.randint(-14, 14)))
            points.append((x, y))
        draw.line(points, fill=(20, 255), width=2)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        pngs.append(buffer.getvalue())
    return pngs


class _Crm:
    """One run of the crm part: plan, then write."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.clock = _Clock(ctx.today)
        self.settings = crm_settings()
        self.customers: list[_Customer] = []
        self.opportunities: list[dict[str, Any]] = []
        self.visits: list[dict[str, Any]] = []
        self.services: list[dict[str, Any]] = []

    # --- who -----------------------------------------------------------------------------

    def _owners(self) -> tuple[list[Any], list[float]]:
        """Salespeople, some with more customers than others; the demo's two a fair share."""
        people = self.ctx.salespeople
        weights = [1.2 if i < 2 else self.rng.uniform(0.6, 1.4) for i in range(len(people))]
        return people, weights

    # --- plan ----------------------------------------------------------------------------

    def plan_customers(self, n: int) -> None:
        rng, clock = self.rng, self.clock
        regions, region_weights = _regions()
        people, weights = self._owners()
        owner_cum = _cumulative(weights)
        region_cum = _cumulative(region_weights)
        names: set[str] = set(Customer.objects.values_list("name", flat=True))
        span = (clock.today - timedelta(days=7) - clock.start).days
        for i in range(n):
            province, places = regions[_index(rng, region_cum)]
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
            kind = _shares(rng, KINDS, CustomerKind.DISTRIBUTOR)
            grade = _shares(rng, GRADES, Grade.C)
            if kind == CustomerKind.PROSPECT and grade == Grade.A:
                grade = Grade.B
            owner = people[_index(rng, owner_cum)]
            first_day = max(created_day + timedelta(days=1), clock.start)
            customer = _Customer(
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
                contact=(person_name(self.ctx), rng.choice(TITLES), _phone(rng)),
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
            self.customers.append(customer)

    def plan_opportunities(self, n: int) -> None:
        rng, clock = self.rng, self.clock
        active = [c for c in self.customers if c.status == CustomerStatus.ACTIVE]
        buyers = [c for c in active if c.kind != CustomerKind.PROSPECT]
        if not active:
            return
        for stage in _exact(rng, n, STAGES):
            pool = buyers if stage in SIGNED_STAGES and buyers else active
            customer = pool[rng.randrange(len(pool))]
            if stage == Stage.LOST:
                path = [*PATH[: rng.randint(1, 5)], Stage.LOST]
            else:
                path = list(PATH[: PATH.index(stage) + 1])
            if customer.kind == CustomerKind.PROSPECT and Stage.CONTRACT_SIGNED in path:
                path = [*PATH[:3], Stage.LOST]  # a prospect never reaches a contract here
            gaps = [timedelta(days=rng.randint(2, 40), minutes=rng.randint(0, 480)) for _ in path]
            gaps[0] = timedelta(0)
            total = sum(gaps, timedelta(0))
            open_ = path[-1] not in (Stage.WON, Stage.LOST)
            earliest = max(customer.created + timedelta(days=1), clock.at(clock.start, 9))
            if open_:
                earliest = max(earliest, clock.now - timedelta(days=540))
            latest = clock.now - timedelta(hours=1) - total
            if latest <= earliest:
                created = earliest
                scale = (
                    max(0.0, (clock.now - timedelta(hours=1) - earliest) / total) if total else 0
                )
                gaps = [g * min(1.0, scale) for g in gaps]
            else:
                created = earliest + (latest - earliest) * rng.random()
            created = created.replace(second=0, microsecond=0)
            moments, moment = [], created
            for gap in gaps:
                moment = (moment + gap).replace(microsecond=0)
                moments.append(moment)
            amount = _money(rng, 30_000, 5_000_000)
            product = (
                customer.industry[2].split("、")[0] if rng.random() < 0.7 else rng.choice(PRODUCTS)
            )
            last = moments[-1]
            customer.followed(last)
            self.opportunities.append(
                {
                    "customer": customer,
                    "title": f"{customer.name[:12]} {product}项目",
                    "stage": path[-1],
                    "path": path,
                    "moments": moments,
                    "amount": amount,
                    "products": product,
                    "open": open_,
                    "next_follow_up": clock.today + timedelta(days=rng.randint(-10, 25))
                    if open_
                    else None,
                    "expected_close": clock.today + timedelta(days=rng.randint(15, 150))
                    if open_
                    else clock.day(last),
                    "lost_reason": rng.choice(LOST_REASONS) if path[-1] == Stage.LOST else "",
                    "won_reason": rng.choice(WON_REASONS) if path[-1] == Stage.WON else "",
                }
            )

    def plan_visits(self, n: int) -> None:
        rng, clock = self.rng, self.clock
        planned = round(n * PLANNED_SHARE)
        done = n - planned
        weights = []
        for c in self.customers:
            days = max(0, (c.last_day - c.first_day).days + 1)
            weight = VISIT_WEIGHT[c.grade] * (0.7 if c.kind == CustomerKind.PROSPECT else 1.0)
            weights.append(weight * days)
        active = [c for c in self.customers if c.status == CustomerStatus.ACTIVE]
        active_weights = [VISIT_WEIGHT[c.grade] for c in active]
        if sum(weights) <= 0:
            planned, done = n, 0
        visits: list[dict[str, Any]] = []
        if done:
            cum = _cumulative(weights)
            for _ in range(done):
                customer = self.customers[_index(rng, cum)]
                window = (customer.last_day - customer.first_day).days
                day = customer.first_day + timedelta(days=rng.randint(0, window))
                if day.weekday() >= 5 and rng.random() < 0.85:
                    friday = day - timedelta(days=day.weekday() - 4)
                    day = friday if friday >= customer.first_day else day
                r = rng.random()
                status = (
                    VisitStatus.CANCELLED
                    if r < CANCELLED_SHARE
                    else VisitStatus.CHECKED_IN
                    if r < CANCELLED_SHARE + STUCK_SHARE and day >= clock.today - timedelta(60)
                    else VisitStatus.CHECKED_OUT
                )
                visits.append({"customer": customer, "day": day, "status": status})
        if active:
            cum = _cumulative(active_weights)
            for _ in range(planned):
                customer = active[_index(rng, cum)]
                day = clock.today + timedelta(days=rng.randint(0, 13))
                if day.weekday() >= 5:  # the plan is for working days
                    day += timedelta(days=7 - day.weekday())
                visits.append({"customer": customer, "day": day, "status": VisitStatus.PLANNED})
        # Numbered in order per salesperson and day (after the demo's own visits of the day),
        # then checked in in that order.
        taken = {
            (person, day): seq
            for person, day, seq in Visit.objects.values("salesperson", "date")
            .annotate(seq=Max("seq"))
            .values_list("salesperson", "date", "seq")
        }
        by_day: dict[tuple[int, date], list[dict[str, Any]]] = defaultdict(list)
        for visit in visits:
            by_day[(visit["customer"].worker.pk, visit["day"])].append(visit)
        for (person, day), rows in by_day.items():
            before = taken.get((person, day), 0)
            gap = min(95, 600 // (len(rows) + before))
            for seq, visit in enumerate(rows, start=before + 1):
                visit["seq"] = min(seq, 99)
                visit["start"] = clock.at(day, 9) + timedelta(
                    minutes=(seq - 1) * gap + rng.randint(0, max(1, gap // 3))
                )
        visits.sort(key=lambda v: (v["day"], v["seq"]))
        self.visits = visits
        for visit in visits:
            self._plan_visit(visit)

    def _plan_visit(self, visit: dict[str, Any]) -> None:
        rng, clock, customer = self.rng, self.clock, visit["customer"]
        status, day, start = visit["status"], visit["day"], visit["start"]
        if status == VisitStatus.PLANNED:
            visit["created"] = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, 7)))
            visit["confirmed"] = rng.random() < 0.6
            return
        visit["created"] = clock.moment(rng, day - timedelta(days=rng.randint(1, 10)))
        if status == VisitStatus.CANCELLED:
            visit["updated"] = clock.moment(rng, day - timedelta(days=rng.randint(0, 1)))
            return
        if customer.lat is None:
            customer.lat, customer.lng = _point(rng, customer.city)
        far = rng.random() < FLAGGED_SHARE
        visit["in_point"] = _near(
            rng, customer.lat, customer.lng, rng.uniform(600, 5000) if far else rng.uniform(5, 350)
        )
        visit["out_point"] = _near(rng, customer.lat, customer.lng, rng.uniform(5, 350))
        visit["checked_out"] = start + timedelta(minutes=rng.randint(25, 90))
        late = rng.random() < LATE_SHARE
        if status == VisitStatus.CHECKED_IN and rng.random() < 0.5:
            visit["recorded"] = None
        elif late:
            visit["recorded"] = clock.at(day + timedelta(days=1), 9) + timedelta(
                minutes=rng.randint(0, 90)
            )
        else:
            visit["recorded"] = visit["checked_out"] + timedelta(minutes=rng.randint(5, 60))
        end = visit["recorded"] or start
        if status == VisitStatus.CHECKED_OUT:
            end = max(end, visit["checked_out"])
        visit["updated"] = end
        customer.followed(min(end, clock.now - timedelta(minutes=1)))

    def plan_services(self, n: int) -> int:
        """The service requests; returns how many closed ones get the customer's survey."""
        rng, clock = self.rng, self.clock
        buyers = [
            c
            for c in self.customers
            if c.status == CustomerStatus.ACTIVE and c.kind != CustomerKind.PROSPECT
        ] or [c for c in self.customers if c.status == CustomerStatus.ACTIVE]
        if not buyers:
            return 0
        deadline_days = self.settings.service_deadline_days
        statuses = _exact(rng, n, SERVICE_STATES)
        closed = [i for i, s in enumerate(statuses) if s == ServiceStatus.CLOSED]
        surveyed = set(rng.sample(closed, round(len(closed) * SERVICE_SURVEY_SHARE)))
        for i, status in enumerate(statuses):
            customer = buyers[rng.randrange(len(buyers))]
            kind = ServiceKind.COMPLAINT if rng.random() < 0.3 else ServiceKind.SERVICE
            recent = status in (
                ServiceStatus.OPEN,
                ServiceStatus.IN_PROGRESS,
                ServiceStatus.RESOLVED,
            )
            earliest = max(customer.created + timedelta(days=1), clock.at(clock.start, 9))
            if recent:
                opened = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, 20)))
            else:
                latest = clock.now - timedelta(days=12)
                opened = (
                    earliest + (latest - earliest) * rng.random() if latest > earliest else earliest
                )
            opened = max(opened.replace(second=0, microsecond=0), earliest)
            steps = [("open", opened)]
            moment = opened
            if status != ServiceStatus.OPEN:
                if status == ServiceStatus.CANCELLED:
                    moment += timedelta(hours=rng.randint(1, 30))
                    steps.append(("cancel", moment))
                else:
                    for _ in range(rng.randint(1, 2)):
                        moment += timedelta(hours=rng.randint(2, 40))
                        steps.append(("step", moment))
                    if status in (ServiceStatus.RESOLVED, ServiceStatus.CLOSED):
                        moment += timedelta(hours=rng.randint(2, 48))
                        steps.append(("resolve", moment))
                    if status == ServiceStatus.CLOSED:
                        moment += timedelta(hours=rng.randint(1, 48))
                        steps.append(("confirm", moment))
            # Nothing after the present: squeeze the steps of a recent request into its past.
            limit = clock.now - timedelta(minutes=5)
            if moment > limit:
                span = (limit - opened) / max(1, len(steps))
                steps = [(action, opened + span * k) for k, (action, _at) in enumerate(steps)]
                moment = steps[-1][1]
            customer.followed(moment)
            self.services.append(
                {
                    "customer": customer,
                    "kind": kind,
                    "status": status,
                    "steps": [(a, m.replace(microsecond=0)) for a, m in steps],
                    "deadline": clock.day(opened) + timedelta(days=deadline_days),
                    "title": rng.choice(SERVICE_TITLES[kind]),
                    "surveyed": i in surveyed,
                }
            )
        return len(surveyed)

    def settle_activity(self) -> None:
        """An active customer was followed up within the pool's days (a call if nothing else);
        where a customer was seen, it has a location."""
        rng, clock = self.rng, self.clock
        days = self.settings.pool_after_days
        for c in self.customers:
            if c.status == CustomerStatus.ACTIVE:
                recent = clock.moment(rng, clock.today - timedelta(days=rng.randint(1, days - 2)))
                if c.activity is None or c.activity < recent:
                    c.activity = recent
            elif c.status == CustomerStatus.POOL:
                c.activity = c.activity or c.created
            if c.lat is None and rng.random() < 0.7:
                c.lat, c.lng = _point(rng, c.city)

    # --- write ---------------------------------------------------------------------------

    def write_customers(self) -> None:
        rng, table = self.rng, _Table(Customer)
        first = table.next_id()
        for k, c in enumerate(self.customers):
            c.id = first + k
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

        def rows() -> Iterator[dict[str, Any]]:
            for c in self.customers:
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
                    "credit_limit": _money(rng, 50_000, 1_000_000)
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
            for c in self.customers:
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
                        else f"{self.settings.pool_after_days} 天无跟进",
                        "at": c.pooled,
                    }

        _Table(CustomerTransfer).insert(transfers(), with_ids=False)

    def write_contacts(self, n: int) -> None:
        rng, table = self.rng, _Table(Contact)
        if not self.customers:
            return
        extra: dict[int, int] = defaultdict(int)
        for _ in range(max(0, n - len(self.customers))):
            extra[rng.randrange(len(self.customers))] += 1
        next_id = table.next_id()
        rows = []
        for i, c in enumerate(self.customers[:n]):
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
                name, title = person_name(self.ctx), rng.choice(TITLES)
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
                            c.created + timedelta(days=rng.randint(1, 300)), self.clock.now
                        ),
                    }
                )
                next_id += 1
        table.insert(rows)
        self.ctx.extra["primary_contacts"] = {
            c.id: (c.contacts[0][0], c.contacts[0][1], c.contact[2])
            for c in self.customers
            if c.contacts
        }

    def write_opportunities(self) -> None:
        table = _Table(Opportunity)
        first = table.next_id()
        rows = []
        for k, o in enumerate(self.opportunities):
            c = o["customer"]
            o["id"] = first + k
            c.opportunities.append((o["id"], self.clock.day(o["moments"][0])))
            rows.append(
                {
                    "id": o["id"],
                    "customer_id": c.id,
                    "owner_id": c.owner.pk,
                    "title": o["title"],
                    "stage": o["stage"],
                    "amount": o["amount"],
                    "expected_close": o["expected_close"],
                    "next_follow_up": o["next_follow_up"],
                    "products": o["products"],
                    "lost_reason": o["lost_reason"],
                    "won_reason": o["won_reason"],
                    "stage_changed_at": o["moments"][-1],
                    "closed_at": None if o["open"] else o["moments"][-1],
                    "created_at": o["moments"][0],
                }
            )
        table.insert(rows)

        def changes() -> Iterator[dict[str, Any]]:
            for o in self.opportunities:
                owner = o["customer"].owner.pk
                previous = ""
                for stage, moment in zip(o["path"], o["moments"], strict=True):
                    note = "新建商机" if not previous else ""
                    if stage == Stage.LOST:
                        note = o["lost_reason"]
                    elif stage == Stage.WON:
                        note = o["won_reason"]
                    yield {
                        "opportunity_id": o["id"],
                        "from_stage": previous,
                        "to_stage": stage,
                        "by_id": owner,
                        "note": note,
                        "at": moment,
                    }
                    previous = stage

        _Table(StageChange).insert(changes(), with_ids=False)
        self.ctx.extra["opportunities"] = [
            (o["id"], o["customer"].id, o["customer"].owner.pk, o["stage"], o["amount"])
            for o in self.opportunities
        ]

    def write_visits(self, signatures: int, scored: int) -> None:
        """The visits, their signed feedback and the visit surveys."""
        rng, ctx = self.rng, self.ctx
        visits = _Table(Visit)
        first = visits.next_id()
        signable = [
            i
            for i, v in enumerate(self.visits)
            if v["status"] == VisitStatus.CHECKED_OUT and v.get("recorded")
        ]
        chosen = rng.sample(signable, min(signatures, len(signable)))
        signed = {i: k < scored for k, i in enumerate(chosen)}
        revised = set(rng.sample(chosen, round(len(chosen) * REVISED_SHARE)))
        rows = [self._visit_row(first + k, v, k in revised) for k, v in enumerate(self.visits)]
        visits.insert(rows)
        pngs = _signature_pngs(ctx.seed)
        sigs, surveys = [], []
        for index in sorted(signed):
            row, plan = rows[index], self.visits[index]
            sig = self._signature(row, plan, pngs, score=signed[index])
            sigs.append(sig)
            if sig["satisfaction"] is not None:
                surveys.append(
                    {
                        "customer_id": row["customer_id"],
                        "kind": SurveyKind.VISIT,
                        "visit_id": row["id"],
                        "quarter": quarter_of(row["date"]),
                        "score": sig["satisfaction"],
                        "comments": sig["comments"],
                        "respondent": sig["signer_name"],
                        "salesperson_id": row["salesperson_id"],
                        "recorded_by_id": row["salesperson_id"],
                        "recorded_at": sig["signed_at"],
                    }
                )
        _Table(VisitSignature).insert(sigs, with_ids=False)
        _Table(SatisfactionSurvey).insert(surveys, with_ids=False)
        ctx.extra["visits"] = [
            (row["id"], row["customer_id"], row["salesperson_id"], row["date"])
            for row in rows
            if row.get("check_in_at") is not None
        ]

    def _visit_row(self, pk: int, v: dict[str, Any], revised: bool) -> dict[str, Any]:
        rng, c = self.rng, v["customer"]
        status, day = v["status"], v["day"]
        contact = None
        if c.contacts and rng.random() < 0.8:
            contact = c.contacts[0] if rng.random() < 0.7 else rng.choice(c.contacts)
        v["contact"] = contact
        started = [pk_ for pk_, opened in c.opportunities if opened <= day]
        confirmed = status != VisitStatus.PLANNED or v["confirmed"]
        row: dict[str, Any] = {
            "id": pk,
            "customer_id": c.id,
            "salesperson_id": c.worker.pk,
            "status": status,
            "date": day,
            "seq": v["seq"],
            "purpose": rng.choice(PURPOSES),
            "materials": rng.choice(MATERIALS),
            "contact_id": contact[0] if contact else None,
            "opportunity_id": rng.choice(started) if started and rng.random() < 0.4 else None,
            "appointment_confirmed": confirmed,
            "appointment_confirmed_at": min(
                v["created"] + timedelta(hours=rng.randint(1, 20)), v.get("start", self.clock.now)
            )
            if confirmed
            else None,
            "created_at": v["created"],
            "updated_at": v.get("updated", v["created"]),
        }
        if status == VisitStatus.CANCELLED:
            row["cancel_reason"] = rng.choice(CANCEL_REASONS)
        if status not in (VisitStatus.CHECKED_IN, VisitStatus.CHECKED_OUT):
            return row
        alert = self.settings.checkin_distance_alert_m
        lat, lng = v["in_point"]
        distance = haversine_m(c.lat, c.lng, lat, lng)
        row |= {
            "check_in_at": v["start"],
            "check_in_lat": lat,
            "check_in_lng": lng,
            "check_in_accuracy_m": rng.randint(5, 80),
            "check_in_distance_m": distance,
            "check_in_flagged": distance > alert,
        }
        if status == VisitStatus.CHECKED_OUT:
            lat, lng = v["out_point"]
            distance = haversine_m(c.lat, c.lng, lat, lng)
            row |= {
                "check_out_at": v["checked_out"],
                "check_out_lat": lat,
                "check_out_lng": lng,
                "check_out_distance_m": distance,
                "check_out_flagged": distance > alert,
            }
        if v.get("recorded"):
            days = (
                rng.randint(14, 30)
                if c.kind == CustomerKind.PROSPECT
                else self.settings.revisit_days(c.grade)
            )
            row |= {
                "content": rng.choice(CONTENTS).format(p=c.industry[2]),
                "needs": rng.choice(NEEDS),
                "agreements": rng.choice(AGREEMENTS),
                "objections": rng.choice(OBJECTIONS),
                "next_step": rng.choice(NEXT_STEPS),
                "next_visit_date": day + timedelta(days=days),
                "recorded_at": v["recorded"],
                "recorded_late": self.clock.day(v["recorded"]) != day,
            }
        if revised:
            # Corrected after the customer signed: version 2 waits for their signature.
            v["signed_record"] = {key: row.get(key, "") for key in RECORD_FIELDS} | {
                "next_visit_date": row.get("next_visit_date")
            }
            row["record_version"] = 2
            row["content"] += "（补充：客户要求修改交货时间）"
        return row

    def _signature(
        self, row: dict[str, Any], plan: dict[str, Any], pngs: list[bytes], *, score: bool
    ) -> dict[str, Any]:
        """The customer's signed version 1 with its seal, as visits.feedback seals it."""
        rng, c = self.rng, plan["customer"]
        contact = plan["contact"] or (c.contacts[0] if c.contacts else None)
        record = plan.get("signed_record") or {key: row.get(key, "") for key in RECORD_FIELDS} | {
            "next_visit_date": row.get("next_visit_date")
        }
        signed_at = max(row["recorded_at"], row["check_in_at"]) + timedelta(
            minutes=rng.randint(1, 15)
        )
        sig = {
            "visit_id": row["id"],
            "version": 1,
            "signer_name": contact[1] if contact else c.contact[0],
            "signer_title": contact[2] if contact else "",
            "satisfaction": rng.choices(SCORES, SCORE_WEIGHTS)[0] if score else None,
            "comments": rng.choice(COMMENTS),
            "signature_png": pngs[rng.randrange(len(pngs))],
            "signed_at": signed_at.replace(microsecond=0),
            **record,
        }
        # The payload reads the signature's visit, its customer's code and its salesperson.
        visit = SimpleNamespace(
            pk=row["id"],
            customer=SimpleNamespace(code=c.code),
            salesperson=c.worker,
            date=row["date"],
            check_in_at=row["check_in_at"],
        )
        sig["seal_key"], sig["content_hash"] = visit_feedback_hash(
            SimpleNamespace(visit=visit, **sig)  # type: ignore[arg-type]
        )
        return sig

    def write_services(self) -> None:
        rng, table = self.rng, _Table(ServiceRequest)
        first = table.next_id()
        rows = []
        for k, s in enumerate(self.services):
            c, status = s["customer"], s["status"]
            steps = dict(s["steps"])
            s["id"] = first + k
            s["description"] = f"客户反映：{s['title']}，请尽快处理。"
            row = {
                "id": s["id"],
                "customer_id": c.id,
                "kind": s["kind"],
                "status": status,
                "title": s["title"],
                "description": s["description"],
                "contact_name": c.contact[0],
                "contact_phone": c.contact[2],
                "owner_id": c.owner.pk,
                "deadline": s["deadline"],
                "opened_by_id": c.owner.pk,
                "created_at": s["steps"][0][1],
                "updated_at": s["steps"][-1][1],
            }
            if "resolve" in steps:
                row["resolution"] = rng.choice(RESOLUTIONS)
                row["resolved_at"] = steps["resolve"]
            if "confirm" in steps:
                row["confirmed_by_name"] = c.contact[0]
                row["confirmed_at"] = steps["confirm"]
                row["confirmation_note"] = rng.choice(CONFIRM_NOTES)
            rows.append(row)
        table.insert(rows)

        def steps() -> Iterator[dict[str, Any]]:
            for s, row in zip(self.services, rows, strict=True):
                for action, moment in s["steps"]:
                    note = {
                        "open": s["description"],
                        "step": rng.choice(SERVICE_STEPS),
                        "resolve": row.get("resolution", ""),
                        "confirm": f"客户{row.get('confirmed_by_name', '')}确认关闭",
                        "cancel": "客户已自行解决，撤销",
                    }[action]
                    yield {
                        "request_id": row["id"],
                        "action": action,
                        "note": note,
                        "by_id": row["owner_id"],
                        "at": moment,
                    }

        _Table(ServiceStep).insert(steps(), with_ids=False)
        _Table(SatisfactionSurvey).insert(
            (
                {
                    "customer_id": row["customer_id"],
                    "kind": SurveyKind.SERVICE,
                    "service_request_id": row["id"],
                    "quarter": quarter_of(self.clock.day(row["confirmed_at"])),
                    "score": rng.choices(SCORES, SCORE_WEIGHTS)[0],
                    "comments": row["confirmation_note"],
                    "respondent": row["confirmed_by_name"],
                    "salesperson_id": row["owner_id"],
                    "recorded_by_id": row["owner_id"],
                    "recorded_at": row["confirmed_at"],
                }
                for s, row in zip(self.services, rows, strict=True)
                if s["surveyed"]
            ),
            with_ids=False,
        )

    def write_quarterly(self, n: int) -> None:
        """One survey per customer and quarter, over the customers' last twelve quarters."""
        rng, clock = self.rng, self.clock
        kept = [
            c
            for c in self.customers
            if c.status == CustomerStatus.ACTIVE and c.kind != CustomerKind.PROSPECT
        ]
        quarters = []
        day = clock.today
        for _ in range(12):
            quarters.append(quarter_of(day))
            day = date(day.year, ((day.month - 1) // 3) * 3 + 1, 1) - timedelta(days=1)
        taken: set[tuple[int, str]] = set()
        rows = []
        attempts = 0
        while len(rows) < n and kept and attempts < 20 * n:
            attempts += 1
            c = kept[rng.randrange(len(kept))]
            quarter = quarters[rng.randrange(len(quarters))]
            year, q = int(quarter[:4]), int(quarter[-1])
            first = max(date(year, 3 * q - 2, 1), clock.day(c.created))
            last = min(clock.today - timedelta(days=1), date(year, 3 * q, 28))
            if (c.id, quarter) in taken or last < first:
                continue
            taken.add((c.id, quarter))
            moment = clock.moment(rng, first + timedelta(days=rng.randint(0, (last - first).days)))
            rows.append(
                {
                    "customer_id": c.id,
                    "kind": SurveyKind.QUARTERLY,
                    "quarter": quarter,
                    "score": rng.choices(SCORES, SCORE_WEIGHTS)[0],
                    "comments": rng.choice(COMMENTS),
                    "respondent": c.contact[0],
                    "salesperson_id": c.owner.pk,
                    "recorded_by_id": c.owner.pk,
                    "recorded_at": moment,
                }
            )
        _Table(SatisfactionSurvey).insert(rows, with_ids=False)


def _pk(user: Any) -> int | None:
    return user.pk if user is not None else None


class _Table:
    """Rows of one model written fast: every column filled (the model's defaults for what a
    row leaves out), ids given here, then PostgreSQL's COPY or SQLite's executemany.

    bulk_create spends most of its time preparing each value of each model instance; at
    `full` that is minutes for the CRM alone. The rows here are dicts of column values
    (attnames: `customer_id`), checked by the database's own constraints; the automatic
    times (`created_at`, `at`) are written as planned, never stamped with the present."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            blank = f.primary_key or auto or (f.null and not f.has_default())
            self.defaults[f.attname] = None if blank else f.get_default()
        self.connection = connections[router.db_for_write(model)]

    def next_id(self) -> int:
        return (self.model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def insert(self, rows: Iterable[dict[str, Any]], *, with_ids: bool = True) -> int:
        """Write `rows` (with their "id" unless `with_ids` is False: then numbered here)."""
        defaults, names = self.defaults, len(self.defaults)
        next_id = None if with_ids else self.next_id()
        batch: list[tuple[Any, ...]] = []
        count = 0
        for row in rows:
            values = {**defaults, **row}
            if len(values) != names:
                raise ValueError(
                    f"{self.model.__name__}: no such columns {set(row) - set(defaults)}"
                )
            if next_id is not None:
                values["id"] = next_id
                next_id += 1
            batch.append(tuple(values.values()))
            if len(batch) >= 5000:
                self._write(batch)
                count += len(batch)
                batch = []
        if batch:
            self._write(batch)
            count += len(batch)
        if count and self.connection.vendor == "postgresql":
            table = self.model._meta.db_table
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))',
                    [f'"{table}"'],
                )
        return count

    def _write(self, batch: list[tuple[Any, ...]]) -> None:
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                    for values in batch:
                        copy.write_row(values)
                return
            ops = self.connection.ops
            dated = [
                (
                    i,
                    ops.adapt_datetimefield_value
                    if isinstance(f, models.DateTimeField)
                    else ops.adapt_datefield_value,
                )
                for i, f in enumerate(self.fields)
                if isinstance(f, models.DateField)
            ]
            if dated:
                converted = []
                for values in batch:
                    row = list(values)
                    for i, adapt in dated:
                        row[i] = adapt(row[i])
                    converted.append(row)
                batch = converted  # type: ignore[assignment]
            marks = ", ".join(["%s"] * len(self.fields))
            cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', batch)


def _cumulative(weights: list[float]) -> list[float]:
    total, cum = 0.0, []
    for weight in weights:
        total += weight
        cum.append(total)
    return cum


def _index(rng: random.Random, cum: list[float]) -> int:
    """An index drawn with the weights whose running sums are `cum`."""
    from bisect import bisect_right

    return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


def generate(ctx: Context) -> None:
    """Plan the company's CRM, then write it in bulk (see the module's docstring)."""
    existing = {
        "customers": Customer.objects.count(),
        "contacts": Contact.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "visits": Visit.objects.count(),
        "service_requests": ServiceRequest.objects.count(),
        "surveys": SatisfactionSurvey.objects.count(),
    }
    wanted = {name: max(0, ctx.count(name) - have) for name, have in existing.items()}
    crm = _Crm(ctx)
    crm.plan_customers(wanted["customers"])
    crm.plan_opportunities(wanted["opportunities"])
    crm.plan_visits(wanted["visits"])
    service_surveys = crm.plan_services(wanted["service_requests"])
    crm.settle_activity()
    visit_surveys = min(round(ctx.count("surveys") * VISIT_SURVEY_SHARE), wanted["surveys"])
    visit_surveys = max(0, min(visit_surveys, wanted["surveys"] - service_surveys))
    quarterly = max(0, wanted["surveys"] - visit_surveys - service_surveys)
    crm.write_customers()
    crm.write_contacts(wanted["contacts"])
    crm.write_opportunities()
    crm.write_visits(round(visit_surveys / SCORED_SHARE), visit_surveys)
    crm.write_services()
    crm.write_quarterly(quarterly)
    ctx.customers = list(
        Customer.objects.filter(status=CustomerStatus.ACTIVE, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id")
    )
    ctx.extra["pool_customers"] = list(
        Customer.objects.filter(status=CustomerStatus.POOL)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ctx.extra["customer_cities"] = {
        pk: (province, city)
        for pk, province, city in Customer.objects.values_list("pk", "province", "city")
    }
    ctx.log(
        f"    {len(crm.customers)} customers, {len(crm.opportunities)} opportunities, "
        f"{len(crm.visits)} visits, {len(crm.services)} service requests generated"
    )
