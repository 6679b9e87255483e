"""D3 visibility and comments: a salesperson sees their own logs, the head or manager the
department's submitted logs, the GM all, others nothing (404); the head comments (批注), the
salesperson sees the comment and is notified."""

from __future__ import annotations

from datetime import date

import pytest
from worklogs_support import at

from fieldsales.core.errors import InvalidTransition
from fieldsales.department.worklogs import services
from fieldsales.department.worklogs.models import WorkLogComment
from fieldsales.notifications.models import Notification

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 10)


def draft(cast, who="sales1", day=DAY):
    return services.worklog_create(
        actor=cast[who], day=day, data={"done": "拜访义乌恒达", "plan": "准备报价"}
    )


def submitted(cast, who="sales1", day=DAY):
    return services.worklog_submit(log=draft(cast, who, day), actor=cast[who], now=at(DAY, 18))


def test_d3_who_sees_a_submitted_log(api, cast):
    log = submitted(cast)
    codes = {
        name: api(name).get(f"/api/work-logs/{log.pk}/").status_code
        for name in ("sales1", "sales2", "head", "gm", "finance", "admin", "tech", "buyer")
    }
    assert codes == {
        "sales1": 200,
        "sales2": 404,
        "head": 200,
        "gm": 200,
        "finance": 404,
        "admin": 404,
        "tech": 404,
        "buyer": 404,
    }
    assert api(None).get(f"/api/work-logs/{log.pk}/").status_code == 401


def test_d3_a_draft_is_its_writers_alone(api, cast):
    log = draft(cast)
    assert api("sales1").get(f"/api/work-logs/{log.pk}/").status_code == 200
    assert api("head").get(f"/api/work-logs/{log.pk}/").status_code == 404
    assert (
        api("head").patch(f"/api/work-logs/{log.pk}/", {"done": "x"}, format="json").status_code
        == 404
    )


def test_d3_lists_by_visibility(api, cast):
    mine = submitted(cast)
    theirs = submitted(cast, "sales2")
    draft(cast, "sales2", date(2026, 3, 11))

    def ids(name, q=""):
        return [r["id"] for r in api(name).get(f"/api/work-logs/{q}").json()["results"]]

    assert ids("sales1") == [mine.pk]
    assert sorted(ids("head")) == sorted([mine.pk, theirs.pk])
    assert ids("head", f"?person={cast['sales2'].pk}") == [theirs.pk]
    assert ids("finance") == []
    assert len(ids("sales2")) == 2
    assert ids("sales2", "?status=draft") != ids("sales2", "?status=submitted")


def test_d3_head_comments_the_salesperson_sees_it_and_is_notified(api, cast):
    log = submitted(cast)
    answer = api("head").post(
        f"/api/work-logs/{log.pk}/comment/", {"text": "报价要附技术方案"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    seen = api("sales1").get(f"/api/work-logs/{log.pk}/").json()
    assert [(c["author"]["id"], c["text"]) for c in seen["comments"]] == [
        (cast["head"].pk, "报价要附技术方案")
    ]
    note = Notification.objects.get(recipient=cast["sales1"], kind="worklog.comment")
    assert "王强" in note.title and note.body == "报价要附技术方案"
    assert note.link == f"/department/logs/{log.pk}/"


def test_d3_comment_refusals(api, cast):
    log = submitted(cast)
    assert (
        api("sales2")
        .post(f"/api/work-logs/{log.pk}/comment/", {"text": "好"}, format="json")
        .status_code
        == 404
    )
    own = api("sales1").post(f"/api/work-logs/{log.pk}/comment/", {"text": "好"}, format="json")
    assert own.status_code == 403
    empty = api("head").post(f"/api/work-logs/{log.pk}/comment/", {"text": ""}, format="json")
    assert empty.status_code == 400 and "text" in empty.json()
    on_draft = draft(cast, day=date(2026, 3, 11))
    # The draft is not the head's to see; the service refuses it as not yet filed (409).
    assert (
        api("head")
        .post(f"/api/work-logs/{on_draft.pk}/comment/", {"text": "好"}, format="json")
        .status_code
        == 404
    )
    with pytest.raises(InvalidTransition):
        services.worklog_comment(log=on_draft, actor=cast["head"], text="好")
    assert not WorkLogComment.objects.exists()
    assert not Notification.objects.filter(kind="worklog.comment").exists()


def test_d3_pages_404_for_others(client, cast):
    log = submitted(cast)
    client.force_login(cast["sales2"])
    assert client.get(f"/department/logs/{log.pk}/").status_code == 404
    client.force_login(cast["finance"])
    assert client.get("/department/logs/").status_code == 404
    assert client.get("/department/logs/board/").status_code == 404
    assert client.get("/department/logs/write/").status_code == 404
    client.force_login(cast["head"])
    assert client.get(f"/department/logs/{log.pk}/").status_code == 200
    assert client.get("/department/logs/write/").status_code == 404


def test_d3_the_head_reads_but_never_edits_a_log(api, cast):
    log = submitted(cast)
    head = api("head")
    assert head.patch(f"/api/work-logs/{log.pk}/", {"done": "改"}, format="json").status_code == 403
    assert head.post(f"/api/work-logs/{log.pk}/submit/").status_code == 403
    assert api("head").get(f"/api/work-logs/{log.pk}/").json()["actions"] == ["comment"]
    assert api("sales1").get(f"/api/work-logs/{log.pk}/").json()["actions"] == []
