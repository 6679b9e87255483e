"""The generator's department part: targets, work logs, reports, plans, meetings, scorecards,
attendance and the duty rota, for every department and salesperson the org part made.

What the demo already loaded for its own people (sales1, sales2, head: a year of logs and
reports, this year's targets and the last quarter's scorecards) is kept, and the generated rows
skip those (person, period) pairs. Figures frozen in reports and scorecards are computed from
the generated orders and collections with a few aggregate queries; scorecards are scored by
the pure engine (fieldsales.scoring) in memory with the parameters in force at each quarter's
end. The logs' frozen facts are left empty (the day's visits would have to be gathered row by
row); their text, dates, due times and lateness are real.
"""

from __future__ import annotations

from fieldsales.demo.generate import Context
from fieldsales.demo.generate.department import (
    attendance,
    duty,
    meetings,
    plans,
    reports,
    scorecards,
    targets,
    worklogs,
)
from fieldsales.demo.generate.department.figures import Figures
from fieldsales.demo.generate.selling import Clock

__all__ = ["Figures", "generate"]


def generate(ctx: Context) -> None:
    people = [u.pk for u in ctx.salespeople]
    clock = Clock(ctx)
    figures = Figures(ctx, people)
    clock("figures")
    steps = (
        ("targets", lambda: targets.generate(ctx, people, figures)),
        ("logs", lambda: worklogs.generate(ctx, people)),
        ("reports", lambda: reports.generate(ctx, people, figures)),
        ("plans", lambda: plans.generate(ctx)),
        ("meetings", lambda: meetings.generate(ctx, people)),
        ("scorecards", lambda: scorecards.generate(ctx, people, figures)),
        ("clock records", lambda: attendance.generate(ctx, people)),
        ("duty shifts", lambda: duty.generate(ctx)),
    )
    counts = {}
    for name, step in steps:
        counts[name] = step()
        clock(name)
    ctx.log("    " + ", ".join(f"{n} {k}" for k, n in counts.items()))
