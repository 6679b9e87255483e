"""季度考核表 (forms.md): the scorecard as an A4 PDF and the same rows for its page. Columns
类别 · 指标 · 计算公式 · 权重 · 目标值 · 实际值 · 评分标准 · 得分; then 综合得分, 等级, 考核人评语,
被考核人确认. Amounts as the other prints show them (¥ with thousands, the bonus in capitals)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldsales.core.money import format_yuan
from fieldsales.core.people import display_name
from fieldsales.core.printing import cn_date, form_context, render_pdf
from fieldsales.core.printing.amounts import money
from fieldsales.department.scorecards.models import Scorecard
from fieldsales.org.selectors import company_name

RESULTS, ABILITY = gettext_lazy("业绩"), gettext_lazy("能力与态度")
# key: (category, indicator, formula, standard, money?)
INDICATORS: dict[str, tuple[Any, Any, Any, Any, bool]] = {
    "sales": (
        RESULTS,
        gettext_lazy("销售额达成率"),
        gettext_lazy("实际销售额 ÷ 销售目标"),
        gettext_lazy("权重 × 达成率（不超过比率上限）"),
        True,
    ),
    "collection": (
        RESULTS,
        gettext_lazy("回款率"),
        gettext_lazy("本季回款额 ÷ 本季到期应收"),
        gettext_lazy("权重 × 回款率；无到期应收不计"),
        True,
    ),
    "new_customers": (
        RESULTS,
        gettext_lazy("新客户开发"),
        gettext_lazy("新客户数 ÷ 目标数"),
        gettext_lazy("权重 × 完成率（不超过比率上限）"),
        False,
    ),
    "growth": (
        RESULTS,
        gettext_lazy("销售增长率"),
        gettext_lazy("本季销售额 ÷ 去年同期"),
        gettext_lazy("权重 × (1 + 增长率)；去年同期为 0 不计"),
        True,
    ),
    "satisfaction": (
        RESULTS,
        gettext_lazy("客户满意度"),
        gettext_lazy("平均满意度 ÷ 3（满意）"),
        gettext_lazy("权重 × 比值；无调查不计"),
        False,
    ),
    "expense": (
        RESULTS,
        gettext_lazy("费用控制"),
        gettext_lazy("费用率目标 ÷ (差旅费用 ÷ 销售额)"),
        gettext_lazy("权重 × 比值；无费用满分"),
        False,
    ),
    "discipline": (
        ABILITY,
        gettext_lazy("工作纪律"),
        gettext_lazy("1 − 扣分步长 × 违纪次数"),
        gettext_lazy("报告逾期、旷工、日志缺失、值日缺勤各计一次"),
        False,
    ),
    "manager": (
        ABILITY,
        gettext_lazy("工作能力与态度"),
        gettext_lazy("考核人评定"),
        gettext_lazy("0 至权重，由部门经理评分"),
        False,
    ),
}


PERCENT_KEYS = ("expense",)


def _figure(value: Any, as_money: bool, key: str = "") -> str:
    if value is None or value == "":
        return "—"
    if key in PERCENT_KEYS:
        try:
            return f"{Decimal(str(value)) * 100:.2f}%"
        except (InvalidOperation, ValueError):
            return str(value)
    if as_money:
        try:
            return format_yuan(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def rows(card: Scorecard) -> list[dict[str, Any]]:
    """The indicators as the form lists them (the engine's result, or blanks when the
    scorecard cannot be scored)."""
    found = {i["key"]: i for i in (card.result or {}).get("indicators", [])}
    lines = []
    for key, (category, name, formula, standard, as_money) in INDICATORS.items():
        indicator = found.get(key, {})
        excluded = bool(indicator.get("excluded"))
        lines.append(
            {
                "key": key,
                "category": str(category),
                "name": str(name),
                "formula": str(formula),
                "standard": str(standard),
                "weight": indicator.get("weight") or "—",
                "target": _figure(indicator.get("target"), as_money, key),
                "actual": _figure(indicator.get("actual"), as_money, key),
                "ratio": indicator.get("ratio"),
                "points": _("不计") if excluded else (indicator.get("points") or "—"),
                "excluded": excluded,
            }
        )
    return lines


GRADE_LABELS = {
    "A": gettext_lazy("优秀"),
    "B": gettext_lazy("良好"),
    "C": gettext_lazy("合格"),
    "D": gettext_lazy("待改进"),
}


def grade_label(grade: str) -> str:
    return str(GRADE_LABELS.get(grade, ""))


def scorecard_context(card: Scorecard) -> dict[str, Any]:
    result = card.result or {}
    bonus = result.get("bonus")
    return form_context(
        card,
        company=company_name(),
        title="季度考核表",
        number=card.number,
        department=card.department.name,
        filled_on=card.reviewed_at or card.gathered_at,
        boxes=("gm", "dept_head"),
    ) | {
        "card": card,
        "person": display_name(card.salesperson),
        "quarter": card.quarter_label,
        "rows": rows(card),
        "total": result.get("total"),
        "grade": result.get("grade") or "",
        "grade_label": grade_label(result.get("grade") or ""),
        "provisional": bool(result.get("provisional")),
        "bonus": money(bonus) if bonus is not None else None,
        "reviewer": display_name(card.reviewed_by) if card.reviewed_by_id else "",
        "reviewed_on": cn_date(card.reviewed_at),
        "acknowledged_on": cn_date(card.acknowledged_at),
        "approver": display_name(card.approved_by) if card.approved_by_id else "",
        "approved_on": cn_date(card.approved_at),
        "status_label": card.get_status_display(),
    }


def scorecard_pdf(card: Scorecard) -> bytes:
    return render_pdf("department/scorecards/print.html", scorecard_context(card), paper="A4")


def filename(card: Scorecard) -> str:
    return f"季度考核表-{display_name(card.salesperson)}-{card.quarter_label}.pdf"


def unscorable_note(card: Scorecard) -> str:
    return _("无法评分（D6）") if card.unscorable else ""
