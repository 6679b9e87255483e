"""D8 a shift: the head or manager puts another person on it before it begins (409 after;
403 for anyone else); the person on duty marks it done on its day by 08:30 with an optional
photo; later it is refused and the shift is missed; a missed shift is a `missed_duty` incident
on the scorecard (D6) with a link to the shift."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from duty_support import OCTOBER, rota, shift_of, start_clock
from helpers import tiny_jpeg, tiny_pdf

from fieldsales.department import incidents
from fieldsales.department.duty import services
from fieldsales.department.duty.models import DutyShift
from fieldsales.department.versions import DepartmentPolicyVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return start_clock(monkeypatch)


@pytest.fixture
def shifts(api, clock, sales_department):
    return rota(api, sales_department.pk)


def _day(shift: dict) -> date:
    return date.fromisoformat(shift["day"])


def test_d8_the_manager_swaps_the_person_before_the_shift(api, cast, shifts):
    shift = shift_of(shifts, cast["sales1"])

    answer = api("head").patch(
        f"/api/duty/{shift['id']}/", {"person": cast["sales2"].pk}, format="json"
    )

    assert answer.status_code == 200, answer.json()
    assert answer.json()["person"]["id"] == cast["sales2"].pk


def test_d8_only_the_manager_edits(api, cast, shifts):
    shift = shift_of(shifts, cast["sales1"])
    for who in ("sales1", "sales2", "gm"):
        answer = api(who).patch(
            f"/api/duty/{shift['id']}/", {"person": cast["sales2"].pk}, format="json"
        )
        assert answer.status_code == 403
    assert (
        api("finance")
        .patch(f"/api/duty/{shift['id']}/", {"person": cast["sales2"].pk}, format="json")
        .status_code
        == 404
    )


def test_d8_no_edit_once_the_shift_has_begun(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 0)

    answer = api("head").patch(
        f"/api/duty/{shift['id']}/", {"person": cast["sales2"].pk}, format="json"
    )

    assert answer.status_code == 409
    assert DutyShift.objects.get(pk=shift["id"]).person == cast["sales1"]


@pytest.mark.parametrize("who", ["finance", "head", "gm"])
def test_d8_the_person_on_duty_is_a_salesperson_of_the_department(api, cast, shifts, who):
    shift = shift_of(shifts, cast["sales1"])

    answer = api("head").patch(f"/api/duty/{shift['id']}/", {"person": cast[who].pk}, format="json")

    assert answer.status_code == 400
    assert "D8" in answer.json()["person"][0]


def test_d8_done_without_a_photo(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 20)

    answer = api("sales1").post(f"/api/duty/{shift['id']}/done/", {}, format="multipart")

    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "done"
    assert answer.json()["photo"] is None
    assert api("sales1").post(f"/api/duty/{shift['id']}/done/", {}).status_code == 409


def test_d8_done_with_a_photo_shown_to_who_sees_the_shift(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 15)
    photo = SimpleUploadedFile("show.jpg", tiny_jpeg(gps=True), content_type="image/jpeg")

    answer = api("sales1").post(
        f"/api/duty/{shift['id']}/done/", {"photo": photo, "note": "已擦展台"}, format="multipart"
    )

    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["note"] == "已擦展台"
    assert api("head").get(f"/api/duty/{shift['id']}/photo/").status_code == 200
    assert api("finance").get(f"/api/duty/{shift['id']}/photo/").status_code == 404
    stored = DutyShift.objects.get(pk=shift["id"])
    assert stored.photo_content_type == "image/jpeg" and stored.photo_size > 0


def test_d8_a_photo_that_is_not_a_picture_is_400(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 15)
    pdf = SimpleUploadedFile("x.pdf", tiny_pdf(), content_type="application/pdf")

    answer = api("sales1").post(
        f"/api/duty/{shift['id']}/done/", {"photo": pdf}, format="multipart"
    )

    assert answer.status_code == 400
    assert "photo" in answer.json()
    assert DutyShift.objects.get(pk=shift["id"]).done_at is None


def test_d8_only_the_person_on_duty_marks_it_done(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 10)

    assert api("sales2").post(f"/api/duty/{shift['id']}/done/", {}).status_code == 403
    assert api("head").post(f"/api/duty/{shift['id']}/done/", {}).status_code == 403


def test_d8_not_before_the_day(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])

    assert api("sales1").post(f"/api/duty/{shift['id']}/done/", {}).status_code == 409


def test_d8_after_0830_refused_and_missed(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    clock.set(_day(shift), 8, 31)

    answer = api("sales1").post(f"/api/duty/{shift['id']}/done/", {})

    assert answer.status_code == 409
    assert "08:30" in answer.json()["detail"]
    assert api("sales1").get(f"/api/duty/{shift['id']}/").json()["state"] == "missed"


def test_d8_a_missed_shift_is_a_missed_duty_incident(api, cast, clock, shifts):
    first, second = shifts[0], shifts[1]
    clock.set(_day(first), 8, 5)
    done_by = next(name for name in ("sales1", "sales2") if cast[name].pk == first["person"]["id"])
    assert api(done_by).post(f"/api/duty/{first['id']}/done/", {}).status_code == 200
    clock.set(_day(second), 12)

    found = incidents.incidents_for([cast["sales1"], cast["sales2"]], _day(first), _day(second))

    # Other sources (missing logs, ...) report their own kinds for the same days.
    missed = [i for rows in found.values() for i in rows if i.kind == "missed_duty"]
    assert len(missed) == 1
    assert missed[0].user_id == second["person"]["id"]
    assert missed[0].url == f"/department/duty/{second['id']}/"
    assert incidents.counts(missed)["missed_duty"] == 1
    history = api("head").get("/api/duty/history/", {"month": "2026-10"}).json()
    tally = {row["user_id"]: row for row in history["people"]}
    assert tally[second["person"]["id"]]["missed"] == 1
    assert tally[first["person"]["id"]]["done"] == 1
    assert [s["id"] for s in history["missed"]] == [second["id"]]


def test_d8_services_by_name(cast, clock, sales_department):
    shifts = services.duty_generate(
        actor=cast["head"], department_id=sales_department.pk, month=OCTOBER
    )
    first = shifts[0]
    other = cast["sales2"] if first.person == cast["sales1"] else cast["sales1"]
    services.duty_shift_edit(shift=first, actor=cast["head"], person_id=other.pk)
    clock.set(first.day, 8, 1)
    done = services.duty_shift_done(shift=first, actor=other, note="ok")
    assert done.done_at is not None


def test_d8_the_deadline_comes_from_the_departments_parameters(api, cast, clock, shifts):
    shift = shift_of(shifts, cast["sales1"])
    DepartmentPolicyVersion.objects.create(
        name="值日 9:00 前确认", effective_from=date(2026, 10, 1), duty_done_by=time(9, 0)
    )
    clock.set(_day(shift), 8, 45)

    answer = api("sales1").post(f"/api/duty/{shift['id']}/done/", {})

    assert answer.status_code == 200, answer.json()
    assert answer.json()["done_by"] == "09:00"
