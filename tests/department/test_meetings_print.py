"""D5: the minutes (会议纪要) print on A4 once the meeting is closed: attendance, each
salesperson's week with the 重点 visits, the guidance, the topic and the decisions, read back
with pdftotext; the print page links the PDF."""

from __future__ import annotations

import subprocess

import pytest
from meetings_support import day, open_meeting, visit

from fieldsales.core.people import display_name
from fieldsales.crm.models import VisitStatus

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def closed(api, cast, sales_department):
    visit(
        cast["sales1"],
        day(-2),
        purpose="回访华东",
        status=VisitStatus.CHECKED_OUT,
        content="运行正常",
    )
    key = visit(cast["sales1"], day(2), purpose="送报价单")
    meeting = open_meeting(api, sales_department.pk)
    head, url = api("head"), f"/api/meetings/{meeting['id']}/"
    head.patch(url, {"topic": "组件质保条款", "decisions": "周五前交周报"}, format="json")
    head.post(f"{url}key-visits/", {"visit": key.pk}, format="json")
    head.post(
        f"{url}guidance/",
        {"salesperson": cast["sales1"].pk, "guidance": "先确认用电量"},
        format="json",
    )
    head.post(
        f"{url}attendees/",
        {"attendees": [{"user": cast["sales2"].pk, "present": False, "absence_note": "出差"}]},
        format="json",
    )
    assert head.post(f"{url}close/").status_code == 200
    return meeting


def test_d5_an_open_meeting_does_not_print(api, sales_department):
    meeting = open_meeting(api, sales_department.pk)

    assert api("head").get(f"/api/meetings/{meeting['id']}/print/").status_code == 409


def test_d5_the_minutes_print_on_a4(api, cast, closed, tmp_path):
    answer = api("head").get(f"/api/meetings/{closed['id']}/print/")

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = text_of(answer.content, tmp_path).replace(" ", "")  # the title is letter-spaced
    assert "例会纪要" in text
    assert "2026年10月10日" in text or "2026-10-10" in text
    assert display_name(cast["sales1"]) in text
    assert f"{display_name(cast['sales2'])}（出差）" in text
    assert "回访华东" in text and "运行正常" in text
    assert "【重点】" in text and "送报价单" in text
    assert "先确认用电量" in text and "组件质保条款" in text and "周五前交周报" in text


def test_d5_the_print_page_and_pdf_for_a_salesperson(client, cast, closed, tmp_path):
    client.force_login(cast["sales1"])

    page = client.get(f"/department/meetings/{closed['id']}/minutes/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "先确认用电量" in html and f"/department/meetings/{closed['id']}/minutes.pdf" in html
    pdf = client.get(f"/department/meetings/{closed['id']}/minutes.pdf")
    assert pdf.status_code == 200 and "送报价单" in text_of(pdf.content, tmp_path)
