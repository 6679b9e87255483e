"""D4 pages: /department/reports/ for a salesperson (write, my reports), a head (to comment,
overdue, the department's monthly report) and the GM; a report completed and submitted through
the form, commented by the head; the section in the 部门 tab; refusals."""

from __future__ import annotations

from datetime import date

from reports_support import order

from fieldsales.department.reports.models import DepartmentMonthlyReport, SalesReport


def test_d4_salesperson_writes_and_submits_on_the_page(client, cast):
    client.force_login(cast["sales1"])
    page = client.get("/department/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/department/reports/"' in html  # the 报告 section tab
    assert "本周周报" in html
    made = client.post("/department/reports/new/", {"kind": "weekly"}, follow=True)
    report = SalesReport.objects.get(salesperson=cast["sales1"])
    assert made.redirect_chain[-1][0] == f"/department/reports/{report.pk}/"
    assert "本期业绩" in made.content.decode()
    form = {
        "work_date": ["2026-12-01", ""],
        "work_customer": ["金华五金", ""],
        "work_content": ["介绍新品", ""],
        "work_progress": ["待报价", ""],
        "work_intent": ["强", ""],
        "problems": "交期紧",
        "plan_content": ["义乌客户"],
        "plan_outcome": ["签约"],
        "plan_due": ["2026-12-09"],
    }
    saved = client.post(f"/department/reports/{report.pk}/submit/", form, follow=True)
    assert saved.status_code == 200
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.work == [
        {
            "date": "2026-12-01",
            "customer": "金华五金",
            "content": "介绍新品",
            "progress": "待报价",
            "intent": "强",
        }
    ]
    assert report.plan == [{"content": "义乌客户", "outcome": "签约", "due": "2026-12-09"}]
    refused = client.post(f"/department/reports/{report.pk}/save/", form, follow=True)
    assert "报告已提交，不能修改" in refused.content.decode()


def test_d4_head_comments_on_the_page(client, cast):
    from fieldsales.department.reports import services

    report = services.report_create(actor=cast["sales1"], kind="weekly")
    services.report_submit(report=report, actor=cast["sales1"])
    client.force_login(cast["head"])
    listed = client.get("/department/reports/").content.decode()
    assert "待批阅" in listed and f"/department/reports/{report.pk}/" in listed
    detail = client.get(f"/department/reports/{report.pk}/").content.decode()
    assert "发送批阅意见" in detail
    client.post(f"/department/reports/{report.pk}/comment/", {"comment": "好好干"})
    report.refresh_from_db()
    assert report.comment == "好好干" and report.status == "commented"


def test_d4_pages_refuse_who_may_not_see(client, cast):
    from fieldsales.department.reports import services

    report = services.report_create(actor=cast["sales1"], kind="weekly")
    for who in ("sales2", "head", "tech"):
        client.force_login(cast[who])
        assert client.get(f"/department/reports/{report.pk}/").status_code == 404, who
    client.force_login(cast["tech"])
    assert client.get("/department/reports/").status_code == 404


def test_d4_department_report_page_has_chart_data_and_downloads(client, cast):
    order(cast, "sales1", "20000.00", date(2026, 11, 3))
    client.force_login(cast["head"])
    department = cast["head"].employee.department
    client.post(
        "/department/reports/department/new/",
        {"department": department.pk, "period_start": "2026-11-01"},
    )
    report = DepartmentMonthlyReport.objects.get()
    html = client.get(f"/department/reports/department/{report.pk}/").content.decode()
    assert 'id="report-chart-data"' in html and "reports-charts.js" in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script (CSP)
    assert "20000.00" in html or "20,000.00" in html
    xlsx = client.get(f"/department/reports/department/{report.pk}/xlsx/")
    assert xlsx.status_code == 200
    pdf = client.get(f"/department/reports/department/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(cast["gm"])
    assert client.get(f"/department/reports/department/{report.pk}/").status_code == 404
    client.force_login(cast["head"])
    client.post(f"/department/reports/department/{report.pk}/submit/", {"summary": "ok"})
    client.force_login(cast["gm"])
    page = client.get(f"/department/reports/department/{report.pk}/").content.decode()
    assert "发送批阅意见" in page
