"""Hand-written SQL of the report pages (the dashboard and its workbook, the targets page, the
home page; attendance and receivables are in raw_sql_ledgers.py), to time each page against
(bench/raw_sql.py merges `RAW` into its own).

As in raw_sql.py: what the role sees (people, departments) and what the calendar says (the
period, the working days, the reports due) is looked up beforehand with the app's own helpers;
only the SQL is timed. Each function's SQL yields the page's figures at the page's grain: the
aggregates of a report, the rows of a list page. Period: today's month and year, as the pages
default.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from fieldsales.org.access import department_ids, visible_people

Query = tuple[str, list[Any]]

# D1's collections per salesperson, department and month, as the database keeps them.
COLLECTED = (
    "(SELECT salesperson_id, NULLIF(department, 0) AS department_id, year, month, cents / 100.0 "
    "AS amount FROM sales_collected_month)"
)
SIGNED = ["signed", "partly_delivered", "delivered", "completed"]
STAGES = ("lead_found", "contacted", "needs_understood", "contract_signed", "in_execution", "won")
NAME = (  # core.people.display_name, for ordering in SQL (code points, as Python sorts)
    "(CASE WHEN u.last_name <> '' AND u.first_name <> '' THEN u.last_name || u.first_name "
    "ELSE COALESCE(NULLIF(u.last_name, ''), NULLIF(u.first_name, ''), u.username) END) "
    'COLLATE "C"'
)


def _in(column: str, ids: Any) -> Query:
    """`column IN (...)`, or no condition when ids is None (everyone)."""
    if ids is None:
        return "1 = 1", []
    ids = sorted(ids)
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def _either(person_col: str, people: Any, dept_col: str | None, departments: Any) -> Query:
    """The rows of `people`, or of `departments` when the rows have a department column."""
    if people is None:
        return "1 = 1", []
    who, params = _in(person_col, people)
    if dept_col and departments:
        where, more = _in(dept_col, departments)
        return f"({who} OR {where})", params + more
    return who, params


def _month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ids(sql: str, params: list[Any]) -> list[int]:
    """Ids a page's first query finds (run once untimed, to write the page's next queries)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _orders_where(user: Any) -> Query:
    """sales.orders.selectors.visible_orders: the people's orders and their customers', the
    departments', the pending ones; everything for the GM and finance."""
    people = visible_people(user)
    if people is None:
        return "1 = 1", []
    who, params = _in("o.salesperson_id", people)
    owner, more = _in("owner_id", people)
    where = f"({who} OR o.customer_id IN (SELECT id FROM crm_customer WHERE {owner}) "
    where += "OR o.pending_user_id = %s"
    params += more + [user.pk]
    if departments := department_ids(user):
        dept, more = _in("o.department_id", departments)
        where += f" OR {dept}"
        params += more
    return where + ")", params


# ---------------------------------------------------------------- the dashboard


def _targets_month(
    year: int, month: int, people: Any, departments: Any, per_person: bool
) -> list[Query]:
    """D1's cell of the month: the split targets and the month's sales and collections, per
    department (and per person for a head)."""
    by = "t.department_id, l.salesperson_id" if per_person else "t.department_id"
    lines, params = _either("l.salesperson_id", people, "t.department_id", departments)
    sales, sp = _either("o.salesperson_id", people, "o.department_id", departments)
    start, end = date(year, month, 1), _month(date(year, month, 1))[1]
    grouped = "o.department_id, o.salesperson_id" if per_person else "o.department_id"
    return [
        (
            f"SELECT {by}, l.measure, SUM(l.amount) FROM department_targetline l "
            "JOIN department_target t ON t.id = l.target_id WHERE t.year = %s "
            "AND t.status = 'approved' AND t.level = 'department' AND l.salesperson_id IS NOT NULL "
            f"AND l.category_id IS NULL AND l.month = %s AND {lines} GROUP BY {by}, l.measure",
            [year, month, *params],
        ),
        (
            f"SELECT {grouped}, SUM(o.total) FROM sales_order o WHERE o.status = ANY(%s) "
            f"AND o.signed_on BETWEEN %s AND %s AND {sales} GROUP BY {grouped}",
            [SIGNED, start, end, *sp],
        ),
        (
            f"SELECT {grouped}, SUM(o.amount) FROM {COLLECTED} o "
            f"WHERE o.year = %s AND o.month = %s AND {sales} GROUP BY {grouped}",
            [year, month, *sp],
        ),
        ("SELECT d.id, d.name FROM org_department d ORDER BY d.name", []),
    ]


