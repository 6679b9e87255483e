"""Apps plug into navigation, page blocks and labels; core names none of them."""

from __future__ import annotations

import pytest

from fieldsales.core import labels, registry

pytestmark = pytest.mark.django_db


def test_navigation_is_what_the_apps_registered_in_order(client, cast):
    client.force_login(cast["admin"])
    nav = client.get("/trips/").context["nav"]
    urls = [item["url"] for item in nav]
    assert urls == ["/", "/trips/", "/claims/", "/crm/", "/approvals/", "/admin/"]


def test_admin_tab_only_for_staff(client, cast):
    client.force_login(cast["sales1"])
    nav = client.get("/trips/").context["nav"]
    assert "/admin/" not in [item["url"] for item in nav]


def test_labels_come_from_the_registered_vocabulary():
    labels.register("test.vocabulary", {"open": "开放"})
    assert labels.label("test.vocabulary", "open") == "开放"
    assert labels.label("test.vocabulary", "unknown") == "unknown"
    assert labels.label("test.vocabulary", "", empty="—") == "—"


def test_trips_registers_its_statuses():
    assert labels.label("trips.status", "submitted") == "审批中"


def test_home_blocks_are_ordered(cast):
    names = [b.name for b in registry.page_blocks("home", cast["sales1"])]
    # Issue 10, item 18: a salesperson's own day; the team's and finance's blocks are not theirs.
    assert names == [
        "trips.overdue",
        "crm.visits_today",
        "trips.my_work",
        "department.worklogs.today",  # D3: the log to write now
        "trips.figures",
        "department.targets.progress",  # D1: shown when a target is in force
        "department.dashboard.charts",  # D12: target vs actual, overdue counts
        "sales.orders.installments",  # S6.4: installments due within 7 days and overdue
        "reports.inbox",
        "trips.my_trips",
        "trips.my_claims",
    ]
    head = [b.name for b in registry.page_blocks("home", cast["head"])]
    assert "trips.team_overdue" in head and "crm.revisits" in head
    finance = [b.name for b in registry.page_blocks("home", cast["finance"])]
    assert finance == [
        "trips.to_pay",
        "department.targets.progress",
        "department.dashboard.charts",
        "reports.inbox",
    ]
    admin = [b.name for b in registry.page_blocks("home", cast["admin"])]
    assert admin == ["reports.inbox", "org.setup", "trips.policy"]
