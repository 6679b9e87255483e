"""The bell in the header with the unread count, the list page (phone first), open, mark
read, mark all read, the mute form; another's notification is 404."""

from __future__ import annotations

import re

import pytest

from fieldsales.notifications import services
from fieldsales.notifications.models import Mute, Notification


@pytest.fixture
def page(client, cast):
    def as_user(username):
        client.force_login(cast[username])
        return client

    return as_user


def _bell(html: str) -> str:
    found = re.search(r'data-unread="(\d+)"', html)
    return found.group(1) if found else ""


def test_d11_the_bell_shows_the_unread_count(page, cast):
    home = page("sales1").get("/").content.decode()
    assert 'href="/notifications/"' in home and "data-bell" in home
    assert _bell(home) == ""
    for i in range(2):
        services.notify(recipient=cast["sales1"], kind="decision", dedupe_key=str(i), title="t")
    assert _bell(page("sales1").get("/").content.decode()) == "2"
    assert _bell(page("sales2").get("/").content.decode()) == ""


def test_d11_the_list_page_opens_and_marks_read(page, cast):
    note = services.notify(
        recipient=cast["sales1"],
        kind="decision",
        dedupe_key="p",
        title="已通过：出差申请 T-1",
        body="您的出差申请已审批通过",
        link="/trips/",
    )
    client = page("sales1")
    listing = client.get("/notifications/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "已通过：出差申请 T-1" in html and "全部标为已读" in html
    assert 'name="viewport"' in html  # base.html: the phone layout
    opened = client.get(f"/notifications/{note.pk}/")
    assert (opened.status_code, opened["Location"]) == (302, "/trips/")
    note.refresh_from_db()
    assert note.read_at is not None
    assert "全部标为已读" not in client.get("/notifications/").content.decode()


def test_d11_mark_read_and_mark_all_read(page, cast):
    notes = [
        services.notify(recipient=cast["sales1"], kind="waiting", dedupe_key=str(i), title="t")
        for i in range(3)
    ]
    client = page("sales1")
    assert client.post(f"/notifications/{notes[0].pk}/read/").status_code == 302
    assert Notification.objects.filter(recipient=cast["sales1"], read_at__isnull=True).count() == 2
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert client.get("/notifications/read-all/").status_code == 405


def test_d11_another_users_notification_is_404_on_the_pages(page, cast):
    theirs = services.notify(recipient=cast["sales2"], kind="waiting", dedupe_key="x", title="t")
    client = page("sales1")
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_d11_the_mute_form_keeps_only_the_ticked_kinds(page, cast):
    from fieldsales.notifications.registry import kind_codes

    client = page("sales1")
    every = sorted(kind_codes())
    but_decisions = [k for k in every if k != "decision"]
    response = client.post("/notifications/preferences/", {"receive": but_decisions})
    assert response.status_code == 302
    assert list(Mute.objects.filter(user=cast["sales1"]).values_list("kind", flat=True)) == [
        "decision"
    ]
    client.post("/notifications/preferences/", {"receive": ["waiting"]})
    muted = set(Mute.objects.filter(user=cast["sales1"]).values_list("kind", flat=True))
    assert muted == set(every) - {"waiting"}
    client.post("/notifications/preferences/", {"receive": every})
    assert not Mute.objects.filter(user=cast["sales1"]).exists()


def test_d11_a_link_to_another_site_is_not_followed(page, cast):
    note = services.notify(
        recipient=cast["sales1"],
        kind="waiting",
        dedupe_key="ext",
        title="t",
        link="https://x.test/",
    )
    response = page("sales1").get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/notifications/"


def test_d11_the_pages_need_a_login(client):
    assert client.get("/notifications/").status_code == 302
