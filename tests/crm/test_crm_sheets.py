"""The department's sheets as .xlsx (Chinese intact) and the import: all rows or none."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from helpers import today
from openpyxl import Workbook, load_workbook

from fieldsales.core.errors import RuleBroken
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.models import Customer, CustomerTransfer
from fieldsales.crm.sheets import exports as sheets_exports
from fieldsales.crm.sheets import imports as sheets_imports
from fieldsales.crm.sheets import services as sheets_services
from fieldsales.crm.visits import selectors as visits_selectors
from fieldsales.crm.visits import services as visits_services

pytestmark = pytest.mark.django_db


def workbook(rows, headers=None):
    wb = Workbook()
    ws = wb.active
    ws.append(["目标客户基本信息情况统计表"])
    ws.append(headers or sheets_exports.TARGET_HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    name,
    region="浙江省金华市金东区光南路1号",
    grade="B",
    owner="",
    phone="13905790100",
    source="展会",
    credit_code="",
):
    # 序号 客户编号 客户名称 信用代码 行业 地区/地址 规模 联系人 职务 电话 需求产品 年需求 竞争 来源 等级
    # 意向 业务员 最近跟进 备注
    return [
        1,
        "",
        name,
        credit_code,
        "制造",
        region,
        "中型",
        "郑伟",
        "总经理",
        phone,
        "光伏组件",
        "1MW",
        "某品牌",
        source,
        grade,
        "强",
        owner,
        "",
        "展会认识",
    ]


def test_import_of_a_good_sheet_creates_every_row(cast):
    content = workbook(
        [
            row("金华新能光伏科技有限公司"),
            row("宁波海天储能有限公司", region="浙江省宁波市北仑区", owner="sales1"),
        ]
    )
    preview = sheets_services.import_customers_preview(content=content, actor=cast["sales1"])
    assert preview.ok
    assert [(r.number, r.errors) for r in preview.rows] == [(3, []), (4, [])]
    created = sheets_services.import_customers_from_excel(
        content=content, actor=cast["sales1"]
    ).created
    assert [
        (c.code, c.name, c.city, c.address, c.grade, c.source, c.intent, c.owner.username)
        for c in created
    ] == [
        (
            "C-0008",
            "金华新能光伏科技有限公司",
            "金华市",
            "金东区光南路1号",
            "B",
            "exhibition",
            "high",
            "sales1",
        ),
        ("C-0009", "宁波海天储能有限公司", "宁波市", "北仑区", "B", "exhibition", "high", "sales1"),
    ]
    assert created[0].contacts.get().phone == "13905790100"
    assert CustomerTransfer.objects.filter(kind="import").count() == 2


def test_bad_rows_are_each_refused_with_row_and_reason_and_none_is_imported(cast):
    content = workbook(
        [
            row("金华新能光伏科技有限公司"),
            row("", region="浙江省金华市"),
            row("某某公司", region="火星省某市"),
            row("某某二公司", grade="D"),
            row("金华新能光伏科技有限公司"),
            row("杭州阳光新能源科技有限公司"),
            row("某某三公司", owner="sales2"),
            row("某某四公司", source="路边"),
            row("某某五公司", credit_code="123"),
        ]
    )
    before = Customer.objects.count()
    preview = sheets_services.import_customers_preview(content=content, actor=cast["sales1"])
    assert not preview.ok
    assert [(r.number, r.errors) for r in preview.rows if r.errors] == [
        (4, ["客户名称：请填写客户名称（与营业执照一致）"]),
        (5, ["地区/地址须以省份和城市开头：火星省某市"]),
        (6, ["客户等级须为 A、B 或 C：D"]),
        (7, ["与第3行是同一客户"]),
        (8, ["已有同名客户：C-0001 杭州阳光新能源科技有限公司（张伟）：名称相同或相近"]),
        (9, ["不能把客户分配给“sales2”（不是本部门的业务员）"]),
        (10, ["客户来源无效：路边"]),
        (11, ["统一社会信用代码：统一社会信用代码须为18位"]),
    ]
    with pytest.raises(sheets_services.ImportRefused) as error:
        sheets_services.import_customers_from_excel(content=content, actor=cast["sales1"])
    assert error.value.as_dict()["file"][0] == "第4行：客户名称：请填写客户名称（与营业执照一致）"
    assert len(error.value.as_dict()["file"]) == 8
    assert Customer.objects.count() == before


def test_a_file_that_is_not_a_sheet_is_refused(cast):
    preview = sheets_services.import_customers_preview(content=b"not excel", actor=cast["sales1"])
    assert preview.file_errors == ["不是有效的 Excel（.xlsx）文件"]
    preview = sheets_services.import_customers_preview(
        content=workbook([["x"]], headers=["甲", "乙"]), actor=cast["sales1"]
    )
    assert preview.file_errors == ["找不到表头“客户名称”，请使用目标客户基本信息情况统计表的格式"]
    with pytest.raises(RuleBroken):
        sheets_services.import_customers_from_excel(content=b"", actor=cast["sales1"])


def test_import_through_the_api_preview_then_commit(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(content, commit):
        file = SimpleUploadedFile("目标客户.xlsx", content, content_type=sheets_exports.XLSX)
        return api("sales1").post(
            "/api/customers/import/", {"file": file, "commit": commit}, format="multipart"
        )

    bad = workbook([row("金华新能光伏科技有限公司"), row("", region="浙江省金华市")])
    response = upload(bad, "true")
    assert response.status_code == 400
    assert response.data == {"file": ["第4行：客户名称：请填写客户名称（与营业执照一致）"]}
    response = upload(bad, "false")
    assert (response.status_code, response.data["rows"][1]["row"]) == (400, 4)
    good = workbook([row("金华新能光伏科技有限公司")])
    assert upload(good, "false").data["ok"] is True
    response = upload(good, "true")
    assert response.status_code == 201
    assert response.data["created"][0]["name"] == "金华新能光伏科技有限公司"


def test_target_sheet_reopens_with_the_chinese_intact(cast):
    customers = customers_selectors.visible_customers(user=cast["sales1"]).order_by("code")
    content = sheets_exports.target_sheet_xlsx(customers, prepared_by=cast["sales1"])
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A1"].value == "浙江诚兴光伏公司"
    assert ws["A2"].value == "目标客户基本信息情况统计表"
    assert [c.value for c in ws[4]] == sheets_exports.TARGET_HEADERS
    first = [c.value for c in ws[5]]
    assert first[1:4] == ["C-0001", "杭州阳光新能源科技有限公司", None]
    assert first[5] == "浙江省杭州市西湖区文三路90号"
    assert (first[7], first[8], first[9], first[14], first[16]) == (
        "赵建华",
        "采购经理",
        "13905710001",
        "A",
        "张伟",
    )
    assert ws.page_setup.orientation == "landscape"
    footer = [c.value for c in ws[ws.max_row] if c.value]
    assert footer == ["制表人：张伟", "审核人："]


def test_the_exported_sheet_imports_back_unchanged(cast):
    customers = Customer.objects.filter(code="C-0001")
    content = sheets_exports.target_sheet_xlsx(customers, prepared_by=cast["sales1"])
    preview = sheets_services.import_customers_preview(content=content, actor=cast["sales1"])
    assert [(r.number, r.data["city"], r.action, r.changes, r.errors) for r in preview.rows] == [
        (5, "杭州市", "update", [], [])
    ]
    done = sheets_services.import_customers_from_excel(content=content, actor=cast["sales1"])
    assert (done.created, done.updated) == ([], [])


def test_weekly_plan_reopens_with_last_weeks_work_and_next_weeks_plan(cast):
    week = visits_selectors.monday_of(today()) + timedelta(days=7)
    customer = Customer.objects.get(code="C-0003")
    visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={
            "date": week + timedelta(days=1),
            "purpose": "了解农光互补需求",
            "materials": "方案书",
        },
    )
    content = sheets_exports.weekly_plan_xlsx(
        user=cast["sales1"], week_start=week, people=[cast["sales1"]]
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["张伟"]
    ws = wb["张伟"]
    values = [c.value for r in ws.iter_rows() for c in r if c.value is not None]
    assert "销售周报 / 周计划" in values
    assert "业务员：张伟" in values
    assert "浦江县绿源农业开发有限公司（携带：方案书）" in values
    assert "了解农光互补需求" in values
    assert "主管批阅意见：" in values


def test_split_region_reads_province_city_and_the_rest():
    province, city, rest = sheets_imports.split_region("上海市浦东新区世纪大道100号")
    assert (province.name, city.name, rest) == ("上海市", "浦东新区", "世纪大道100号")
    province, city, rest = sheets_imports.split_region("浙江 金华 婺城区八一南街")
    assert (province.name, city.name, rest) == ("浙江省", "金华市", "婺城区八一南街")
    assert sheets_imports.split_region("火星") is None


# ---------------------------------------------------------------- issue 8 items 6 and 8

HOSTILE_NAME = '=HYPERLINK("http://evil.example/","点我领奖")'


def test_item6_customer_sheet_writes_a_formula_like_name_as_escaped_text(client, cast):
    Customer.objects.filter(code="C-0001").update(name=HOSTILE_NAME, remarks="+86 转 @财务")
    client.force_login(cast["sales1"])
    response = client.get("/crm/customers/sheet.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "C-0001")
    assert (row[2].data_type, row[2].value) == ("s", "'" + HOSTILE_NAME)
    assert (row[18].data_type, row[18].value) == ("s", "'+86 转 @财务")
    assert not [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"]


def test_item6_weekly_plan_writes_a_formula_like_name_as_escaped_text(client, cast):
    customer = Customer.objects.get(code="C-0003")
    week = visits_selectors.monday_of(today()) + timedelta(days=7)
    visits_services.visit_plan(
        actor=cast["sales1"],
        customer=customer,
        data={"date": week + timedelta(days=1), "purpose": "@SUM(1,2)"},
    )
    Customer.objects.filter(pk=customer.pk).update(name=HOSTILE_NAME)
    client.force_login(cast["sales1"])
    response = client.get("/crm/visits/plan.xlsx", {"week": week.isoformat()})
    ws = load_workbook(io.BytesIO(response.content))["张伟"]
    cells = {c.value: c.data_type for r in ws.iter_rows() for c in r if c.value is not None}
    assert cells["'" + HOSTILE_NAME] == "s"
    assert cells["'@SUM(1,2)"] == "s"
    assert "f" not in cells.values()


def test_item8_an_oversized_import_is_a_400_naming_the_limit(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = [row(f"某某{n}号公司") for n in range(sheets_imports.MAX_ROWS + 40)]
    file = SimpleUploadedFile("big.xlsx", workbook(rows), content_type=sheets_exports.XLSX)
    response = api("sales1").post("/api/customers/import/", {"file": file}, format="multipart")
    assert response.status_code == 400
    assert response.data["file_errors"] == ["表格最多 1030 行"]
    wide = workbook([row("某某公司") + [""] * 21 + ["多余"]])
    file = SimpleUploadedFile("wide.xlsx", wide, content_type=sheets_exports.XLSX)
    response = api("sales1").post(
        "/api/customers/import/", {"file": file, "commit": "true"}, format="multipart"
    )
    assert (response.status_code, response.data) == (400, {"file": ["表格最多 40 列"]})
    file = SimpleUploadedFile("huge.xlsx", b"x" * (5 * 1024 * 1024 + 1))
    response = api("sales1").post("/api/customers/import/", {"file": file}, format="multipart")
    assert (response.status_code, response.data) == (400, {"file": ["文件不能超过 5 MB"]})


# ---------------------------------------------------------------- issue 8 item 7


def exported(user, codes):
    customers = Customer.objects.filter(code__in=codes).order_by("code")
    wb = load_workbook(io.BytesIO(sheets_exports.target_sheet_xlsx(customers, prepared_by=user)))
    return wb, wb.active


def saved(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def column(header):
    return sheets_exports.TARGET_HEADERS.index(header) + 1


def test_item7_export_change_a_cell_import_updates_that_customer(cast):
    from fieldsales.core.models import AuditEvent

    before = Customer.objects.count()
    wb, ws = exported(cast["sales1"], ["C-0001", "C-0003"])
    assert ws.cell(5, 2).value == "C-0001"
    ws.cell(5, column("客户等级")).value = "B"
    ws.cell(5, column("备注")).value = "'=重新报价"
    ws.cell(5, column("电话")).value = "13905710009"
    ws.insert_rows(7)  # a new customer under the exported ones
    ws.cell(7, 3).value = "宁波海天储能有限公司"
    ws.cell(7, column("地区/地址")).value = "浙江省宁波市北仑区"
    ws.cell(7, column("客户等级")).value = "C"
    content = saved(wb)
    preview = sheets_services.import_customers_preview(content=content, actor=cast["sales1"])
    assert preview.ok, preview.messages()
    assert [(r.number, r.action, r.data["code"]) for r in preview.rows] == [
        (5, "update", "C-0001"),
        (6, "update", "C-0003"),
        (7, "create", ""),
    ]
    assert [(c.label, c.old, c.new) for c in preview.rows[0].changes] == [
        ("客户等级", "A", "B"),
        ("备注", "", "=重新报价"),
        ("电话", "13905710001", "13905710009"),
    ]
    assert preview.rows[1].changes == []
    done = sheets_services.import_customers_from_excel(content=content, actor=cast["sales1"])
    assert [c.code for c in done.updated] == ["C-0001"]
    assert [c.name for c in done.created] == ["宁波海天储能有限公司"]
    customer = Customer.objects.get(code="C-0001")
    assert (customer.grade, customer.remarks, customer.contact_phone) == (
        "B",
        "=重新报价",
        "13905710009",
    )
    assert customer.contacts.get(is_primary=True).phone == "13905710009"
    assert Customer.objects.count() == before + 1
    event = AuditEvent.objects.filter(object_id=customer.pk, action="import_edit").get()
    assert event.data["changes"]["grade"] == ["A", "B"]


def test_item7_the_import_preview_page_shows_the_changes(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb, ws = exported(cast["sales1"], ["C-0001"])
    ws.cell(5, column("客户等级")).value = "C"
    client.force_login(cast["sales1"])
    upload = SimpleUploadedFile("sheet.xlsx", saved(wb), content_type=sheets_exports.XLSX)
    html = client.post("/crm/customers/import/", {"file": upload}).content.decode()
    assert "更新 C-0001" in html
    assert "客户等级：A → C" in html


def test_item7_a_customer_the_importer_may_not_edit_is_a_row_error_and_nothing_is_saved(cast, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb, ws = exported(cast["head"], ["C-0001", "C-0002"])
    ws.cell(5, column("客户等级")).value = "C"
    ws.cell(6, column("客户等级")).value = "C"
    content = saved(wb)
    file = SimpleUploadedFile("sheet.xlsx", content, content_type=sheets_exports.XLSX)
    response = api("sales1").post(
        "/api/customers/import/", {"file": file, "commit": "true"}, format="multipart"
    )
    assert (response.status_code, response.data) == (
        400,
        {"file": ["第6行：客户编号 C-0002 的客户不存在或您无权修改"]},
    )
    grades = Customer.objects.filter(code__in=["C-0001", "C-0002"]).order_by("code")
    assert list(grades.values_list("grade", flat=True)) == ["A", "B"]
    file = SimpleUploadedFile("sheet.xlsx", content, content_type=sheets_exports.XLSX)
    response = api("head").post(
        "/api/customers/import/", {"file": file, "commit": "true"}, format="multipart"
    )
    assert response.status_code == 201
    assert [c["code"] for c in response.data["updated"]] == ["C-0001", "C-0002"]


def test_item7_the_owner_changes_only_by_transfer_not_by_import(cast):
    wb, ws = exported(cast["head"], ["C-0001"])
    ws.cell(5, column("责任业务员")).value = "sales2"
    preview = sheets_services.import_customers_preview(content=saved(wb), actor=cast["head"])
    assert preview.rows[0].errors == ["更换责任业务员请在客户页面使用“转交”，不能通过导入修改"]