def _trip_where(user: Any) -> Query:
    """trips.selectors.visible_trips: travelled, accompanied, the departments', or all."""
    people = visible_people(user)
    if people is None:
        return "1 = 1", []
    who, params = _in("t.traveller_id", people)
    companion, more = _in("c.user_id", people)
    where = f"({who} OR t.id IN (SELECT c.trip_id FROM trips_tripcompanion c WHERE {companion})"
    params += more
    if departments := department_ids(user):
        dept, more = _in("t.department_id", departments)
        where += f" OR {dept}"
        params += more
    return where + ")", params


def _overdue_counts(user: Any, scope: Any, today: date) -> list[Query]:
    """D12's overdue counts: revisits, installments, trip reports, work logs, reports."""
    from fieldsales.core.workdays import working_days
    from fieldsales.crm.customers import rules as crm_rules
    from fieldsales.crm.customers.selectors import crm_settings
    from fieldsales.department.reports import periods as report_periods
    from fieldsales.department.reports import selectors as reports
    from fieldsales.department.worklogs import rules as log_rules
    from fieldsales.department.worklogs import selectors as logs
    from fieldsales.department.worklogs.due import DueTimes
    from fieldsales.trips.policy_versions import policy_in_force

    queries = []
    if crm_rules.uses_crm(user):
        settings = crm_settings()
        owned, params = _in("c.owner_id", visible_people(user))
        late = " OR ".join(
            "(c.grade = %s AND COALESCE(l.at, c.created_at) < %s)" for _grade in "ABC"
        )
        for grade in "ABC":
            params += [grade, _aware(today - timedelta(days=settings.revisit_days(grade)))]
        queries.append(
            (
                "SELECT COUNT(*) FROM crm_customer c LEFT JOIN crm_last_check_in l "
                "ON l.customer_id = c.id WHERE c.status = 'active' AND c.owner_id IS NOT NULL "
                f"AND c.kind IN ('end_customer', 'distributor') AND {owned} AND ({late})",
                params,
            )
        )
    orders, params = _either("o.salesperson_id", scope.people, "o.department_id", scope.departments)
    queries.append(
        (
            "SELECT COUNT(*) FROM sales_installment i JOIN sales_order o ON o.id = i.order_id "
            f"WHERE o.status = ANY(%s) AND i.due < %s AND i.collected < i.amount AND {orders}",
            [SIGNED, today, *params],
        )
    )
    trips, params = _trip_where(user)
    cutoff = today - timedelta(days=policy_in_force(today).report_due_days)
    queries.append(
        (
            "SELECT COUNT(*) FROM trips_trip t WHERE t.status IN ('approved', 'claimed', 'settled') "
            "AND t.return_date < %s AND NOT EXISTS (SELECT 1 FROM trips_tripreport r "
            f"WHERE r.trip_id = t.id) AND {trips}",
            [cutoff, *params],
        )
    )
    now = timezone.now()
    if log_rules.reads_logs(user):
        writers = list(logs.writers_seen_by(user).values_list("pk", flat=True))
        start = today - logs.OVERDUE_WINDOW
        dues = DueTimes(today)
        days = [d for d in working_days(start, today) if dues.due_at(d) < now]
        if writers and days:
            queries.append(
                (
                    "SELECT COUNT(*) FROM unnest(%s::int[]) p(id) CROSS JOIN unnest(%s::date[]) d(day) "
                    "WHERE NOT EXISTS (SELECT 1 FROM department_worklog w WHERE w.person_id = p.id "
                    "AND w.day = d.day AND w.status = 'submitted' AND w.submitted_at <= %s)",
                    [writers, days, now],
                )
            )
    people = [p.pk for p in reports.people_in_scope(user)]
    due_from = now - reports.OVERDUE_WINDOW
    owed = []  # (kind, start, end) of the reports that fell due in the last month
    for kind in ("weekly", "monthly"):
        start = report_periods.period_of(kind, timezone.localtime(due_from).date() - timedelta(62))[
            0
        ]
        while (due := reports.due_at(kind, start)) < now:
            if due >= due_from:
                owed.append((kind, start, report_periods.period_of(kind, start)[1]))
            start = report_periods.next_period(kind, start)
    if people and owed:
        values = ", ".join(["(%s, %s::date, %s::date)"] * len(owed))
        queries.append(
            (
                f"SELECT COUNT(*) FROM (VALUES {values}) r(kind, start, finish) "
                "CROSS JOIN auth_user u WHERE u.id = ANY(%s) "
                "AND r.finish >= (u.date_joined AT TIME ZONE %s)::date "
                "AND NOT EXISTS (SELECT 1 FROM department_salesreport s WHERE s.kind = r.kind "
                "AND s.salesperson_id = u.id AND s.period_start = r.start "
                "AND s.status IN ('submitted', 'commented'))",
                [*[x for row in owed for x in row], people, str(timezone.get_current_timezone())],
            )
        )
    return queries


