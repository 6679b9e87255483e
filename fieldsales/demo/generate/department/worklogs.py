"""D3, work logs: a log for each working day of the last months, with comments by the head."""

from __future__ import annotations

from datetime import timedelta

from fieldsales.core.workdays import working_days
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department.texts import COMMENTS, DONE, PLANS, PROBLEMS
from fieldsales.demo.generate.selling import at, explicit_times
from fieldsales.department.worklogs.due import DueTimes
from fieldsales.department.worklogs.facts import empty, with_totals
from fieldsales.department.worklogs.models import WorkLog, WorkLogComment, WorkLogStatus

LOG_MONTHS = 12  # months of daily logs before today


def generate(ctx: Context, people: list[int]) -> int:
    """D3: a log for each working day of the last months, a few missing, a few late, some
    commented by the head the next morning."""
    rng = ctx.rng
    today = ctx.today
    start, end = today - timedelta(days=30 * LOG_MONTHS), today - timedelta(days=1)
    with_logs = set(WorkLog.objects.values_list("person_id", flat=True).distinct())
    dues = DueTimes(end)
    days = [(d, dues.due_at(d)) for d in working_days(start, end)]
    facts = with_totals(empty())
    logs = []
    for person in people:
        if person in with_logs:
            continue
        for day, due in days:
            if rng.random() < 0.04:
                continue
            late = rng.random() < 0.05
            submitted = (
                due + timedelta(hours=rng.randint(1, 6))
                if late
                else at(day, 17 + rng.randint(0, 3), rng.randrange(60))
            )
            logs.append(
                WorkLog(
                    person_id=person,
                    department_id=ctx.department_of[person],
                    day=day,
                    status=WorkLogStatus.SUBMITTED,
                    done=ctx.pick(DONE),
                    problems=ctx.pick(PROBLEMS),
                    plan=ctx.pick(PLANS),
                    facts=facts,
                    submitted_at=submitted,
                    due_at=due,
                    late=late,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
    with explicit_times(WorkLog):
        logs = ctx.bulk(WorkLog, logs)
    comments = [
        WorkLogComment(
            log_id=log.pk,
            author=ctx.heads[log.department_id],
            text=ctx.pick(COMMENTS),
            created_at=log.submitted_at + timedelta(hours=15),
        )
        for log in logs
        if rng.random() < 0.08
    ]
    with explicit_times(WorkLogComment):
        ctx.bulk(WorkLogComment, comments)
    return len(logs)
