"""What a reviewer reads, rendered at the edge: a finding's code, variant and figures in zh or en.

The engine stores no text, so an evaluation (or its JSON record) renders in either language
without being computed again; codes and rule numbers never change with the language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, assert_never

from fieldsales.policy.engine import Finding
from fieldsales.policy.vocab import ALLOWANCE, Cabin, Code, ItemKind, Seat, Variant

LANGUAGES = ("zh", "en")

# The wordings that differ from a code's plain one: (code, variant) → (Chinese, English).
_VARIANTS: dict[tuple[Code, Variant], tuple[str, str]] = {
    (Code.TRIP_NOT_APPROVED, Variant.ESTIMATE): (
        "计划出发日期已过：出差须在出发当天或之前完成全部审批，出发后才批准的出差，本次费用不予报销",
        "The departure date has passed: a trip must be fully approved on or before the day it "
        "starts; a trip approved after it started is not reimbursed",
    ),
    (Code.OVER_STANDARD_CLASS, Variant.NO_FARE): (
        "{what}超过标准，未注明标准票价，不予报销",
        "{what} is above the standard class and no standard fare was stated; not reimbursed",
    ),
    (Code.FLIGHT_NOT_PREAPPROVED, Variant.ESTIMATE): (
        "乘飞机须在出差前经总经理批准",
        "A flight must be approved by the general manager before the trip",
    ),
    (Code.TAXI_WITHOUT_REASON, Variant.REVIEWER_NOTE): (
        "因其他特殊情况乘出租车、三轮车须有审核人说明",
        "A taxi or tricycle for another special reason needs a reviewer's note",
    ),
    (Code.TAXI_WITHOUT_REASON, Variant.CONSENT): (
        "在{cities}以外乘出租车、三轮车须事先经部门负责人同意",
        "Outside {cities} a taxi or tricycle needs the department head's prior consent",
    ),
    (Code.DAYS_OVER_LIMIT, Variant.TICKET): (
        "票据日期在可报销的{limit}天之后，费用自理",
        "The ticket is dated after the {limit} paid days; self-paid",
    ),
    (Code.SAME_CUSTOMER_LIMIT, Variant.CUSTOMER): (
        "客户{customer}本销售周期已报销出差{prior}次（上限{limit}次），再去费用自理",
        "Customer {customer} already had {prior} reimbursed trip(s) this sales cycle (limit "
        "{limit}); another trip is self-paid",
    ),
}


def _plain(code: Code) -> tuple[str, str]:
    """The plain wording of every code (Chinese, English)."""
    match code:
        case Code.TRIP_NOT_APPROVED:
            return (
                "出差未经完整审批即已出发，本次费用不予报销",
                "The trip started without full approval; nothing is reimbursed",
            )
        case Code.COVERED_BY_ALLOWANCE:
            return "{what}已含在每日补贴中", "{what} is covered by the daily allowance"
        case Code.OVER_STANDARD_CLASS:
            return (
                "{what}超过标准，按标准票价{fare}元报销",
                "{what} is above the standard class; reimbursed up to the standard fare of {fare}",
            )
        case Code.MISSING_INVOICE:
            return "长途汽车票须有正式发票", "A long-distance bus fare needs an official invoice"
        case Code.FLIGHT_NOT_PREAPPROVED:
            return (
                "乘飞机须在出差前经总经理批准，未经事先批准不予报销",
                "A flight needs the general manager's approval before the trip; not reimbursed "
                "without it",
            )
        case Code.MISSING_TRAVEL_RECORD:
            return (
                "{region}地区内的公交车或短途客车须有本人记录（时间、地点、事由）或发票",
                "Bus or coach travel inside the {region} region needs your own record of time, "
                "place and business, or an invoice",
            )
        case Code.TAXI_WITHOUT_REASON:
            return (
                "在{city}乘出租车、三轮车须有规定的理由，并写明起止地点和事由",
                "A taxi or tricycle in {city} needs one of the listed reasons, with its start, "
                "end and business noted",
            )
        case Code.TRANSPORT_PROVIDED:
            return (
                "使用公司车辆、自备车辆或对方提供的交通工具，交通费不予报销",
                "Transport was provided (company, own or host vehicle); fares are not reimbursed",
            )
        case Code.DAYS_OVER_LIMIT:
            return (
                "出差{days}天，超过可报销的{limit}天，超出天数的补贴自理",
                "The trip lasts {days} days, beyond the {limit} paid days; the allowance for the "
                "extra days is self-paid",
            )
        case Code.ABSENTEEISM:
            return (
                "出差超过{after}天，超出的{absent}天按旷工计",
                "The trip is longer than {after} days; {absent} day(s) count as absence",
            )
        case Code.SAME_CUSTOMER_LIMIT:
            return (
                "本次拜访的客户均已报销出差{limit}次，本次费用自理",
                "Every customer on this trip already had {limit} reimbursed trips; this trip is "
                "self-paid",
            )
        case Code.ENTERTAINMENT_NOT_ELIGIBLE:
            return (
                "业务招待费仅在单笔订单超过{minimum}元且成交时报销",
                "Entertainment is reimbursed only when a single order above {minimum} closes",
            )
        case Code.ENTERTAINMENT_DEAL_PENDING:
            return (
                "所注明的订单尚未签订，业务招待费暂按0.00元；订单按期签订后自动生成更正单补报",
                "The named order is not signed yet: entertainment pays 0.00 for now; a correction "
                "claim follows when the order is signed in time",
            )
        case Code.OVER_ENTERTAINMENT_CAP:
            return (
                "业务招待费超过成交额的{rate}%，按{cap}元报销",
                "Entertainment is above {rate}% of the deal; reimbursed up to {cap}",
            )
        case Code.INVITED_COLLEAGUE:
            return (
                "应邀同行的同事，本次出差费用不予报销",
                "A colleague invited along is reimbursed nothing for this trip",
            )
        case Code.REPORT_OVERDUE:
            return (
                "出差报告应于{due}前交部门经理，已逾期",
                "The trip report was due by {due}; it is late",
            )
        case Code.MISSING_VISIT_FEEDBACK:
            return (
                "客户{customer}的拜访反馈表未经客户签字",
                "The visit feedback form of customer {customer} is not signed",
            )
        case Code.MISSING_MARKET_REPORT:
            return (
                "开拓新市场的出差须提交新市场分析报告",
                "A new-market trip needs a new-market analysis report",
            )
        case Code.NEEDS_REVIEW:
            return (
                "制度未列明的费用，待审核人核定",
                "An expense the policy does not name; waiting for a reviewer",
            )
        case _:
            assert_never(code)


def _kind_name(kind: ItemKind) -> tuple[str, str]:
    match kind:
        case ItemKind.TRAIN:
            return "火车票", "Train fare"
        case ItemKind.COACH:
            return "汽车票", "Coach fare"
        case ItemKind.SHIP:
            return "船票", "Ship fare"
        case ItemKind.FLIGHT:
            return "机票", "Flight"
        case ItemKind.CITY_BUS:
            return "公交车票", "Bus fare"
        case ItemKind.TAXI:
            return "出租车费", "Taxi fare"
        case ItemKind.TRICYCLE:
            return "三轮车费", "Tricycle fare"
        case ItemKind.LODGING:
            return "住宿费", "Lodging"
        case ItemKind.MEAL:
            return "餐费", "Meals"
        case ItemKind.ENTERTAINMENT:
            return "业务招待费", "Entertainment"
        case ItemKind.OTHER:
            return "其他费用", "Other expense"
        case _:
            assert_never(kind)


def _seat_name(seat: Seat) -> tuple[str, str]:
    match seat:
        case Seat.HARD_SEAT:
            return "硬座", "hard seat"
        case Seat.SOFT_SEAT:
            return "软座", "soft seat"
        case Seat.SECOND_CLASS:
            return "二等座", "second class"
        case Seat.HARD_SLEEPER:
            return "硬卧", "hard sleeper"
        case Seat.FIRST_CLASS:
            return "一等座", "first class"
        case Seat.SOFT_SLEEPER:
            return "软卧", "soft sleeper"
        case Seat.BUSINESS_CLASS:
            return "商务座", "business class"
        case _:
            assert_never(seat)


def _cabin_name(cabin: Cabin) -> tuple[str, str]:
    match cabin:
        case Cabin.ECONOMY:
            return "经济舱", "economy"
        case Cabin.PREMIUM_ECONOMY:
            return "超级经济舱", "premium economy"
        case Cabin.BUSINESS:
            return "公务舱", "business"
        case Cabin.FIRST:
            return "头等舱", "first"
        case _:
            assert_never(cabin)


# The means of transport whose class can be over standard (P4.8).
_MEANS: dict[str, tuple[str, str]] = {
    ItemKind.TRAIN: ("火车", "Train"),
    ItemKind.SHIP: ("轮船", "Ship"),
    ItemKind.FLIGHT: ("飞机", "Flight"),
}


# The matches above, looked up once: members hash as their values, so a plain string
# (from stored JSON) finds its entry.
_TEXTS: dict[tuple[Code, Variant], tuple[str, str]] = {
    (code, Variant.PLAIN): _plain(code) for code in Code
} | _VARIANTS
_NAMES: dict[str, tuple[str, str]] = (
    {ALLOWANCE: ("出差补贴", "Allowance")}
    | {kind: _kind_name(kind) for kind in ItemKind}
    | {seat: _seat_name(seat) for seat in Seat}
    | {cabin: _cabin_name(cabin) for cabin in Cabin}
)


def language(lang: str) -> int:
    """The column of a language: English for en/en-*, Chinese otherwise (the default)."""
    return 1 if lang.lower().startswith("en") else 0


def name(word: str, lang: str = "zh") -> str:
    """The reader's name of a kind, seat or cabin; an unknown word is shown as written."""
    names = _NAMES.get(word)
    return word if names is None else names[language(lang)]