def dashboard(user: Any) -> list[Query]:
    """/dashboard/ and /dashboard/export/ (this month): target vs actual per department (and
    person for a head), the funnel of the month's opportunities, twelve months of due vs
    collected, the aging buckets today, visits per week, trip cost per signed order, the
    overdue counts, and the names of a head's people."""
    from fieldsales.department.dashboard.scope import scope_of

    scope = scope_of(user)
    today = timezone.localdate()
    start, end = _month(today)
    per_person = scope.per_person
    people, departments = scope.people, scope.departments
    queries = _targets_month(today.year, today.month, people, departments, per_person)
    owner, params = _in("o.owner_id", people)
    who = "owner_id, " if per_person else ""
    queries.append(
        (
            f"SELECT {who}top, COUNT(*) FROM (SELECT o.id, o.owner_id, GREATEST("
            "array_position(%s::text[], o.stage::text), "
            "MAX(array_position(%s::text[], c.to_stage::text))) AS top "
            "FROM crm_opportunity o LEFT JOIN crm_stagechange c ON c.opportunity_id = o.id "
            f"WHERE o.created_at >= %s AND o.created_at < %s AND {owner} GROUP BY o.id) r "
            f"WHERE top IS NOT NULL GROUP BY {who}top",
            [list(STAGES), list(STAGES), _aware(start), _aware(end + timedelta(1)), *params],
        )
    )
    orders, params = _either("o.salesperson_id", people, "o.department_id", departments)
    first = (start - timedelta(days=334)).replace(day=1)
    queries += [
        (
            "SELECT date_trunc('month', i.due)::date, SUM(i.amount) FROM sales_installment i "
            "JOIN sales_order o ON o.id = i.order_id WHERE o.status = ANY(%s) "
            f"AND i.due BETWEEN %s AND %s AND {orders} GROUP BY 1",
            [SIGNED, first, end, *params],
        ),
        (
            "SELECT date_trunc('month', c.date)::date, SUM(c.amount) FROM sales_collection c "
            "JOIN sales_order o ON o.id = c.order_id WHERE o.status = ANY(%s) "
            f"AND c.voided_at IS NULL AND c.date BETWEEN %s AND %s AND {orders} GROUP BY 1",
            [SIGNED, first, end, *params],
        ),
    ]
    who = "o.salesperson_id, " if per_person else ""
    queries.append(
        (
            f"SELECT {who}CASE WHEN i.due >= %s THEN '1-30' WHEN i.due >= %s THEN '31-60' "
            "WHEN i.due >= %s THEN '61-90' ELSE '>90' END AS bucket, SUM(i.amount - i.collected) "
            "FROM sales_installment i JOIN sales_order o ON o.id = i.order_id "
            "WHERE o.status = ANY(%s) AND i.due < %s AND i.collected < i.amount "
            f"AND {orders} GROUP BY {who}bucket",
            [*(today - timedelta(days=n) for n in (30, 60, 90)), SIGNED, today, *params],
        )
    )
    visitor, vp = _in("v.salesperson_id", people)
    who = "v.salesperson_id, " if per_person else ""
    queries.append(
        (
            f"SELECT {who}date_trunc('week', v.date)::date AS week, COUNT(*) FROM crm_visit v "
            f"WHERE v.date BETWEEN %s AND %s AND v.check_in_at IS NOT NULL AND {visitor} "
            f"GROUP BY {who}week",
            [start, end, *vp],
        )
    )
    claimant, cp = _either("k.claimant_id", people, "t.department_id", departments)
    who = "k.claimant_id, " if per_person else ""
    queries.append(
        (
            f"SELECT {who}SUM(k.reimbursed_total) FROM trips_claim k "
            "JOIN trips_trip t ON t.id = k.trip_id WHERE k.status IN ('approved', 'settled') "
            "AND t.return_date BETWEEN %s AND %s AND NOT EXISTS (SELECT 1 FROM trips_claim x "
            "WHERE x.corrects_id = k.id AND x.status IN ('approved', 'settled')) "
            f"AND {claimant}" + (" GROUP BY k.claimant_id" if per_person else ""),
            [start, end, *cp],
        )
    )
    who = "o.salesperson_id, " if per_person else ""
    queries.append(
        (
            f"SELECT {who}COUNT(*) FROM sales_order o WHERE o.status = ANY(%s) "
            f"AND o.signed_on BETWEEN %s AND %s AND {orders}"
            + (" GROUP BY o.salesperson_id" if per_person else ""),
            [SIGNED, start, end, *params],
        )
    )
    queries += _overdue_counts(user, scope, today)
    if per_person:
        named, params = _in("u.id", people)
        queries.append(
            (
                f"SELECT u.id, u.first_name, u.last_name, u.username FROM auth_user u WHERE {named}",
                params,
            )
        )
    return queries


