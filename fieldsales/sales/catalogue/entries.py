"""What catalogue plugs into the shared pages at start-up (SalesConfig.ready): the 价格 tab for
those who may see prices (S1.3), price lists waiting for the GM in the inbox, and how the
audit rows of a price list read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fieldsales.core import audit_text, labels
from fieldsales.core.api import MAX_ID
from fieldsales.core.errors import NotFound
from fieldsales.core.inbox import InboxSource, model_numbers, register_source
from fieldsales.sales.catalogue import rules, selectors, services
from fieldsales.sales.catalogue.models import PriceList, PriceListStatus
from fieldsales.sales.sections import Section, register_section

STATUS_LABELS = dict(PriceListStatus.choices)
ACTIONS = {
    "create": gettext_lazy("创建"),
    "edit": gettext_lazy("修改"),
    "submit": gettext_lazy("提交"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("驳回"),
    "cancel": gettext_lazy("作废"),
    "export": gettext_lazy("导出"),
    "print": gettext_lazy("打印"),
    "import": gettext_lazy("从 Excel 导入"),
    "deactivate": gettext_lazy("停售"),
}


def price_list_number(pk: int, created_at: datetime) -> str:
    """PL-<year>-<seq>: the sequence is stored, so the inbox reads it (a price list is rare)."""
    seq = PriceList.objects.filter(pk=pk).values_list("seq", flat=True).first()
    return PriceList(pk=pk, created_at=created_at, seq=seq or 0).number


def _returned(user: Any) -> QuerySet[PriceList]:
    return PriceList.objects.filter(created_by=user, status=PriceListStatus.REJECTED)


def _started(user: Any) -> QuerySet[PriceList]:
    return PriceList.objects.filter(created_by=user, submitted_at__isnull=False)


def _find(pk: int, user: Any) -> PriceList:
    found = (
        selectors.visible_price_lists(user=user).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    )
    if found is None:
        raise NotFound(_("未找到。"))
    return found


def _approve(price_list: PriceList, actor: Any, comment: str) -> PriceList:
    return services.price_list_decide(
        price_list=price_list, actor=actor, action="approve", comment=comment
    )


def _search(q: str) -> Q:
    return Q(name__icontains=q)


SOURCE = InboxSource(
    name="sales.price_list",
    kind="price_list",
    label=gettext_lazy("价格表"),
    waiting=selectors.price_lists_waiting,
    page_url="sales:price_list_detail",
    api_path="/api/price-lists/{id}/",
    number=price_list_number,
    numbers=model_numbers("sales.PriceList", "seq", "created_at"),
    person="created_by",
    status_labels=lambda code: str(STATUS_LABELS.get(code, code)),
    order=60,
    # Only the GM decides price lists (S1.2); other users' inboxes skip the source outright.
    applies=rules.decides_price_lists,
    returned=_returned,
    started=_started,
    decided=True,
    search=_search,
    find=_find,
    approve=_approve,
)

SECTION = Section("sales:prices", gettext_lazy("价格"), 10, rules.sees_prices)

VOICE = audit_text.AuditVoice(
    noun=pgettext_lazy("audit", "价格表"),
    actions="sales.price_list.action",
    statuses="sales.price_list.status",
    sentences={
        "export": pgettext_lazy("audit", "%(actor)s导出了%(document)s（Excel）"),
        "print": pgettext_lazy("audit", "%(actor)s打印了%(document)s"),
        "import": pgettext_lazy("audit", "%(actor)s从 Excel 导入了%(document)s的价格"),
        "cancel": pgettext_lazy("audit", "%(actor)s作废了%(document)s"),
    },
)


def register() -> None:
    """The 价格 tab, the inbox source of price lists and their audit voice."""
    register_section(SECTION)
    register_source(SOURCE)
    labels.register("sales.price_list.status", STATUS_LABELS)
    labels.register("sales.price_list.action", ACTIONS)
    audit_text.register_voice("sales.pricelist", VOICE)
