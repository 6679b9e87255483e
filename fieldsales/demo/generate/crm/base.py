"""What the crm part's steps share: the run (`Crm`: the context, the company's clock, the
CRM settings and what the steps have planned so far), a planned customer, and the draws."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from fieldsales.core.regions import Division
from fieldsales.crm.customers.selectors import crm_settings
from fieldsales.demo.generate import YEARS, Context

# Industry: (name words, products it needs).
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
# What customers say and score (visit feedback, service and quarterly surveys).
COMMENTS = ("服务很好", "希望加快交货", "技术讲解清楚", "价格能再优惠些", "", "", "")
SCORES = (4, 3, 2, 1)
SCORE_WEIGHTS = (45, 40, 12, 3)


@dataclass(slots=True)
class PlannedCustomer:
    """A customer as planned; `id` is set when the customers are written."""

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


def draw_share(rng: random.Random, shares: tuple[tuple[Any, float], ...], rest: Any) -> Any:
    r = rng.random()
    for value, share in shares:
        if r < share:
            return value
        r -= share
    return rest


def draw_exact(rng: random.Random, n: int, shares: tuple[tuple[Any, float], ...]) -> list[Any]:
    """`n` values in the given shares (rounded, the last takes the rest), shuffled."""
    values: list[Any] = []
    for value, share in shares[:-1]:
        values += [value] * round(n * share)
    values = values[:n]
    values += [shares[-1][0]] * (n - len(values))
    rng.shuffle(values)
    return values


class Clock:
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


def draw_money(rng: random.Random, low: int, high: int) -> Decimal:
    """A round amount (thousands of yuan) between low and high, skewed to the low end."""
    value = low * (high / low) ** rng.random()
    return Decimal(round(value, -3)).quantize(Decimal("0.01"))


def cumulative(weights: list[float]) -> list[float]:
    total, cum = 0.0, []
    for weight in weights:
        total += weight
        cum.append(total)
    return cum


def draw_index(rng: random.Random, cum: list[float]) -> int:
    """An index drawn with the weights whose running sums are `cum`."""
    from bisect import bisect_right

    return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


class Crm:
    """One run of the crm part: plan, then write."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.clock = Clock(ctx.today)
        self.settings = crm_settings()
        self.customers: list[PlannedCustomer] = []
        self.opportunities: list[dict[str, Any]] = []
        self.visits: list[dict[str, Any]] = []
        self.services: list[dict[str, Any]] = []