# ---------------------------------------------------------------- targets


def _actuals(year: int, by: str, where: str) -> list[str]:
    """The year's sales and collections per `by` and month, of the orders `where`."""
    return [
        f"SELECT {by}, EXTRACT(MONTH FROM o.signed_on) AS m, SUM(o.total) FROM sales_order o "
        f"WHERE o.status = ANY(%s) AND o.signed_on BETWEEN %s AND %s AND {where} GROUP BY {by}, m",
        f"SELECT {by}, o.month, SUM(o.amount) FROM {COLLECTED} o "
        f"WHERE o.year = %s AND {where} GROUP BY {by}, o.month",
    ]


def targets(user: Any) -> list[Query]:
    """/department/targets/ (this year): the versions the role sees; the company's row and
    each department's (year targets, twelve months of split targets, sales and collections);
    a page of 20 people by name (their months' targets and actuals, their category targets
    and category sales) and the number of people."""
    from fieldsales.department.targets import rules
    from fieldsales.department.targets.progress import _scope

    year = timezone.localdate().year
    jan, dec = date(year, 1, 1), date(year, 12, 31)
    people, departments, _company = _scope(user, None, None)
    queries = []
    shown, params = "1 = 1", []
    if not rules.reads_every_target(user):
        mine = "t.id IN (SELECT target_id FROM department_targetline WHERE salesperson_id = %s)"
        shown = f"((t.status IN ('approved', 'superseded') AND {mine}) OR t.created_by_id = %s"
        params = [user.pk, user.pk]
        if split := rules.split_departments(user):
            dept, more = _in("t.department_id", split)
            shown += f" OR (t.level = 'department' AND {dept}) OR (t.level = 'company' AND "
            shown += "t.status IN ('approved', 'superseded'))"
            params += more
        shown += ")"
    queries.append(
        (
            "SELECT t.id, t.level, t.department_id, t.version, t.status, t.sales_total, "
            "t.collections_total, d.name, u.first_name FROM department_target t "
            "LEFT JOIN org_department d ON d.id = t.department_id "
            f"JOIN auth_user u ON u.id = t.created_by_id WHERE t.year = %s AND {shown} "
            "ORDER BY t.level, t.department_id, t.version DESC",
            [year, *params],
        )
    )
    in_force = "t.year = %s AND t.status = 'approved'"
    seen, sp = _in("t.department_id", departments)
    queries += [
        (
            "SELECT l.department_id, l.measure, l.amount FROM department_targetline l "
            f"JOIN department_target t ON t.id = l.target_id WHERE {in_force} "
            "AND t.level = 'company' AND l.department_id IS NOT NULL",
            [year],
        ),
        (
            "SELECT t.department_id, l.measure, l.month, SUM(l.amount) FROM department_targetline l "
            f"JOIN department_target t ON t.id = l.target_id WHERE {in_force} "
            "AND t.level = 'department' AND l.salesperson_id IS NOT NULL AND l.category_id IS NULL "
            f"AND l.month > 0 AND {seen} GROUP BY 1, 2, 3",
            [year, *sp],
        ),
    ]
    orders, op = _either("o.salesperson_id", people, "o.department_id", departments)
    sales, collections = _actuals(year, "o.department_id", orders)
    queries += [(sales, [SIGNED, jan, dec, *op]), (collections, [year, *op])]
    # The people: a target line or an order or a collection this year, by name.
    who, wp = _in("p.id", people)
    everyone = (
        "WITH p(id) AS (SELECT l.salesperson_id FROM department_targetline l "
        f"JOIN department_target t ON t.id = l.target_id WHERE {in_force} "
        "AND t.level = 'department' AND l.salesperson_id IS NOT NULL "
        f"UNION SELECT o.salesperson_id FROM sales_order o WHERE o.status = ANY(%s) "
        f"AND o.signed_on BETWEEN %s AND %s AND {orders} "
        f"UNION SELECT o.salesperson_id FROM {COLLECTED} o WHERE o.year = %s AND {orders}) "
    )
    ep = [year, SIGNED, jan, dec, *op, year, *op]
    page = (
        everyone + "SELECT u.id, u.first_name, u.last_name, u.username FROM p "
        f"JOIN auth_user u ON u.id = p.id WHERE {who} ORDER BY {NAME}, u.id LIMIT 20"
    )
    ids = _ids(page, ep + wp)
    queries += [
        (page, ep + wp),
        (everyone + f"SELECT COUNT(*) FROM p WHERE {who}", ep + wp),
        (
            "SELECT l.salesperson_id, l.measure, l.month, l.amount, l.category_id, c.name "
            "FROM department_targetline l JOIN department_target t ON t.id = l.target_id "
            "LEFT JOIN sales_productcategory c ON c.id = l.category_id "
            f"WHERE {in_force} AND t.level = 'department' AND l.salesperson_id = ANY(%s)",
            [year, ids],
        ),
    ]
    sales, collections = _actuals(year, "o.salesperson_id", "o.salesperson_id = ANY(%s)")
    queries += [(sales, [SIGNED, jan, dec, ids]), (collections, [year, ids])]
    queries.append(
        (
            "SELECT o.salesperson_id, p.category_id, SUM(l.amount) FROM sales_orderline l "
            "JOIN sales_order o ON o.id = l.order_id JOIN sales_product p ON p.id = l.product_id "
            "WHERE o.status = ANY(%s) AND o.signed_on BETWEEN %s AND %s "
            "AND o.salesperson_id = ANY(%s) AND p.category_id IS NOT NULL GROUP BY 1, 2",
            [SIGNED, jan, dec, ids],
        )
    )
    return queries


