"""Issue 10, item 18: the home page speaks to each role. A salesperson sees today's visits, the
trips under way, the trip reports due and the drafts; a head the team's overdue work and what
waits for approval; finance what to pay and settle, counted and summed; the admin the setup.
The blocks come from the apps that own them; the page's query count stays flat."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import AdvanceFactory, ClaimFactory, TripFactory
from helpers import today

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_salesperson_sees_trip_under_way_report_due_and_drafts(client, cast):
    sales1 = cast["sales1"]
    day = today()
    under_way = TripFactory(
        traveller=sales1, status="approved", depart=day, return_date=day + timedelta(days=1)
    )
    back = TripFactory(
        traveller=sales1,
        status="approved",
        depart=day - timedelta(days=2),
        return_date=day - timedelta(days=1),
    )
    draft = TripFactory(
        traveller=sales1, depart=day + timedelta(days=5), return_date=day + timedelta(days=6)
    )
    page = home(client, sales1)
    assert 'id="home-my-work"' in page
    assert under_way.number in page
    assert back.number in page and "出差报告待交" in page
    assert draft.number in page and "出差申请草稿" in page
    assert 'id="home-visits"' in page  # the CRM's block: today's visits
    assert 'id="home-to-pay"' not in page and 'id="home-setup"' not in page


def test_head_sees_team_overdue_reports_and_approvals_waiting(client, cast):
    late = TripFactory(
        traveller=cast["sales1"],
        status="approved",
        depart=today() - timedelta(days=12),
        return_date=today() - timedelta(days=10),
    )
    waiting = TripFactory(traveller=cast["sales2"], status="submitted")
    page = home(client, cast["head"])
    assert "团队逾期未交报告" in page and late.number in page
    assert "待我审批" in page and waiting.number in page
    assert 'id="home-to-pay"' not in page


def test_finance_sees_what_to_pay_and_settle_with_totals(client, cast):
    AdvanceFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved")
    AdvanceFactory(
        trip=TripFactory(traveller=cast["sales2"], status="approved"),
        amount=Decimal("450.00"),
        status="approved",
    )
    ClaimFactory(trip=TripFactory(traveller=cast["sales1"], status="approved"), status="approved")
    page = home(client, cast["finance"])
    assert 'id="home-to-pay"' in page
    assert "预支待付款" in page and "¥750.00" in page
    assert "报销待结算（应付）" in page and "1 张报销单" in page
    # Finance travels nowhere and visits no customer: no traveller's blocks.
    assert 'id="home-my-work"' not in page and 'id="home-visits"' not in page
    assert "我的出差" not in page


def test_admin_sees_setup_checklist_and_policy_versions(client, cast):
    page = home(client, cast["admin"])
    assert 'id="home-setup"' in page and 'id="home-policy"' in page
    assert "每个部门都有负责人" in page
    assert "现行版本" in page
    assert 'id="home-my-work"' not in page and 'id="home-to-pay"' not in page


@pytest.mark.parametrize("username", ["sales1", "head", "finance", "admin"])
def test_home_query_count_is_flat(client, cast, username):
    client.force_login(cast[username])

    def grow(n: int) -> None:
        for _ in range(n):
            for name in ("sales1", "sales2"):
                TripFactory(traveller=cast[name])
                trip = TripFactory(traveller=cast[name], status="approved")
                ClaimFactory(trip=trip, status="approved")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    grow(1)
    few = count()
    grow(4)
    assert count() == few
