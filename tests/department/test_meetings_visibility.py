"""D5 visibility: the department's head or manager runs its meeting; its salespeople read the
minutes once closed (not the open meeting); the GM reads every meeting; anyone else gets 404.
A reader who may not edit gets 403."""

from __future__ import annotations

import pytest
from meetings_support import open_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(api, sales_department):
    return open_meeting(api, sales_department.pk)


def test_d5_salespeople_do_not_see_the_open_meeting(api, client, cast, meeting):
    assert api("sales1").get(f"/api/meetings/{meeting['id']}/").status_code == 404
    assert api("sales1").get("/api/meetings/").json()["count"] == 0
    client.force_login(cast["sales1"])
    assert client.get(f"/department/meetings/{meeting['id']}/").status_code == 404


def test_d5_salespeople_read_the_closed_minutes_but_do_not_edit(api, client, cast, meeting):
    api("head").post(f"/api/meetings/{meeting['id']}/close/")

    assert api("sales1").get(f"/api/meetings/{meeting['id']}/").status_code == 200
    assert api("sales1").get("/api/meetings/").json()["count"] == 1
    patched = api("sales1").patch(f"/api/meetings/{meeting['id']}/", {"topic": "x"}, format="json")
    assert patched.status_code == 403
    assert api("sales1").post(f"/api/meetings/{meeting['id']}/close/").status_code == 403
    client.force_login(cast["sales1"])
    assert client.get(f"/department/meetings/{meeting['id']}/").status_code == 200


def test_d5_the_gm_reads_the_open_meeting_and_may_not_edit_it(api, meeting):
    gm = api("gm")

    assert gm.get(f"/api/meetings/{meeting['id']}/").json()["can_edit"] is False
    assert gm.get("/api/meetings/").json()["count"] == 1
    assert (
        gm.patch(f"/api/meetings/{meeting['id']}/", {"topic": "x"}, format="json").status_code
        == 403
    )
    assert gm.post(f"/api/meetings/{meeting['id']}/close/").status_code == 403


@pytest.mark.parametrize("outsider", ["finance", "admin", "tech", "buyer"])
def test_d5_others_get_404(api, client, cast, meeting, outsider):
    api("head").post(f"/api/meetings/{meeting['id']}/close/")

    assert api(outsider).get(f"/api/meetings/{meeting['id']}/").status_code == 404
    assert api(outsider).get(f"/api/meetings/{meeting['id']}/print/").status_code == 404
    assert api(outsider).get("/api/meetings/").json()["count"] == 0
    client.force_login(cast[outsider])
    assert client.get("/department/meetings/").status_code == 404
    assert client.get(f"/department/meetings/{meeting['id']}/minutes/").status_code == 404


def test_d5_without_credentials_401(api, meeting):
    assert api(None).get("/api/meetings/").status_code == 401