# ---------------------------------------------------------------- home


def home(user: Any) -> list[Query]:
    """/ (home): the blocks the role sees: this year's and this month's target vs actual of
    its scope (the company's row for the GM and finance) and the overdue counts; the inbox's
    first 10; finance's sums to pay; the GM's installments to chase, the team's overdue trip
    reports and revisits (first few and their count)."""
    from fieldsales.core.registry import page_blocks
    from fieldsales.department.dashboard.scope import scope_of
    from fieldsales.org.access import load_roles

    blocks = {b.name for b in page_blocks("home", user)}
    today = timezone.localdate()
    scope = scope_of(user)
    queries: list[Query] = []
    if scope is not None:
        queries.append(
            (
                "SELECT t.sales_total, t.collections_total FROM department_target t "
                "WHERE t.year = %s AND t.status = 'approved' AND t.level = 'company'",
                [today.year],
            )
        )
        people, departments = scope.people, scope.departments
        queries += _targets_month(today.year, today.month, people, departments, False)[:1]
        orders, op = _either("o.salesperson_id", people, "o.department_id", departments)
        jan, dec = date(today.year, 1, 1), date(today.year, 12, 31)
        sales, collections = _actuals(today.year, "o.department_id", orders)
        queries += [(sales, [SIGNED, jan, dec, *op]), (collections, [today.year, *op])]
        queries += _overdue_counts(user, scope, today)
    roles = sorted(load_roles(user))
    pending = "(x.pending_user_id = %s OR (x.pending_role = ANY(%s) AND x.pending_user_id IS NULL))"
    parts, params = [], []
    for table, person, status in (
        ("trips_trip", "traveller_id", "submitted"),
        ("trips_advance", "traveller_id", "submitted"),
        ("trips_claim", "claimant_id", "submitted"),
        ("sales_pricelist", "created_by_id", "submitted"),
        ("sales_inquiry", "salesperson_id", "submitted"),
        ("sales_quote", "salesperson_id", "submitted"),
        ("sales_order", "salesperson_id", "submitted"),
        ("department_target", "created_by_id", "submitted"),
        ("department_plan", "owner_id", "submitted"),
        ("department_vehiclebooking", "requester_id", "requested"),
    ):
        parts.append(
            f"SELECT '{table}' AS source, x.id, x.status, x.{person} AS person, "
            "COALESCE(x.submitted_at, x.created_at) AS since "
            f"FROM {table} x WHERE {pending} AND x.status = %s AND x.{person} <> %s"
        )
        params += [user.pk, roles, status, user.pk]
    if "finance" in roles:  # what finance pays out and settles, nobody's own
        for table, person in (("trips_advance", "traveller_id"), ("trips_claim", "claimant_id")):
            parts.append(
                f"SELECT '{table}' AS source, x.id, x.status, x.{person} AS person, "
                "COALESCE(x.submitted_at, x.created_at) AS since "
                f"FROM {table} x WHERE x.status = 'approved' AND x.{person} <> %s"
            )
            params.append(user.pk)
    queries.append(
        (
            "SELECT w.*, u.first_name, u.last_name FROM (" + " UNION ALL ".join(parts) + ") w "
            "JOIN auth_user u ON u.id = w.person ORDER BY w.since, w.id LIMIT 10",
            params,
        )
    )
    if "trips.to_pay" in blocks:
        queries += [
            (
                "SELECT COUNT(*), SUM(pay_to_traveller), SUM(return_to_company), "
                "SUM(reimbursed_total) FROM trips_claim WHERE status = 'approved' "
                "AND claimant_id <> %s",
                [user.pk],
            ),
            (
                "SELECT status, COUNT(*), SUM(amount) FROM trips_advance "
                "WHERE status IN ('approved', 'paid') AND traveller_id <> %s GROUP BY status",
                [user.pk],
            ),
        ]
    if "sales.orders.installments" in blocks:
        where, params = _orders_where(user)
        queries.append(
            (
                "SELECT i.id, i.label, i.amount, i.due, i.collected, o.year, o.seq, cu.name "
                "FROM sales_installment i JOIN sales_order o ON o.id = i.order_id "
                "JOIN crm_customer cu ON cu.id = o.customer_id "
                "WHERE o.status IN ('signed', 'partly_delivered', 'delivered') "
                f"AND i.collected < i.amount AND i.due <= %s AND {where} ORDER BY i.due, i.id LIMIT 10",
                [today + timedelta(days=7), *params],
            )
        )
    if "trips.team_overdue" in blocks:
        from fieldsales.trips.policy_versions import policy_in_force

        trips, params = _trip_where(user)
        cutoff = today - timedelta(days=policy_in_force(today).report_due_days)
        overdue = (
            "FROM trips_trip t WHERE t.status IN ('approved', 'claimed', 'settled') "
            "AND t.return_date < %s AND NOT EXISTS (SELECT 1 FROM trips_tripreport r "
            f"WHERE r.trip_id = t.id) AND {trips} AND t.traveller_id <> %s"
        )
        params = [cutoff, *params, user.pk]
        queries += [
            (
                "SELECT t.id, t.depart, t.return_date, t.purpose, u.first_name, "
                "(SELECT string_agg(d.city, '、' ORDER BY d.seq) FROM trips_tripdestination d "
                "WHERE d.trip_id = t.id) FROM (SELECT t.* "
                + overdue
                + " ORDER BY t.created_at DESC LIMIT 10) t JOIN auth_user u ON u.id = t.traveller_id",
                params,
            ),
            (f"SELECT COUNT(*) {overdue}", params),
        ]
    if "crm.revisits" in blocks:
        from fieldsales.crm.customers.selectors import crm_settings

        settings = crm_settings()
        owned, params = _in("c.owner_id", visible_people(user))
        days = "CASE c.grade " + " ".join("WHEN %s THEN %s" for _g in "ABC") + " END"
        late = " OR ".join("(c.grade = %s AND COALESCE(l.at, c.created_at) < %s)" for _g in "ABC")
        grades = [x for g in "ABC" for x in (g, timedelta(days=settings.revisit_days(g)))]
        cutoffs = [
            x for g in "ABC" for x in (g, _aware(today - timedelta(settings.revisit_days(g))))
        ]
        overdue = (
            "FROM crm_customer c LEFT JOIN crm_last_check_in l ON l.customer_id = c.id "
            "WHERE c.status = 'active' AND c.owner_id IS NOT NULL "
            f"AND c.kind IN ('end_customer', 'distributor') AND {owned} AND ({late})"
        )
        queries += [
            (
                "SELECT c.id, c.code, c.name, c.grade, l.at, u.first_name, "
                f"((COALESCE(l.at, c.created_at) + {days}) AT TIME ZONE %s)::date AS due "
                f"{overdue.replace('WHERE', 'JOIN auth_user u ON u.id = c.owner_id WHERE', 1)} "
                "ORDER BY due, c.code LIMIT 5",
                [*grades, str(timezone.get_current_timezone()), *params, *cutoffs],
            ),
            (f"SELECT COUNT(*) {overdue}", [*params, *cutoffs]),
        ]
    return queries


RAW = {
    "/dashboard/": dashboard,
    "/api/dashboard/": dashboard,
    "/dashboard/export/": dashboard,
    "/department/targets/": targets,
    "/": home,
}
