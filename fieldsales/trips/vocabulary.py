"""The trips app's vocabularies, one copy each; registered with core.labels in apps.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The kinds of a claim's line: the receipts' kinds (policy.facts.KINDS) and the allowance.
CLAIM_ITEM_KINDS = {
    "allowance": _("出差补贴"),
    "train": _("火车"),
    "coach": _("汽车"),
    "ship": _("轮船"),
    "flight": _("飞机"),
    "city_bus": _("公交车"),
    "taxi": _("出租车"),
    "tricycle": _("人力三轮车"),
    "lodging": _("住宿费"),
    "meal": _("餐费"),
    "entertainment": _("业务招待费"),
    "other": _("其他"),
}
# Kinds printed in the 车船机费 column (one ticket each) and in 市内交通.
TICKETS = ("train", "coach", "ship", "flight")
CITY_RIDES = ("city_bus", "taxi", "tricycle")
# Train seats (P4.1), as the claim form offers them; and the cabin a flight names (P4.3).
TRAIN_SEATS = {
    "hard_seat": _("硬座"),
    "soft_seat": _("软座"),
    "second_class": _("二等座"),
    "hard_sleeper": _("硬卧"),
    "first_class": _("一等座"),
    "soft_sleeper": _("软卧"),
    "business_class": _("商务座"),
}
CABINS = {"economy": _("经济舱")}
SEATS = TRAIN_SEATS | CABINS
