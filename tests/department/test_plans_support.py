"""Payloads and steps shared by the plans tests (D2); no tests of its own. The demo company's
销售部: head (its head and manager), sales1 and sales2."""

from __future__ import annotations

MONTH = "2027-03-01"
FOUR_PARTS = {
    "goal": "签单 60 万元",
    "strategy": "主攻农光互补",
    "action_plan": "第一周电话预约，第二周起上门",
    "visit_plan": "每周拜访 5 家",
}


def sales_plan(api, who: str = "sales1", month: str = MONTH, **extra) -> dict:
    """A draft sales plan with the four parts written."""
    answer = api(who).post(
        "/api/plans/",
        {"kind": "sales", "period_start": month, **FOUR_PARTS, **extra},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def submitted_sales_plan(api, who: str = "sales1", month: str = MONTH) -> dict:
    plan = sales_plan(api, who, month)
    answer = api(who).post(f"/api/plans/{plan['id']}/submit/")
    assert answer.status_code == 200, answer.json()
    return answer.json()


def approved_sales_plan(api, who: str = "sales1", month: str = MONTH) -> dict:
    plan = submitted_sales_plan(api, who, month)
    answer = api("head").post(
        f"/api/plans/{plan['id']}/approve/", {"comment": "同意"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    return answer.json()


def items_for(cast, due: str = "2027-03-31") -> list[dict]:
    return [
        {"task": "完成一季度回款", "owner": cast["sales1"].pk, "due": due},
        {"task": "周六例会培训", "owner": cast["head"].pk, "due": due},
    ]


def work_plan(api, cast, kind: str = "yearly", start: str = "2027-01-01") -> dict:
    answer = api("head").post(
        "/api/plans/",
        {"kind": kind, "period_start": start, "note": "全年工作", "items": items_for(cast)},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def approved_yearly(api, cast) -> dict:
    plan = work_plan(api, cast)
    assert api("head").post(f"/api/plans/{plan['id']}/submit/").status_code == 200
    answer = api("gm").post(f"/api/plans/{plan['id']}/approve/", {"comment": "同意"}, format="json")
    assert answer.status_code == 200, answer.json()
    return answer.json()
