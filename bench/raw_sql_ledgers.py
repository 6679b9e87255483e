"""Hand-written SQL of attendance's month grid and sheet and of receivables and their export,
to time each page against (bench/raw_sql.py merges `RAW` into its own); the helpers and the
conventions are raw_sql_reports.py's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from raw_sql_reports import SIGNED, Query, _ids, _in, _month, _orders_where

# ---------------------------------------------------------------- attendance


def _attendance(user: Any, limit: int | None) -> list[Query]:
    """The month's people (a page of them), their clock records, notices, exceptions, the
    imports covering the month, the trips covering their days with the claims' absent days."""
    from fieldsales.department.attendance import rules

    today = timezone.localdate()
    start, end = _month(today)
    keepers = "('salesperson', 'dept_head', 'dept_manager')"
    where = (
        "u.is_active AND e.department_id IS NOT NULL AND (e.role IN " + keepers + " OR EXISTS "
        "(SELECT 1 FROM org_rolegrant g WHERE g.employee_id = e.id AND g.role IN " + keepers + "))"
    )
    params: list[Any] = []
    if not rules.reads_everyone(user):
        dept, params = _in("e.department_id", rules.head_of(user))
        own = "u.id = %s" if rules.keeps_attendance(user) else "1 = 0"
        where += f" AND ({own} OR {dept})"
        params = ([user.pk] if rules.keeps_attendance(user) else []) + params
    base = "FROM auth_user u JOIN org_employee e ON e.user_id = u.id WHERE " + where
    rows = (
        "SELECT u.id, u.first_name, u.last_name, u.username, e.department_id "
        f"{base} ORDER BY u.id" + (f" LIMIT {limit}" if limit else "")
    )
    ids = _ids(rows, params)
    queries = [(rows, params)]
    if limit:
        queries.append((f"SELECT COUNT(*) {base}", params))
    month = [ids, start, end]
    margin = [start - timedelta(days=31), end + timedelta(days=31)]
    departments, dp = (
        ("1 = 1", []) if rules.reads_everyone(user) else _in("d.id", rules.head_of(user))
    )
    return queries + [
        (
            "SELECT person_id, day, time FROM department_clockrecord WHERE person_id = ANY(%s) "
            "AND day BETWEEN %s AND %s AND NOT voided ORDER BY time",
            month,
        ),
        (
            "SELECT person_id, day, given_at, reason FROM department_attendancenotice "
            "WHERE person_id = ANY(%s) AND day BETWEEN %s AND %s",
            month,
        ),
        (
            "SELECT person_id, day, reason FROM department_attendanceexception "
            "WHERE person_id = ANY(%s) AND day BETWEEN %s AND %s AND NOT revoked",
            month,
        ),
        (
            "SELECT first_day, last_day FROM department_clockimport WHERE status = 'confirmed' "
            "AND first_day <= %s AND last_day >= %s",
            [end, start],
        ),
        (
            "SELECT t.id, t.traveller_id, t.depart, t.return_date, r.actual_depart, "
            "r.actual_return, ARRAY(SELECT c.user_id FROM trips_tripcompanion c "
            "WHERE c.trip_id = t.id) FROM trips_trip t "
            "LEFT JOIN trips_tripreport r ON r.trip_id = t.id "
            "WHERE t.status IN ('approved', 'reported', 'claimed', 'settled') "
            "AND t.depart <= %s AND t.return_date >= %s AND (t.traveller_id = ANY(%s) "
            "OR t.id IN (SELECT c.trip_id FROM trips_tripcompanion c WHERE c.user_id = ANY(%s)))",
            [margin[1], margin[0], ids, ids],
        ),
        (
            "SELECT k.trip_id, k.claimant_id, k.evaluation -> 'absent_days' FROM trips_claim k "
            "WHERE k.trip_id = ANY(ARRAY(SELECT t.id FROM trips_trip t "
            "WHERE t.status IN ('approved', 'reported', 'claimed', 'settled') "
            "AND t.depart <= %s AND t.return_date >= %s)) AND k.claimant_id = ANY(%s) "
            "AND k.corrects_id IS NULL AND k.evaluation ? 'absent_days' ORDER BY k.id",
            [margin[1], margin[0], ids],
        ),
        (f"SELECT d.id, d.name FROM org_department d WHERE {departments} ORDER BY d.id", dp),
    ]


def attendance_grid(user: Any) -> list[Query]:
    """/department/attendance/grid/: this month's days of the first 30 people the role sees
    (by id) and their count; see `_attendance`."""
    return _attendance(user, 30)


def attendance_sheet(user: Any) -> list[Query]:
    """/department/attendance/sheet/: this month's days of everyone the role sees."""
    return _attendance(user, None)


# ---------------------------------------------------------------- receivables


