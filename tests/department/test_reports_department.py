"""D4 部门月报: the same figures per person and in total, written by the head, submitted to the
GM who reads and comments (the head is told); Excel and PDF carry them. Also 周目标 on crm's
weekly sheet now comes from the department's targets."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from reports_support import collect, order, sold
from targets_support import approved_split, publish_company

from fieldsales.crm.sheets.exports import weekly_plan_xlsx
from fieldsales.department.reports import services
from fieldsales.notifications.models import Notification

MONTH = date(2026, 11, 1)
END = date(2026, 11, 30)


@pytest.fixture
def november(cast):
    first = order(cast, "sales1", "20000.00", date(2026, 11, 3))
    order(cast, "sales2", "15000.25", date(2026, 11, 28))
    order(cast, "sales2", "1.00", date(2026, 12, 1))  # December
    collect(cast, first, date(2026, 11, 20), "8000.00")
    return first


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    run = ["pdftotext", "-layout", str(path), "-"]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout


def create(api, department):
    made = api("head").post(
        "/api/reports/department/",
        {"department": department.pk, "period_start": MONTH.isoformat()},
        format="json",
    )
    assert made.status_code == 201, made.json()
    return made.json()


def test_d4_department_report_figures_per_person_and_total(api, cast, sales_department, november):
    body = create(api, sales_department)
    people = {row["name"]: row for row in body["figures"]["people"]}
    s1, s2 = cast["sales1"], cast["sales2"]
    by_id = {row["id"]: row for row in body["figures"]["people"]}
    assert by_id[s1.pk]["sales"] == f"{sold(s1, MONTH, END):.2f}" == "20000.00"
    assert by_id[s2.pk]["sales"] == f"{sold(s2, MONTH, END):.2f}" == "15000.25"
    assert by_id[s1.pk]["collected"] == "8000.00"
    assert by_id[s2.pk]["orders"] == 1
    total = body["figures"]["total"]
    assert total["sales"] == f"{sum(Decimal(r['sales']) for r in people.values()):.2f}"
    assert total["sales"] == "35000.25"
    assert total["orders"] == 2
    assert total["percent"] is None  # no target for 2026
    again = api("head").post(
        "/api/reports/department/",
        {"department": sales_department.pk, "period_start": MONTH.isoformat()},
        format="json",
    )
    assert again.status_code == 409


def test_d4_department_report_head_to_gm_and_back(api, cast, sales_department, november):
    body = create(api, sales_department)
    pk = body["id"]
    assert api("gm").get(f"/api/reports/department/{pk}/").status_code == 404  # a draft
    assert api("sales1").get(f"/api/reports/department/{pk}/").status_code == 404
    assert (
        api("sales1")
        .post("/api/reports/department/", {"department": sales_department.pk}, format="json")
        .status_code
        == 403
    )
    head = api("head")
    edited = head.patch(
        f"/api/reports/department/{pk}/", {"summary": "本月签单两笔"}, format="json"
    )
    assert edited.json()["summary"] == "本月签单两笔"
    assert head.post(f"/api/reports/department/{pk}/submit/").status_code == 200
    assert Notification.objects.filter(recipient=cast["gm"], kind="report.submitted").count() == 1
    order(cast, "sales1", "99999.00", date(2026, 11, 10))
    read = api("gm").get(f"/api/reports/department/{pk}/")
    assert read.status_code == 200
    assert read.json()["figures"]["total"]["sales"] == "35000.25"  # frozen at submit
    assert (
        head.patch(f"/api/reports/department/{pk}/", {"summary": "x"}, format="json").status_code
        == 409
    )
    assert (
        head.post(
            f"/api/reports/department/{pk}/comment/", {"comment": "好"}, format="json"
        ).status_code
        == 403
    )
    done = api("gm").post(
        f"/api/reports/department/{pk}/comment/", {"comment": "回款要抓紧"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "commented"
    told = Notification.objects.get(recipient=cast["head"], kind="report.comment")
    assert told.body == "回款要抓紧"


def test_d4_department_report_excel_and_pdf(api, cast, sales_department, november, tmp_path):
    body = create(api, sales_department)
    pk = body["id"]
    api("head").patch(f"/api/reports/department/{pk}/", {"summary": "本月签单两笔"}, format="json")
    xlsx = api("head").get(f"/api/reports/department/{pk}/xlsx/")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content), data_only=True)
    rows = [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:3] == ("业务员", "月目标", "实际销售额")
    assert rows[-1][0] == "合计"
    assert Decimal(str(rows[-1][2])) == Decimal("35000.25")
    texts = list(wb.worksheets[1].iter_rows(values_only=True))
    assert ("本月总结", "本月签单两笔") in [tuple(r[:2]) for r in texts]
    pdf = api("head").get(f"/api/reports/department/{pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content, tmp_path)
    for expected in (
        "部 门 月 报",
        "2026年11月",
        "合计",
        "35000.25",
        "20000.00",
        "本月签单两笔",
        "尚未批阅",
    ):
        assert expected in text, expected
    assert api("sales2").get(f"/api/reports/department/{pk}/pdf/").status_code == 404


def test_d4_crm_weekly_sheet_takes_its_target_from_the_department(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    content = weekly_plan_xlsx(
        user=cast["head"], week_start=date(2027, 1, 11), people=[cast["sales1"]]
    )
    ws = load_workbook(io.BytesIO(content), data_only=True).worksheets[0]
    header = [ws.cell(row=6, column=c).value for c in range(1, 7)]
    assert header[3] == "周目标"
    # January 2027: 50,000.00 over 26 working days, 6 in the week of Jan 4.
    assert Decimal(str(ws.cell(row=7, column=4).value)) == Decimal("11538.46")


def test_d4_department_report_services_head_to_gm(cast, sales_department, november):
    head, gm = cast["head"], cast["gm"]
    figures = services.department_figures(
        viewer=head, department_id=sales_department.pk, start=MONTH, end=END
    )
    assert figures["total"]["sales"] == "35000.25"
    report = services.department_report_create(
        actor=head, department_id=None, period_start=MONTH
    )  # the head's only department
    assert report.department_id == sales_department.pk
    report = services.department_report_update(report=report, actor=head, data={"plan": "开发义乌"})
    report = services.department_report_submit(report=report, actor=head)
    report = services.department_report_comment(report=report, actor=gm, comment="同意")
    assert (report.status, report.plan, report.comment) == ("commented", "开发义乌", "同意")
