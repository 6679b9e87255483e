"""What a reviewer reads: one Chinese and one English text per violation (codes never change)."""

from __future__ import annotations

# (code, variant) → (Chinese, English). Placeholders are filled by `message`.
_MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("trip_not_approved", ""): (
        "出差未经完整审批即已出发，本次费用不予报销",
        "The trip started without full approval; nothing is reimbursed",
    ),
    ("trip_not_approved", "estimate"): (
        "计划出发日期已过：出差须在出发当天或之前完成全部审批，出发后才批准的出差，本次费用不予报销",
        "The departure date has passed: a trip must be fully approved on or before the day it "
        "starts; a trip approved after it started is not reimbursed",
    ),
    ("covered_by_allowance", ""): (
        "{what}已含在每日补贴中",
        "{what} is covered by the daily allowance",
    ),
    ("over_standard_class", ""): (
        "{what}超过标准，按标准票价{fare}元报销",
        "{what} is above the standard class; reimbursed up to the standard fare of {fare}",
    ),
    ("over_standard_class", "no_fare"): (
        "{what}超过标准，未注明标准票价，不予报销",
        "{what} is above the standard class and no standard fare was stated; not reimbursed",
    ),
    ("missing_invoice", ""): (
        "长途汽车票须有正式发票",
        "A long-distance bus fare needs an official invoice",
    ),
    ("flight_not_preapproved", ""): (
        "乘飞机须在出差前经总经理批准，未经事先批准不予报销",
        "A flight needs the general manager's approval before the trip; not reimbursed without it",
    ),
    ("flight_not_preapproved", "estimate"): (
        "乘飞机须在出差前经总经理批准",
        "A flight must be approved by the general manager before the trip",
    ),
    ("missing_travel_record", ""): (
        "{region}地区内的公交车或短途客车须有本人记录（时间、地点、事由）或发票",
        "Bus or coach travel inside the {region} region needs your own record of time, place "
        "and business, or an invoice",
    ),
    ("taxi_without_reason", ""): (
        "在{city}乘出租车、三轮车须有规定的理由，并写明起止地点和事由",
        "A taxi or tricycle in {city} needs one of the listed reasons, with its start, end and "
        "business noted",
    ),
    ("taxi_without_reason", "reviewer_note"): (
        "因其他特殊情况乘出租车、三轮车须有审核人说明",
        "A taxi or tricycle for another special reason needs a reviewer's note",
    ),
    ("taxi_without_reason", "consent"): (
        "在{cities}以外乘出租车、三轮车须事先经部门负责人同意",
        "Outside {cities} a taxi or tricycle needs the department head's prior consent",
    ),
    ("transport_provided", ""): (
        "使用公司车辆、自备车辆或对方提供的交通工具，交通费不予报销",
        "Transport was provided (company, own or host vehicle); fares are not reimbursed",
    ),
    ("days_over_limit", ""): (
        "出差{days}天，超过可报销的{limit}天，超出天数的补贴自理",
        "The trip lasts {days} days, beyond the {limit} paid days; the allowance for the extra "
        "days is self-paid",
    ),
    ("days_over_limit", "ticket"): (
        "票据日期在可报销的{limit}天之后，费用自理",
        "The ticket is dated after the {limit} paid days; self-paid",
    ),
    ("absenteeism", ""): (
        "出差超过{after}天，超出的{absent}天按旷工计",
        "The trip is longer than {after} days; {absent} day(s) count as absence",
    ),
    ("same_customer_limit", ""): (
        "本次拜访的客户均已报销出差{limit}次，本次费用自理",
        "Every customer on this trip already had {limit} reimbursed trips; this trip is self-paid",
    ),
    ("same_customer_limit", "customer"): (
        "客户{customer}本销售周期已报销出差{prior}次（上限{limit}次），再去费用自理",
        "Customer {customer} already had {prior} reimbursed trip(s) this sales cycle (limit "
        "{limit}); another trip is self-paid",
    ),
    ("entertainment_not_eligible", ""): (
        "业务招待费仅在单笔订单超过{minimum}元且成交时报销",
        "Entertainment is reimbursed only when a single order above {minimum} closes",
    ),
    ("over_entertainment_cap", ""): (
        "业务招待费超过成交额的{rate}%，按{cap}元报销",
        "Entertainment is above {rate}% of the deal; reimbursed up to {cap}",
    ),
    ("invited_colleague", ""): (
        "应邀同行的同事，本次出差费用不予报销",
        "A colleague invited along is reimbursed nothing for this trip",
    ),
    ("report_overdue", ""): (
        "出差报告应于{due}前交部门经理，已逾期",
        "The trip report was due by {due}; it is late",
    ),
    ("missing_visit_feedback", ""): (
        "客户{customer}的拜访反馈表未经客户签字",
        "The visit feedback form of customer {customer} is not signed",
    ),
    ("missing_market_report", ""): (
        "开拓新市场的出差须提交新市场分析报告",
        "A new-market trip needs a new-market analysis report",
    ),
    ("needs_review", ""): (
        "制度未列明的费用，待审核人核定",
        "An expense the policy does not name; waiting for a reviewer",
    ),
}

_NAMES: dict[str, tuple[str, str]] = {
    # Kinds of expense.
    "train": ("火车票", "Train fare"),
    "coach": ("汽车票", "Coach fare"),
    "ship": ("船票", "Ship fare"),
    "flight": ("机票", "Flight"),
    "city_bus": ("公交车票", "Bus fare"),
    "taxi": ("出租车费", "Taxi fare"),
    "tricycle": ("三轮车费", "Tricycle fare"),
    "lodging": ("住宿费", "Lodging"),
    "meal": ("餐费", "Meals"),
    "entertainment": ("业务招待费", "Entertainment"),
    "other": ("其他费用", "Other expense"),
    "allowance": ("出差补贴", "Allowance"),
    # Train seats (P4.1).
    "hard_seat": ("硬座", "hard seat"),
    "soft_seat": ("软座", "soft seat"),
    "second_class": ("二等座", "second class"),
    "hard_sleeper": ("硬卧", "hard sleeper"),
    "first_class": ("一等座", "first class"),
    "soft_sleeper": ("软卧", "soft sleeper"),
    "business_class": ("商务座", "business class"),
    # Cabins (P4.3, P4.4).
    "economy": ("经济舱", "economy"),
    "premium_economy": ("超级经济舱", "premium economy"),
    "business": ("公务舱", "business"),
    "first": ("头等舱", "first"),
}

LANGUAGES = ("zh", "en")
# The means of transport whose class can be over standard (P4.8).
_MEANS: dict[str, tuple[str, str]] = {
    "train": ("火车", "Train"),
    "ship": ("轮船", "Ship"),
    "flight": ("飞机", "Flight"),
}


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


def message(code: str, lang: str = "zh", variant: str = "", **context: object) -> str:
    """The text of a violation `code` (in a `variant` wording), filled with `context`."""
    texts = _MESSAGES.get((code, variant)) or _MESSAGES[(code, "")]
    return texts[language(lang)].format(**context)


def codes() -> frozenset[str]:
    """Every violation code that has a message."""
    return frozenset(code for code, _ in _MESSAGES)
