"""D10 pages: the 培训 tab (sessions, a new one for the head or manager), a session with its
materials and attendance, each person's record (own only; 404 for others), and the Saturday
meeting's page linking its training."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from meetings_support import open_meeting

from fieldsales.department.training.models import TrainingAttendee, TrainingSession

pytestmark = pytest.mark.django_db


def _new(client, department, **extra):
    data = {
        "department": department.pk,
        "date": timezone.localdate().isoformat(),
        "topic": "屋顶承重评估要点",
    } | extra
    return client.post("/department/trainings/new/", data)


def test_d10_the_head_creates_and_marks_attendance_on_the_pages(client, cast, sales_department):
    client.force_login(cast["head"])
    assert "新建培训" in client.get("/department/trainings/").content.decode()

    assert _new(client, sales_department).status_code == 302
    session = TrainingSession.objects.get()
    page = client.get(f"/department/trainings/{session.pk}/").content.decode()
    assert "保存出勤" in page
    client.post(
        f"/department/trainings/{session.pk}/attendance/",
        {f"present_{cast['sales1'].pk}": "on", f"note_{cast['sales2'].pk}": "请假"},
    )
    rows = {a.user_id: a for a in TrainingAttendee.objects.filter(session=session)}
    assert rows[cast["sales1"].pk].present is True
    assert rows[cast["sales2"].pk].present is False and rows[cast["sales2"].pk].note == "请假"

    record = client.get(f"/department/trainings/people/{cast['sales2'].pk}/").content.decode()
    assert "出席 0 次，缺席 1 次" in record


def test_d10_people_see_their_own_record_only(client, cast, sales_department):
    client.force_login(cast["head"])
    _new(client, sales_department)
    client.force_login(cast["sales1"])

    assert client.get(f"/department/trainings/people/{cast['sales1'].pk}/").status_code == 200
    assert client.get(f"/department/trainings/people/{cast['sales2'].pk}/").status_code == 404
    session = TrainingSession.objects.get()
    page = client.get(f"/department/trainings/{session.pk}/").content.decode()
    assert "屋顶承重评估要点" in page and "保存出勤" not in page
    assert (
        client.post(f"/department/trainings/{session.pk}/save/", {"topic": "x"}).status_code == 302
    )
    assert TrainingSession.objects.get().topic == "屋顶承重评估要点"


@pytest.mark.parametrize("outsider", ["finance", "admin", "tech", "buyer"])
def test_d10_others_get_404(client, cast, sales_department, outsider):
    client.force_login(cast["head"])
    _new(client, sales_department)
    session = TrainingSession.objects.get()
    client.force_login(cast[outsider])

    for url in (
        "/department/trainings/",
        f"/department/trainings/{session.pk}/",
        f"/department/trainings/people/{cast['sales1'].pk}/",
    ):
        assert client.get(url).status_code == 404


def test_d10_the_meeting_page_links_its_training(api, client, cast, sales_department):
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    meeting = open_meeting(api, sales_department.pk, saturday)
    client.force_login(cast["head"])
    _new(client, sales_department, date=saturday.isoformat(), topic="逆变器选型")
    session = TrainingSession.objects.get()

    assert session.meeting_id == meeting["id"]
    page = client.get(f"/department/meetings/{meeting['id']}/").content.decode()
    assert f"/department/trainings/{session.pk}/" in page
