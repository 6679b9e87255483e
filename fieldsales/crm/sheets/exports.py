"""目标客户基本信息情况统计表 and the weekly visit plan as the department's own Excel layouts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fieldsales.core import sheets as xlsx
from fieldsales.core.people import display_name
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.sheets.figures import NONE, weekly_money, weekly_targets
from fieldsales.crm.sheets.selectors import sheet_last_follow_up, with_sheet_columns
from fieldsales.crm.visits.selectors import week_figures, weekly_plan
from fieldsales.org.selectors import company_name

TARGET_TITLE = "目标客户基本信息情况统计表"


TARGET_HEADERS = [
    "序号",
    "客户编号",
    "客户名称",
    "统一社会信用代码",
    "行业",
    "地区/地址",
    "规模",
    "联系人",
    "职务",
    "电话",
    "需求产品",
    "年需求量/采购额",
    "现有供应商/竞争对手",
    "客户来源",
    "客户等级",
    "意向程度",
    "责任业务员",
    "最近跟进日期",
    "备注",
]


TARGET_WIDTHS = [6, 10, 30, 22, 12, 34, 10, 10, 10, 15, 18, 16, 20, 10, 9, 9, 11, 13, 20]


# Columns the import accepts beyond the sheet's own: a finer address and the customer's type.
EXTRA_HEADERS = ["客户类型", "省份", "城市", "详细地址", "信用额度"]


XLSX = xlsx.XLSX


THIN = Side(style="thin", color="808080")


BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


HEAD_FILL = PatternFill("solid", fgColor="E8EEF9")


WRAP = Alignment(wrap_text=True, vertical="center")


CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _title(ws: Worksheet, row: int, text: str, width: int, size: int = 16) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = xlsx.put(ws, row, 1, text)
    cell.font = Font(bold=True, size=size)
    cell.alignment = CENTER
    ws.row_dimensions[row].height = 28 if size >= 14 else 20


def _header(ws: Worksheet, row: int, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = xlsx.put(ws, row, col, text)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = CENTER


def _row(ws: Worksheet, row: int, values: list[Any]) -> None:
    for col, value in enumerate(values, start=1):
        cell = xlsx.put(ws, row, col, value)
        cell.border = BOX
        cell.alignment = WRAP


def _landscape(ws: Any, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated and frozen (before any row of a
    write-only sheet is written)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"


def _save(wb: Workbook) -> bytes:
    return xlsx.workbook_bytes(wb)


def region_text(customer: Customer) -> str:
    city = "" if customer.city == customer.province else customer.city
    return f"{customer.province}{city}{customer.address}"


def target_rows(customers: Iterable[Customer], start: int = 1) -> Iterator[list[Any]]:
    """The sheet's rows for these customers (annotated by `with_sheet_columns`), numbered
    from `start`."""
    for index, c in enumerate(customers, start=start):
        last = sheet_last_follow_up(c)
        yield [
            index,
            c.code,
            c.name,
            c.credit_code,
            c.industry,
            region_text(c),
            c.scale,
            c.sheet_contact_name or c.contact_name,  # type: ignore[attr-defined]
            c.sheet_contact_title or "",  # type: ignore[attr-defined]
            c.sheet_contact_phone or c.contact_phone,  # type: ignore[attr-defined]
            c.products_needed,
            c.annual_demand,
            c.competitors,
            c.get_source_display() if c.source else "",
            c.grade,
            c.get_intent_display() if c.intent else "",
            display_name(c.owner) or "公海",
            last.isoformat() if last else "",
            c.remarks,
        ]


# A queryset is read through one cursor this many rows at a time, so a sheet of every customer
# the GM sees is one query and is written without holding them all.
EXPORT_CHUNK = 2000


# The sheet's looks, registered once as named styles (a write-only sheet names them per cell).
SHEET_STYLES = [
    NamedStyle("fs_title", font=Font(bold=True, size=16), alignment=CENTER),
    NamedStyle("fs_subtitle", font=Font(bold=True, size=12), alignment=CENTER),
    NamedStyle("fs_header", font=Font(bold=True), fill=HEAD_FILL, border=BOX, alignment=CENTER),
    NamedStyle("fs_cell", border=BOX, alignment=WRAP),
]


def target_sheet_xlsx(customers: QuerySet[Customer], *, prepared_by: Any) -> bytes:
    """目标客户基本信息情况统计表 (A4 landscape), with 制表人 and 审核人 at the foot: every
    customer of the queryset, read through one cursor in chunks, written row by row."""
    width = len(TARGET_HEADERS)
    sheet = xlsx.StreamingSheet("目标客户", styles=SHEET_STYLES, widths=TARGET_WIDTHS)
    ws = sheet.ws
    _landscape(ws, 4)
    sheet.append([company_name()], style="fs_subtitle", height=20, merge_to=width)
    sheet.append([TARGET_TITLE], style="fs_title", height=28, merge_to=width)
    sheet.append([f"部门：销售部    制表日期：{cn_date(timezone.localdate())}"], merge_to=width)
    sheet.append(TARGET_HEADERS, style="fs_header")
    if "sheet_last_visit" not in customers.query.annotations:
        customers = with_sheet_columns(customers)
    for values in target_rows(customers.iterator(chunk_size=EXPORT_CHUNK)):
        sheet.append(values, style="fs_cell")
    sheet.append([])
    sheet.append([None, f"制表人：{display_name(prepared_by)}"] + [None] * 7 + ["审核人："])
    return sheet.to_bytes()


def weekly_plan_xlsx(*, user: Any, week_start: date, people: list[Any]) -> bytes:
    """The Saturday meeting's sheet: last week's work, problems, next week's plan, one per person."""
    wb = xlsx.new_workbook()
    wb.remove(wb.active)
    last_week = week_start - timedelta(days=7)
    meeting = week_start - timedelta(days=2)
    # 实际销售额 and 回款额 of last week, from the app that owns orders (empty without one).
    money = weekly_money(user=user, start=last_week, end=last_week + timedelta(6), people=people)
    # 周目标 from the app that owns targets (empty without one or without a target).
    goals = weekly_targets(user=user, start=last_week, end=last_week + timedelta(6), people=people)
    for salesperson in people:
        ws = wb.create_sheet(title=(display_name(salesperson) or salesperson.username)[:28])
        _title(ws, 1, company_name(), 6, 12)
        _title(ws, 2, "销售周报 / 周计划", 6)
        employee = getattr(salesperson, "employee", None)
        department = getattr(getattr(employee, "department", None), "name", "") or ""
        xlsx.put(ws, 3, 1, f"业务员：{display_name(salesperson)}")
        xlsx.put(ws, 3, 3, f"部门：{department}")
        xlsx.put(ws, 3, 5, f"周例会：{cn_date(meeting)}（周六）")
        figures = week_figures(user=user, week_start=last_week, salesperson=salesperson)
        done = weekly_plan(user=user, week_start=last_week, salesperson=salesperson)
        plan = weekly_plan(user=user, week_start=week_start, salesperson=salesperson)
        row = 5
        xlsx.put(ws, row, 1, "一、本周业绩").font = Font(bold=True)
        row += 1
        _header(ws, row, ["拜访次数", "新增客户", "签订合同", "周目标", "实际销售额", "回款额"])
        row += 1
        mine = money.get(salesperson.pk, NONE) if money else None
        _row(
            ws,
            row,
            [
                figures["visits"],
                figures["new_customers"],
                figures["contracts"],
                goals.get(salesperson.pk, ""),
                mine.sales if mine else "",
                mine.collected if mine else "",
            ],
        )
        if salesperson.pk in goals:
            ws.cell(row=row, column=4).number_format = "#,##0.00"
        if mine:
            for col in (5, 6):
                ws.cell(row=row, column=col).number_format = "#,##0.00"

        row += 2
        xlsx.put(
            ws,
            row,
            1,
            f"二、本周工作（{cn_date(last_week)}—{cn_date(last_week + timedelta(6))}）",
        ).font = Font(bold=True)
        row += 1
        _header(ws, row, ["日期", "客户", "内容", "进展", "意向度", "客户签字"])
        problems = []
        for plan_day in done:
            for visit in plan_day.visits:
                row += 1
                _row(
                    ws,
                    row,
                    [
                        visit.date.isoformat(),
                        visit.customer.name,
                        visit.content or visit.purpose,
                        visit.get_status_display() + ("，已记录" if visit.is_recorded else ""),
                        visit.customer.get_intent_display() if visit.customer.intent else "",
                        "已签字" if visit.signature is not None else "",
                    ],
                )
                if visit.objections:
                    problems.append(f"{visit.customer.name}：{visit.objections}")
        row += 2
        xlsx.put(ws, row, 1, "三、问题与需支持事项").font = Font(bold=True)
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = xlsx.put(ws, row, 1, "\n".join(problems) or "")
        cell.alignment = WRAP
        ws.row_dimensions[row].height = max(30, 16 * len(problems))
        row += 2
        xlsx.put(
            ws,
            row,
            1,
            f"四、下周计划（{cn_date(week_start)}—{cn_date(week_start + timedelta(6))}）",
        ).font = Font(bold=True)
        row += 1
        _header(
            ws, row, ["完成时间", "顺序", "内容/目标客户", "预期成果", "完成情况", "未完成原因"]
        )
        for plan_day in plan:
            for visit in plan_day.visits:
                row += 1
                materials = f"（携带：{visit.materials}）" if visit.materials else ""
                _row(
                    ws,
                    row,
                    [
                        visit.date.isoformat(),
                        visit.seq,
                        f"{visit.customer.name}{materials}",
                        visit.purpose,
                        visit.get_status_display(),
                        visit.cancel_reason,
                    ],
                )
        row += 2
        xlsx.put(ws, row, 1, "主管批阅意见：").font = Font(bold=True)
        for col, w in enumerate([13, 8, 34, 30, 14, 18], start=1):
            ws.column_dimensions[get_column_letter(col)].width = w
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if not wb.sheetnames:
        wb.create_sheet(title="周计划")
    return _save(wb)
