"""D7 import of the time clock's export through /api/attendance/imports/: preview (rows
recognised, unknown 工号, bad dates, duplicates), confirm all or nothing, idempotent; CSV in
UTF-8 or GBK, XLSX, header aliases; a bad file is a 400, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from attendance_support import clock_csv, clock_xlsx, numbered
from django.core.files.uploadedfile import SimpleUploadedFile

from fieldsales.department.attendance.models import ClockImport, ClockRecord

pytestmark = pytest.mark.django_db
ROWS = [
    ("1001", "2026-11-02", "08:51:10"),
    ("1001", "2026-11-02", "17:36:00"),
    ("1002", "2026-11-02", "08:47"),
    ("1002", "2026-11-02", "17:40"),
]


def upload(client, content, name="clock.csv"):
    return client.post(
        "/api/attendance/imports/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def confirm(client, batch_id):
    return client.post(f"/api/attendance/imports/{batch_id}/confirm/")


def test_d7_preview_saves_nothing_then_confirm_saves_every_row(cast, api):
    numbered(cast)
    client = api("head")
    answer = upload(client, clock_csv(ROWS))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["ok"] is True
    assert body["counts"] == {"rows": 4, "new": 4, "duplicate": 0, "existing": 0, "error": 0}
    assert body["rows"][0]["person"]["id"] == cast["sales1"].pk
    assert ClockRecord.objects.count() == 0
    done = confirm(client, body["id"])
    assert done.status_code == 200, done.json()
    assert done.json()["added"] == 4
    assert done.json()["first_day"] == "2026-11-02"
    assert ClockRecord.objects.count() == 4
    assert confirm(client, body["id"]).status_code == 409  # a batch is confirmed once


def test_d7_same_file_again_adds_nothing(cast, api):
    numbered(cast)
    client = api("head")
    confirm(client, upload(client, clock_csv(ROWS)).json()["id"])
    again = upload(client, clock_csv(ROWS)).json()
    assert again["counts"]["existing"] == 4 and again["counts"]["new"] == 0
    assert confirm(client, again["id"]).json()["added"] == 0
    assert ClockRecord.objects.count() == 4


def test_d7_unknown_number_and_bad_date_refuse_the_whole_file(cast, api):
    numbered(cast)
    client = api("head")
    rows = [*ROWS, ("9999", "2026-11-02", "08:50"), ("1001", "2026-13-02", "08:50")]
    body = upload(client, clock_csv(rows)).json()
    assert body["ok"] is False
    assert body["counts"]["error"] == 2
    errors = [r["errors"] for r in body["rows"] if r["errors"]]
    assert "9999" in errors[0][0]
    assert "日期" in errors[1][0]
    refused = confirm(client, body["id"])
    assert refused.status_code == 400
    assert "file" in refused.json()
    assert ClockRecord.objects.count() == 0  # all or nothing


def test_d7_duplicates_in_the_file_are_skipped(cast, api):
    numbered(cast)
    client = api("head")
    body = upload(client, clock_csv([*ROWS, ROWS[0]])).json()
    assert body["ok"] is True and body["counts"]["duplicate"] == 1
    assert confirm(client, body["id"]).json()["added"] == 4


def test_d7_gbk_csv_with_alias_headers(cast, api):
    numbered(cast)
    client = api("head")
    content = clock_csv(ROWS, header=("考勤号码", "打卡日期", "打卡时间"), encoding="gbk")
    body = upload(client, content).json()
    assert body["ok"] is True and body["counts"]["new"] == 4


def test_d7_one_datetime_column_and_slashed_dates(cast, api):
    numbered(cast)
    client = api("head")
    content = "工号,日期时间\n1001,2026/11/2 08:50\n1001,2026/11/2 17:45:00\n".encode()
    body = upload(client, content).json()
    assert body["ok"] is True, body
    assert [r["time"] for r in body["rows"]] == ["08:50:00", "17:45:00"]
    assert body["rows"][0]["day"] == "2026-11-02"


def test_d7_xlsx_file(cast, api):
    numbered(cast)
    client = api("head")
    body = upload(client, clock_xlsx(ROWS), name="clock.xlsx").json()
    assert body["ok"] is True and body["counts"]["new"] == 4
    confirm(client, body["id"])
    assert ClockRecord.objects.filter(person=cast["sales1"], day=date(2026, 11, 2)).count() == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02garbage",
        b"PK\x03\x04not really a zip",
        "姓名,备注\n张伟,无\n".encode(),
        "工号,日期,时间\n".encode(),
    ],
)
def test_d7_bad_file_is_a_400_naming_the_file(cast, api, content):
    numbered(cast)
    client = api("head")
    answer = upload(client, content)
    assert answer.status_code in (201, 400)
    body = answer.json()
    if answer.status_code == 201:
        assert body["ok"] is False and body["errors"]
        assert confirm(client, body["id"]).status_code == 400
    assert ClockRecord.objects.count() == 0


def test_d7_only_managers_import_and_only_their_own_batch(cast, api):
    numbered(cast)
    assert upload(api("sales1"), clock_csv(ROWS)).status_code == 404
    assert upload(api("finance"), clock_csv(ROWS)).status_code == 404
    body = upload(api("head"), clock_csv(ROWS)).json()
    assert confirm(api("gm"), body["id"]).status_code == 404
    assert ClockImport.objects.get(pk=body["id"]).status == "previewed"


def test_d7_xlsx_with_real_date_and_time_cells(cast, api):
    from datetime import datetime, time

    numbered(cast)
    client = api("head")
    rows = [
        (1001, date(2026, 11, 2), time(8, 49, 30)),
        (1001, datetime(2026, 11, 2, 0, 0), time(17, 45)),  # noqa: DTZ001 (an Excel cell)
    ]
    body = upload(client, clock_xlsx(rows), name="clock.xlsx").json()
    assert body["ok"] is True, body
    assert [(r["day"], r["time"]) for r in body["rows"]] == [
        ("2026-11-02", "08:49:30"),
        ("2026-11-02", "17:45:00"),
    ]