def class_name(kind: str, klass: str, lang: str = "zh") -> str:
    """火车软卧 / "Train, soft sleeper": a means of transport and its class, for P4.8."""
    means = _MEANS.get(kind, (kind, kind))
    if language(lang):
        return f"{means[1]}, {name(klass, lang)}"
    return f"{means[0]}{name(klass, lang)}"


def _context(figures: Mapping[str, object], lang: str) -> dict[str, object]:
    """The figures, plus the names a message shows in words: {what} and {cities}."""
    context = dict(figures)
    kind = figures.get("kind")
    if isinstance(kind, str):
        klass = figures.get("class")
        context["what"] = (
            class_name(kind, klass, lang) if isinstance(klass, str) else name(kind, lang)
        )
    cities = figures.get("cities")
    if isinstance(cities, Sequence) and not isinstance(cities, str):
        context["cities"] = (", " if language(lang) else "、").join(str(c) for c in cities)
    return context


def text(code: Code, variant: Variant, figures: Mapping[str, object], lang: str = "zh") -> str:
    """The message of a code in a variant wording, filled with its figures."""
    texts = _TEXTS.get((code, variant)) or _TEXTS[(code, Variant.PLAIN)]
    return texts[language(lang)].format(**_context(figures, lang))


def render(finding: Finding, lang: str = "zh") -> str:
    """The message of one finding in `lang` (zh by default)."""
    return text(finding.code, finding.variant, finding.figures, lang)


