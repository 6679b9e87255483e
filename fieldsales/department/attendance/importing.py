"""Reading the time clock's export (D7): CSV (UTF-8 or GBK) or XLSX with the columns 工号, 日期,
时间 (or the names clocks commonly print: 考勤号码, 打卡日期, 打卡时间, or one 日期时间 column),
each row checked: a known 工号, a real date and time; repeats inside the file and records
already imported are told apart (skipped, not errors). core.sheets reads the file within its
limits; nothing here writes a sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from fieldsales.core import sheets
from fieldsales.core.errors import RuleBroken
from fieldsales.department.attendance.models import ClockNumber, ClockRecord

MAX_ROWS = 20000
LIMITS = sheets.ReadLimits(max_rows=MAX_ROWS + 20, max_bytes=5 * 1024 * 1024)
HEADER_SEARCH_ROWS = 15

ALIASES: dict[str, tuple[str, ...]] = {
    "number": (
        "工号",
        "员工工号",
        "员工编号",
        "人员编号",
        "考勤号",
        "考勤号码",
        "登记号码",
        "卡号",
        "编号",
        "ac-no.",
        "ac-no",
        "no.",
        "employee id",
        "id",
    ),
    "date": ("日期", "考勤日期", "打卡日期", "签到日期", "date"),
    "time": ("时间", "打卡时间", "签到时间", "刷卡时间", "time"),
    "datetime": ("日期时间", "打卡日期时间", "考勤时间", "datetime"),
}
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
TIME_RE = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")

# A row's fate in the preview.
NEW, DUPLICATE, EXISTING, ERROR = "new", "duplicate", "existing", "error"


@dataclass
class ClockRow:
    number: int  # the row as the spreadsheet numbers it
    values: dict[str, str]
    person_id: int | None = None
    person_name: str = ""
    day: date | None = None
    time: time | None = None
    state: str = NEW
    errors: list[str] | None = None


@dataclass
class ClockPreview:
    rows: list[ClockRow]
    file_errors: list[str]

    @property
    def errors(self) -> list[ClockRow]:
        return [r for r in self.rows if r.state == ERROR]

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.errors

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.rows)

    @property
    def days(self) -> list[date]:
        return sorted({r.day for r in self.rows if r.day is not None and r.state != ERROR})

    def messages(self) -> list[str]:
        lines = list(self.file_errors)
        for row in self.errors:
            lines += [_("第%(n)d行：%(e)s") % {"n": row.number, "e": e} for e in row.errors or []]
        return lines


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", sheets.cell_text(text)).strip().lower() if text is not None else ""


def _columns(header: list[Any]) -> dict[str, int]:
    names = [_norm(cell) for cell in header]
    found: dict[str, int] = {}
    for key, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
    return found


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = DATE_RE.match(text)
    if not match:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


def _parse_time(value: Any) -> time | None:
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    match = TIME_RE.match(str(value or "").strip())
    if not match:
        return None
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _split_datetime(value: Any) -> tuple[Any, Any]:
    if isinstance(value, datetime):
        return value.date(), value.time()
    parts = str(value or "").strip().split()
    return (parts[0], parts[1]) if len(parts) == 2 else (value, None)


def read_clock_file(content: bytes) -> ClockPreview:
    """Every row of the export checked; nothing saved. A file core.sheets refuses (not a CSV
    or XLSX, too big, no header) is one file error."""
    try:
        grid = sheets.read_grid(content, LIMITS)
    except RuleBroken as error:
        return ClockPreview([], [error.message])
    at, columns = None, {}
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns = _columns(list(row))
        if "number" in columns and ({"date", "time"} <= columns.keys() or "datetime" in columns):
            at = index
            break
    if at is None:
        return ClockPreview([], [_("找不到表头：须有“工号”“日期”“时间”三列（D7）")])
    numbers = dict(ClockNumber.objects.values_list("number", "person_id"))
    names = _names(set(numbers.values()))
    rows: list[ClockRow] = []
    for offset, raw in enumerate(grid[at + 1 :], start=at + 2):
        cells = list(raw)

        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        if not any(sheets.cell_text(v) for v in cells):
            continue
        if "date" in columns and "time" in columns and cell("date") not in (None, ""):
            day_value, time_value = cell("date"), cell("time")
        else:
            day_value, time_value = _split_datetime(cell("datetime"))
        number = sheets.cell_text(cell("number"))
        row = ClockRow(
            offset,
            {
                "工号": number,
                "日期": sheets.cell_text(day_value),
                "时间": str(time_value or "").strip()[:8],
            },
        )
        errors = []
        row.person_id = numbers.get(number)
        if not number:
            errors.append(_("缺少工号"))
        elif row.person_id is None:
            errors.append(_("未知工号“%(n)s”") % {"n": number[:30]})
        else:
            row.person_name = names.get(row.person_id, "")
        row.day = _parse_date(day_value)
        if row.day is None:
            errors.append(_("日期无法识别“%(v)s”") % {"v": row.values["日期"][:20]})
        row.time = _parse_time(time_value)
        if row.time is None:
            errors.append(_("时间无法识别“%(v)s”") % {"v": row.values["时间"][:20]})
        if errors:
            row.state, row.errors = ERROR, errors
        rows.append(row)
    if not rows:
        return ClockPreview([], [_("表中没有数据")])
    if len(rows) > MAX_ROWS:
        return ClockPreview([], [_("一次最多导入 %(n)d 行") % {"n": MAX_ROWS}])
    _mark_repeats(rows)
    return ClockPreview(rows, [])


def _names(ids: set[int]) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    from fieldsales.core.people import display_name

    return {u.pk: display_name(u) for u in get_user_model().objects.filter(pk__in=ids)}


def _mark_repeats(rows: list[ClockRow]) -> None:
    """A row repeating an earlier one of the file is a duplicate; one already stored (voided
    ones too: a voided punch does not come back by importing again) is existing."""
    good = [r for r in rows if r.state != ERROR]
    if not good:
        return
    days = {r.day for r in good}
    stored = set(
        ClockRecord.objects.filter(
            person_id__in={r.person_id for r in good}, day__gte=min(days), day__lte=max(days)
        ).values_list("person_id", "day", "time")
    )
    seen: set[tuple[Any, Any, Any]] = set()
    for row in good:
        key = (row.person_id, row.day, row.time)
        if key in seen:
            row.state = DUPLICATE
        elif key in stored:
            row.state = EXISTING
        seen.add(key)
