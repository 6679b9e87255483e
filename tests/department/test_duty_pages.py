"""D8 pages: the 值日 tab for the department's people (this month's rota, my next shift with its
已完成 button), the head's or manager's generate and swap, a shift with its photo, the history
with missed counts; anyone else gets 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from duty_support import OCTOBER_DUTY_DAYS, rota, shift_of, start_clock
from helpers import tiny_png

from fieldsales.department.duty.models import DutyShift

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return start_clock(monkeypatch)


def test_d8_the_manager_draws_and_swaps_on_the_page(client, cast, clock, sales_department):
    client.force_login(cast["head"])
    page = client.get("/department/duty/?month=2026-10")
    assert page.status_code == 200
    assert "排 销售部 2026-10 值日表" in page.content.decode()

    made = client.post(
        "/department/duty/generate/", {"department": sales_department.pk, "month": "2026-10"}
    )
    assert made.status_code == 302
    assert DutyShift.objects.count() == len(OCTOBER_DUTY_DAYS)
    shift = DutyShift.objects.filter(person=cast["sales1"]).first()
    client.post(f"/department/duty/{shift.pk}/edit/", {"person": cast["sales2"].pk})
    assert DutyShift.objects.get(pk=shift.pk).person == cast["sales2"]
    assert (
        f'id="id_person_{shift.pk}"'
        in client.get("/department/duty/?month=2026-10").content.decode()
    )


def test_d8_the_person_marks_done_on_the_page_with_a_photo(
    api, client, cast, clock, sales_department
):
    shift = shift_of(rota(api, sales_department.pk), cast["sales1"])
    clock.set(date.fromisoformat(shift["day"]), 8, 12)
    client.force_login(cast["sales1"])

    page = client.get("/department/duty/").content.decode()
    assert 'id="my-duty"' in page and f'id="duty-done-{shift["id"]}"' in page

    photo = SimpleUploadedFile("s.png", tiny_png(), content_type="image/png")
    done = client.post(f"/department/duty/{shift['id']}/done/", {"photo": photo})
    assert done.status_code == 302
    stored = DutyShift.objects.get(pk=shift["id"])
    assert stored.done_at is not None and stored.photo
    detail = client.get(f"/department/duty/{shift['id']}/").content.decode()
    assert f"/department/duty/{shift['id']}/photo/" in detail
    assert client.get(f"/department/duty/{shift['id']}/photo/").status_code == 200


def test_d8_done_too_late_on_the_page_is_refused(api, client, cast, clock, sales_department):
    shift = shift_of(rota(api, sales_department.pk), cast["sales1"])
    clock.set(date.fromisoformat(shift["day"]), 9, 0)
    client.force_login(cast["sales1"])

    client.post(f"/department/duty/{shift['id']}/done/", {})

    assert DutyShift.objects.get(pk=shift["id"]).done_at is None
    history = client.get("/department/duty/history/?month=2026-10").content.decode()
    assert f"/department/duty/{shift['id']}/" in history


@pytest.mark.parametrize("outsider", ["finance", "admin", "tech", "buyer"])
def test_d8_others_get_404(api, client, cast, clock, sales_department, outsider):
    shift = rota(api, sales_department.pk)[0]
    client.force_login(cast[outsider])

    for url in (
        "/department/duty/",
        "/department/duty/history/",
        f"/department/duty/{shift['id']}/",
    ):
        assert client.get(url).status_code == 404
    assert api(outsider).get(f"/api/duty/{shift['id']}/").status_code == 404
    assert api(outsider).get("/api/duty/", {"month": "2026-10"}).json()["count"] == 0


@pytest.mark.parametrize("reader", ["sales1", "sales2", "head", "gm"])
def test_d8_the_department_and_the_gm_read_the_rota(
    api, client, cast, clock, sales_department, reader
):
    rota(api, sales_department.pk)
    client.force_login(cast[reader])

    assert client.get("/department/duty/?month=2026-10").status_code == 200
    assert api(reader).get("/api/duty/", {"month": "2026-10"}).json()["count"] == len(
        OCTOBER_DUTY_DAYS
    )