def codes() -> frozenset[str]:
    """Every violation code that has a message."""
    return frozenset(code.value for code, _ in _TEXTS)


def _rendered(entry: Mapping[str, Any], code_key: str, text_key: str, lang: str) -> dict[str, Any]:
    """One stored line or violation with its text in `lang` and its figures dropped."""
    out = {k: v for k, v in entry.items() if k not in ("variant", "figures")}
    code = entry.get(code_key)
    if code is not None and "figures" in entry:
        variant = Variant(entry.get("variant") or "")
        out[text_key] = text(Code(code), variant, entry["figures"], lang)
    return out


def render_stored(evaluation: Mapping[str, Any], lang: str = "zh") -> dict[str, Any]:
    """A stored evaluation (`evaluation_as_dict(..., figures=True)`) in the output shape of
    claim-format.md, its messages rendered in `lang` from codes and figures, never re-run.

    An entry stored without figures keeps the text it was stored with."""
    rendered = dict(evaluation)
    if "lines" in evaluation:
        rendered["lines"] = [
            _rendered(line, "violation", "reason", lang) for line in evaluation["lines"]
        ]
    if "violations" in evaluation:
        rendered["violations"] = [
            _rendered(v, "code", "message", lang) for v in evaluation["violations"]
        ]
    return rendered
