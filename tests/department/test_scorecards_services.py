"""D6's services called directly: a quarter gathered for the company by the GM, the manager's
review, the person's dispute and acknowledgement, the GM's approval; the incident sources this
subpackage registers (P7.1 late or still missing reports, D3 missing logs); quarters."""

from __future__ import annotations

from datetime import date

import pytest
from factories import TripFactory
from scorecards_support import quarter_data

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.department.incidents import incidents_for
from fieldsales.department.scorecards.models import Scorecard, ScorecardStatus
from fieldsales.department.scorecards.quarters import Quarter, last_complete, parse_quarter
from fieldsales.department.scorecards.services import (
    gather_quarter,
    scorecard_acknowledge,
    scorecard_approve,
    scorecard_dispute,
    scorecard_review,
)

pytestmark = pytest.mark.django_db


def test_quarters():
    assert parse_quarter(" 2026q3 ") == Quarter(2026, 3)
    assert parse_quarter("2026Q5") is None and parse_quarter(2026) is None
    assert last_complete(date(2026, 12, 4)).label == "2026Q3"
    assert last_complete(date(2027, 1, 1)).label == "2026Q4"
    assert Quarter(2026, 1).end == date(2026, 3, 31) and Quarter(2026, 4).end == date(2026, 12, 31)


def test_the_gm_gathers_the_company_and_the_services_walk_the_workflow(api, cast, sales_department):
    quarter_data(api, cast, sales_department.pk)
    cards = gather_quarter(actor=cast["gm"], year=2026, quarter=2)
    assert {c.salesperson.username for c in cards} == {"sales1", "sales2"}
    card = next(c for c in cards if c.salesperson == cast["sales1"])

    with pytest.raises(Forbidden):
        scorecard_review(card=card, actor=cast["sales1"], points="10", comment="")
    with pytest.raises(RuleBroken) as refused:
        scorecard_review(card=card, actor=cast["head"], points="11", comment="")
    assert refused.value.field == "points" and "D6" in refused.value.message

    card = scorecard_review(card=card, actor=cast["head"], points="6.5", comment="需加强")
    card = scorecard_dispute(card=card, actor=cast["sales1"], reason="新客户已计入")
    assert card.status == ScorecardStatus.DISPUTED
    with pytest.raises(InvalidTransition):
        scorecard_acknowledge(card=card, actor=cast["sales1"])
    card = scorecard_review(card=card, actor=cast["head"], points="7.5", comment="已更正")
    card = scorecard_acknowledge(card=card, actor=cast["sales1"])
    with pytest.raises(Forbidden):
        scorecard_approve(card=card, actor=cast["head"])
    card = scorecard_approve(card=card, actor=cast["gm"])
    stored = Scorecard.objects.get(pk=card.pk)
    assert stored.status == ScorecardStatus.APPROVED
    assert stored.result["indicators"][-1]["points"] == "7.50"
    assert stored.facts["manager_points"] == "7.50"


def test_a_report_still_missing_counts_as_late(cast):
    sales2 = cast["sales2"]
    trip = TripFactory(
        traveller=sales2, depart=date(2026, 6, 1), return_date=date(2026, 6, 2), status="approved"
    )
    found = incidents_for([sales2], date(2026, 4, 1), date(2026, 6, 30))[sales2.pk]
    late = [i for i in found if i.kind == "late_reports"]
    assert len(late) == 1
    assert late[0].url == f"/trips/{trip.pk}/" and "逾期未交" in late[0].label
    missing = [i for i in found if i.kind == "missing_logs"]
    assert missing and all(i.url.startswith("/department/logs/board/") for i in missing)
