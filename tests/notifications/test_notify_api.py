"""/api/notifications/: my own list, read, read all, mute preferences; another's is 404."""

from __future__ import annotations

import pytest

from fieldsales.notifications import services
from fieldsales.notifications.models import Mute


@pytest.fixture
def mine(cast):
    sales1 = cast["sales1"]
    made = [
        services.notify(
            recipient=sales1, kind="decision", dedupe_key=f"k{i}", title=f"第{i}条", link="/x/"
        )
        for i in range(3)
    ]
    theirs = services.notify(recipient=cast["sales2"], kind="waiting", dedupe_key="o", title="他")
    return {"mine": made, "theirs": theirs}


def test_d11_api_lists_my_notifications_newest_first(api, mine):
    response = api("sales1").get("/api/notifications/")
    assert response.status_code == 200
    assert response.data["count"] == 3
    assert [r["title"] for r in response.data["results"]] == ["第2条", "第1条", "第0条"]
    row = response.data["results"][0]
    assert row["kind"] == "decision"
    assert row["kind_label"] == "我的单据审批结果"
    assert row["unread"] is True and row["read_at"] is None
    assert row["document"] is None


def test_d11_api_another_users_notification_is_404(api, mine):
    theirs = mine["theirs"].pk
    assert api("sales1").get(f"/api/notifications/{theirs}/").status_code == 404
    assert api("sales1").post(f"/api/notifications/{theirs}/read/").status_code == 404
    assert api("sales1").post("/api/notifications/99999999999999999999999/read/").status_code == 404
    assert api("sales1").get("/api/notifications/abc/").status_code == 404
    mine["theirs"].refresh_from_db()
    assert mine["theirs"].read_at is None


def test_d11_api_read_one_then_all(api, mine):
    first = mine["mine"][0].pk
    response = api("sales1").post(f"/api/notifications/{first}/read/")
    assert response.status_code == 200
    assert response.data["unread"] is False and response.data["read_at"]
    again = api("sales1").post(f"/api/notifications/{first}/read/")
    assert again.data["read_at"] == response.data["read_at"]
    unread = api("sales1").get("/api/notifications/?unread=1").data
    assert unread["count"] == 2
    done = api("sales1").post("/api/notifications/read-all/")
    assert done.status_code == 200 and done.data == {"marked": 2}
    assert api("sales1").get("/api/notifications/?unread=1").data["count"] == 0
    # sales2's stay unread.
    assert api("sales2").get("/api/notifications/?unread=1").data["count"] == 1


def test_d11_api_mute_preferences(api, cast):
    got = api("sales1").get("/api/notifications/preferences/")
    assert got.status_code == 200
    assert {k["kind"] for k in got.data["kinds"]} >= {"waiting", "decision"}
    assert got.data["muted"] == []
    put = api("sales1").put(
        "/api/notifications/preferences/", {"muted": ["decision"]}, format="json"
    )
    assert put.status_code == 200, put.data
    assert put.data["muted"] == ["decision"]
    assert list(Mute.objects.filter(user=cast["sales1"]).values_list("kind", flat=True)) == [
        "decision"
    ]
    assert (
        services.notify(recipient=cast["sales1"], kind="decision", dedupe_key="m", title="x")
        is None
    )


@pytest.mark.parametrize("body", [{"muted": ["nonsense"]}, {"muted": "decision"}, {}, []])
def test_d11_api_bad_preferences_are_400_naming_the_field(api, body):
    response = api("sales1").put("/api/notifications/preferences/", body, format="json")
    assert response.status_code == 400
    assert "muted" in response.data


def test_d11_api_needs_a_login(api):
    assert api(None).get("/api/notifications/").status_code in (401, 403)


def test_d11_api_options_never_fails(api, mine):
    for path in ("/api/notifications/", "/api/notifications/preferences/"):
        assert api("sales1").options(path).status_code == 200
    assert api("sales1").options(f"/api/notifications/{mine['theirs'].pk}/").status_code == 200