_PAID = (
    "SELECT order_id, SUM(amount) AS paid FROM sales_collection "
    "WHERE voided_at IS NULL AND date <= %s GROUP BY order_id"
)
_FELL_DUE = (
    "SELECT order_id, SUM(amount) FILTER (WHERE due <= %s) AS due, "
    "SUM(amount) FILTER (WHERE due < %s) AS p0, SUM(amount) FILTER (WHERE due < %s) AS p30, "
    "SUM(amount) FILTER (WHERE due < %s) AS p60, SUM(amount) FILTER (WHERE due < %s) AS p90 "
    "FROM sales_installment GROUP BY order_id"
)


def _past(column: str) -> str:
    return f"GREATEST(COALESCE(i.{column}, 0) - COALESCE(c.paid, 0), 0)"


def _receivables_groups(user: Any, on: date) -> Query:
    """Per department and salesperson (with their names): contract total, due, collected,
    overdue and the aging buckets."""
    where, params = _orders_where(user)
    days = [on, on, *(on - timedelta(days=n) for n in (30, 60, 90))]
    return (
        "SELECT g.*, d.name, u.first_name, u.last_name, u.username FROM ("
        "SELECT o.department_id, o.salesperson_id, SUM(o.total) AS total, SUM(i.due) AS due, "
        "SUM(c.paid) AS collected, "
        + ", ".join(f"SUM({_past(p)}) AS {p}" for p in ("p0", "p30", "p60", "p90"))
        + f" FROM sales_order o LEFT JOIN ({_PAID}) c ON c.order_id = o.id "
        f"LEFT JOIN ({_FELL_DUE}) i ON i.order_id = o.id WHERE o.status = ANY(%s) AND {where} "
        "GROUP BY o.department_id, o.salesperson_id) g "
        "LEFT JOIN org_department d ON d.id = g.department_id "
        "JOIN auth_user u ON u.id = g.salesperson_id",
        [on, *days, SIGNED, *params],
    )


def receivables(user: Any) -> list[Query]:
    """/sales/receivables/: a page of 50 signed orders (by signing date) with their due,
    collected, overdue, aging buckets and oldest overdue installment; their count; the figures
    per department and salesperson (the summary and the totals)."""
    on = timezone.localdate()
    where, params = _orders_where(user)
    page = (
        "SELECT o.id, o.year, o.seq, o.total, o.signed_on, cu.name, u.first_name, u.last_name, "
        "d.name, x.paid, i.due, i.p0, i.p30, i.p60, i.p90, oldest.due "
        f"FROM (SELECT o.* FROM sales_order o WHERE o.status = ANY(%s) AND {where} "
        "ORDER BY o.signed_on, o.id LIMIT 50) o "
        "JOIN crm_customer cu ON cu.id = o.customer_id JOIN auth_user u ON u.id = o.salesperson_id "
        "LEFT JOIN org_department d ON d.id = o.department_id "
        "LEFT JOIN LATERAL (SELECT SUM(amount) AS paid FROM sales_collection "
        "WHERE order_id = o.id AND voided_at IS NULL AND date <= %s) x ON TRUE "
        "LEFT JOIN LATERAL (SELECT SUM(amount) FILTER (WHERE due <= %s) AS due, "
        "SUM(amount) FILTER (WHERE due < %s) AS p0, SUM(amount) FILTER (WHERE due < %s) AS p30, "
        "SUM(amount) FILTER (WHERE due < %s) AS p60, SUM(amount) FILTER (WHERE due < %s) AS p90 "
        "FROM sales_installment WHERE order_id = o.id) i ON TRUE "
        "LEFT JOIN LATERAL (SELECT MIN(s.due) AS due FROM (SELECT due, SUM(amount) OVER "
        "(ORDER BY due) AS upto FROM sales_installment WHERE order_id = o.id) s "
        "WHERE s.due < %s AND s.upto > COALESCE(x.paid, 0) + 0.005) oldest ON TRUE "
        "ORDER BY o.signed_on, o.id"
    )
    days = [on, on, on, *(on - timedelta(days=n) for n in (30, 60, 90)), on]
    return [
        (page, [SIGNED, *params, *days]),
        (
            f"SELECT COUNT(*) FROM sales_order o WHERE o.status = ANY(%s) AND {where}",
            [SIGNED, *params],
        ),
        _receivables_groups(user, on),
    ]


def receivables_export(user: Any) -> list[Query]:
    """/sales/receivables/export/: the rows counted, the export queued (the file is the
    background job's): the count of the signed orders the role sees."""
    where, params = _orders_where(user)
    return [
        (
            f"SELECT COUNT(*) FROM sales_order o WHERE o.status = ANY(%s) AND {where}",
            [SIGNED, *params],
        )
    ]


RAW = {
    "/department/attendance/grid/": attendance_grid,
    "/department/attendance/sheet/": attendance_sheet,
    "/sales/receivables/": receivables,
    "/sales/receivables/export/": receivables_export,
}
