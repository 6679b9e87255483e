"""Pages of the quarterly scorecard (D6): the department's scorecards of a quarter ranked by
total (grade A listed as 优秀, 荣誉), gathering a quarter; one scorecard explaining every figure
with the documents behind it, the manager's form, the person's acknowledge/dispute, the GM's
approval; the 季度考核表 PDF. A salesperson sees only their own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.actions import action_view
from fieldsales.core.api import id_param
from fieldsales.core.errors import RuleBroken
from fieldsales.core.printing import pdf_response
from fieldsales.department.scorecards import engine, printing, rules, selectors, services
from fieldsales.department.scorecards.models import Scorecard
from fieldsales.department.scorecards.quarters import Quarter, last_complete, parse_quarter

# The figures of the facts, in the order the page explains them.
FIGURES = (
    ("sales", gettext_lazy("本季销售额（签订订单）")),
    ("sales_target", gettext_lazy("销售目标（本人季度分解）")),
    ("sales_last_year", gettext_lazy("去年同期销售额")),
    ("due", gettext_lazy("本季到期应收")),
    ("collected", gettext_lazy("本季回款额")),
    ("new_customers", gettext_lazy("新客户数")),
    ("satisfaction", gettext_lazy("客户满意度评分")),
    ("expenses", gettext_lazy("差旅费用（已核准报销）")),
)
INCIDENT_LABELS = {
    "late_reports": gettext_lazy("出差报告逾期（P7.1）"),
    "absent_days": gettext_lazy("旷工（D7、P5.2）"),
    "missing_logs": gettext_lazy("工作日志缺失（D3）"),
    "missed_duty": gettext_lazy("展厅值日缺勤（D8）"),
    "late_logs": gettext_lazy("工作日志逾期提交（不计分）"),
    "late_days": gettext_lazy("迟到（已告知，不计分）"),
}


def _reader(request: HttpRequest) -> None:
    if not rules.reads_scorecards(request.user):
        raise Http404


def _visible(request: HttpRequest, pk: int) -> Scorecard:
    _reader(request)
    card = selectors.scorecard_detail(user=request.user, pk=pk)
    if card is None:
        raise Http404
    return card


@login_required
def scorecards_page(request: HttpRequest) -> HttpResponse:
    """A quarter's scorecards (default: the last complete quarter), ranked by total."""
    _reader(request)
    user = request.user
    quarter = parse_quarter(request.GET.get("quarter") or "") or last_complete(timezone.localdate())
    departments = list(selectors.departments_seen(user))
    department = id_param(request.GET.get("department"))
    cards = selectors.visible_scorecards(user=user).filter(
        year=quarter.year, quarter=quarter.number
    )
    if department is not None:
        cards = cards.filter(department_id=department)
    seen = [f"{y}Q{q}" for y, q in selectors.quarters_seen(user)]
    if quarter.label not in seen:
        seen.insert(0, quarter.label)
    return render(
        request,
        "department/scorecards/list.html",
        {
            "quarter": quarter,
            "quarters": seen,
            "ranking": selectors.ranking(list(cards)),
            "departments": departments,
            "department": department,
            "can_gather": bool(rules.is_gm(user) or rules.run_departments(user)),
            "grade_labels": printing.GRADE_LABELS,
        },
    )


scorecards_page.admits = rules.reads_scorecards  # type: ignore[attr-defined]


def _figures(card: Scorecard) -> list[dict[str, Any]]:
    facts = card.facts or {}
    return [
        {
            "key": key,
            "label": label,
            "value": facts.get(key),
            "evidence": (card.evidence or {}).get(key, []),
        }
        for key, label in FIGURES
    ]


OPEN_UP_TO = 5  # a kind with more incidents than this starts folded on the page


def _incidents(card: Scorecard) -> list[dict[str, Any]]:
    """The incidents by kind (scored kinds first), each with its rows and links."""
    groups: dict[str, dict[str, Any]] = {}
    for row in card.incidents or []:
        kind = row.get("kind", "")
        group = groups.setdefault(
            kind,
            {
                "kind": kind,
                "label": INCIDENT_LABELS.get(kind, kind),
                "scored": bool(row.get("scored")),
                "rows": [],
            },
        )
        group["rows"].append(row)
    for group in groups.values():
        group["open"] = len(group["rows"]) <= OPEN_UP_TO
    return sorted(groups.values(), key=lambda g: (not g["scored"], str(g["label"])))


@login_required
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = _visible(request, pk)
    actions = rules.actions_for(request.user, card)
    return render(
        request,
        "department/scorecards/detail.html",
        {
            "card": card,
            "rows": printing.rows(card),
            "result": card.result or {},
            "grade_label": printing.grade_label(card.grade),
            "figures": _figures(card),
            "incidents": _incidents(card),
            "counts": [
                (INCIDENT_LABELS.get(kind, kind), n)
                for kind, n in ((card.facts or {}).get("incidents") or {}).items()
            ],
            "actions": actions,
            "w_manager": engine.params_for(Quarter(card.year, card.quarter).end).w_manager,
            "steps": selectors.steps_of(card),
        },
    )


@login_required
def scorecard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    card = _visible(request, pk)
    return pdf_response(printing.scorecard_pdf(card), printing.filename(card))


@action_view(fallback="department:scorecards")
def scorecard_gather(request: HttpRequest) -> tuple[Any, str]:
    """Gather (or refresh) a quarter's facts, from the list page."""
    _reader(request)
    quarter = parse_quarter(request.POST.get("quarter", "")[:10])
    if quarter is None:
        raise RuleBroken(_("季度格式应为 2026Q3"), field="quarter")
    department = id_param(request.POST.get("department"))
    cards = services.gather_quarter(
        actor=request.user, year=quarter.year, quarter=quarter.number, department=department
    )
    back = reverse("department:scorecards") + f"?quarter={quarter.label}"
    if department is not None:
        back += f"&department={department}"
    return back, _("已采集 %(n)s 份季度考核数据") % {"n": len(cards)}


ACTIONS = {
    "review": gettext_lazy("评分已保存，已通知被考核人确认"),
    "acknowledge": gettext_lazy("已确认季度考核"),
    "dispute": gettext_lazy("异议已提交给考核人"),
    "approve": gettext_lazy("季度考核已审批"),
}


@action_view(fallback="department:scorecards")
def scorecard_action(request: HttpRequest, pk: int, action: str) -> tuple[Any, str]:
    card = _visible(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor, post = request.user, request.POST
    if action == "review":
        services.scorecard_review(
            card=card, actor=actor, points=post.get("points", ""), comment=post.get("comment", "")
        )
    elif action == "acknowledge":
        services.scorecard_acknowledge(card=card, actor=actor)
    elif action == "dispute":
        services.scorecard_dispute(card=card, actor=actor, reason=post.get("reason", ""))
    else:
        services.scorecard_approve(card=card, actor=actor)
    return ("department:scorecard_detail", pk), str(ACTIONS[action])
