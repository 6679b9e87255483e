"""D10 training through the API: the head or manager creates a session (its attendees the
department's salespeople; on a Saturday it links that day's meeting); they or its trainer
upload materials and mark attendance once held; salespeople read their department's sessions;
others 404; each person's training record is theirs (their head's or manager's, the GM's)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from helpers import tiny_pdf
from meetings_support import open_meeting

from fieldsales.department.training import services
from fieldsales.department.training.models import TrainingSession

pytestmark = pytest.mark.django_db


def _create(api, department_id, who="head", **extra):
    body = {
        "department": department_id,
        "date": timezone.localdate().isoformat(),
        "topic": "组件衰减与质保条款",
    } | extra
    return api(who).post("/api/trainings/", body, format="json")


@pytest.fixture
def session(api, sales_department):
    created = _create(api, sales_department.pk)
    assert created.status_code == 201, created.json()
    return created.json()


def test_d10_a_session_lists_the_departments_salespeople(cast, session):
    assert {a["user"] for a in session["attendees"]} == {cast["sales1"].pk, cast["sales2"].pk}
    assert session["trainer"]["id"] == cast["head"].pk
    assert all(a["present"] for a in session["attendees"])


def test_d10_the_saturday_session_links_the_meeting(api, cast, sales_department):
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    meeting = open_meeting(api, sales_department.pk, saturday)

    created = _create(api, sales_department.pk, date=saturday.isoformat(), trainer=cast["tech"].pk)

    assert created.json()["meeting"] == meeting["id"]
    assert created.json()["trainer"]["id"] == cast["tech"].pk


def test_d10_a_meeting_of_another_department_is_400(api, sales_department):
    answer = _create(api, sales_department.pk, meeting=999999)
    assert answer.status_code == 400 and "meeting" in answer.json()


def test_d10_links_must_be_web_addresses(api, sales_department):
    answer = _create(api, sales_department.pk, links="见共享盘")
    assert answer.status_code == 400
    assert "D10" in answer.json()["links"][0]
    ok = _create(api, sales_department.pk, links="https://example.com/a.pdf\n")
    assert ok.json()["links"] == ["https://example.com/a.pdf"]


@pytest.mark.parametrize("who", ["sales1", "gm", "finance", "tech"])
def test_d10_only_the_head_or_manager_creates(api, sales_department, who):
    assert _create(api, sales_department.pk, who=who).status_code == 403


def test_d10_attendance_marked_by_the_head(api, cast, session):
    answer = api("head").post(
        f"/api/trainings/{session['id']}/attendance/",
        {"attendees": [{"user": cast["sales2"].pk, "present": False, "note": "出差"}]},
        format="json",
    )

    assert answer.status_code == 200, answer.json()
    rows = {a["user"]: a for a in answer.json()["attendees"]}
    assert rows[cast["sales2"].pk]["present"] is False
    assert rows[cast["sales2"].pk]["note"] == "出差"
    assert rows[cast["sales1"].pk]["present"] is True


def test_d10_the_trainer_marks_attendance_of_their_session_only(api, cast, sales_department):
    theirs = _create(api, sales_department.pk, trainer=cast["tech"].pk).json()
    other = _create(api, sales_department.pk).json()
    rows = {"attendees": [{"user": cast["sales1"].pk, "present": False}]}

    assert (
        api("tech")
        .post(f"/api/trainings/{theirs['id']}/attendance/", rows, format="json")
        .status_code
        == 200
    )
    assert (
        api("tech")
        .post(f"/api/trainings/{other['id']}/attendance/", rows, format="json")
        .status_code
        == 404
    )
    assert (
        api("sales1")
        .post(f"/api/trainings/{other['id']}/attendance/", rows, format="json")
        .status_code
        == 403
    )


def test_d10_no_attendance_before_the_session(api, cast, sales_department):
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    session = _create(api, sales_department.pk, date=later).json()

    answer = api("head").post(
        f"/api/trainings/{session['id']}/attendance/",
        {"attendees": [{"user": cast["sales1"].pk, "present": True}]},
        format="json",
    )
    assert answer.status_code == 409


def test_d10_someone_not_on_the_list_is_400(api, cast, session):
    answer = api("head").post(
        f"/api/trainings/{session['id']}/attendance/",
        {"attendees": [{"user": cast["finance"].pk, "present": True}]},
        format="json",
    )
    assert answer.status_code == 400 and "user" in answer.json()


def test_d10_materials_uploaded_and_read_by_the_department(api, client, cast, session):
    pdf = SimpleUploadedFile("讲义.pdf", tiny_pdf(), content_type="application/pdf")
    answer = api("head").post(
        f"/api/trainings/{session['id']}/materials/", {"file": pdf}, format="multipart"
    )
    assert answer.status_code == 201, answer.json()
    material = answer.json()["materials"][0]
    assert material["name"] == "讲义.pdf"

    client.force_login(cast["sales1"])
    assert client.get(material["url"]).status_code == 200
    client.force_login(cast["finance"])
    assert client.get(material["url"]).status_code == 404
    text = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    bad = api("head").post(
        f"/api/trainings/{session['id']}/materials/", {"file": text}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()


@pytest.mark.parametrize("outsider", ["finance", "admin", "tech", "buyer"])
def test_d10_others_get_404(api, session, outsider):
    assert api(outsider).get(f"/api/trainings/{session['id']}/").status_code == 404
    assert api(outsider).get("/api/trainings/").json()["count"] == 0


def test_d10_the_training_record(api, cast, session, sales_department):
    later = (timezone.localdate() + timedelta(days=2)).isoformat()
    _create(api, sales_department.pk, date=later, topic="下周培训")
    api("head").post(
        f"/api/trainings/{session['id']}/attendance/",
        {"attendees": [{"user": cast["sales2"].pk, "present": False}]},
        format="json",
    )

    mine = api("sales1").get(f"/api/trainings/records/{cast['sales1'].pk}/").json()
    assert (mine["attended_count"], mine["missed_count"], len(mine["upcoming"])) == (1, 0, 1)
    theirs = api("head").get(f"/api/trainings/records/{cast['sales2'].pk}/").json()
    assert (theirs["attended_count"], theirs["missed_count"]) == (0, 1)
    assert api("gm").get(f"/api/trainings/records/{cast['sales2'].pk}/").status_code == 200
    for who in ("sales1", "finance", "tech"):
        assert api(who).get(f"/api/trainings/records/{cast['sales2'].pk}/").status_code == 404


def test_d10_services_by_name(cast, sales_department):
    session = services.training_create(
        actor=cast["head"],
        department_id=sales_department.pk,
        data={"date": timezone.localdate(), "topic": "逆变器选型"},
    )
    services.training_update(session=session, actor=cast["head"], data={"notes": "讲解并网"})
    services.training_attendance(
        session=session, actor=cast["head"], rows=[{"user": cast["sales1"].pk, "present": False}]
    )
    upload = SimpleUploadedFile("x.pdf", tiny_pdf(), content_type="application/pdf")
    material = services.training_add_material(session=session, actor=cast["head"], upload=upload)
    assert material.session_id == session.pk
    assert TrainingSession.objects.get(pk=session.pk).notes == "讲解并网"
