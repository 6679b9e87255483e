"""/api/attendance/ (D7): day statuses by person and month (computed), a day's records and
corrections, the notice (告知), the manager's corrections and exceptions, and the clock file's
import (preview, then confirm). What the user may not see is 404."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, overload

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from fieldsales.core.api import id_param, query_params, valid_input
from fieldsales.core.errors import NotFound
from fieldsales.department.attendance import rules, selectors, services
from fieldsales.department.attendance import serializers as s
from fieldsales.department.attendance.models import (
    AttendanceCorrection,
    ClockImport,
    ClockRecord,
)

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_param(params: Any) -> date:
    text = params.get("month")
    if text in (None, ""):
        return timezone.localdate().replace(day=1)
    found = MONTH.match(text) if text.isascii() else None
    try:
        if found is None:
            raise ValueError(text)
        first = date(int(found.group(1)), int(found.group(2)), 1)
        if not 2000 <= first.year <= 2100:
            raise ValueError(text)
    except ValueError:
        raise serializers.ValidationError({"month": [_("月份格式须为 YYYY-MM")]}) from None
    return first


def day_param(params: Any, name: str = "day") -> date:
    text = params.get(name) or ""
    try:
        if not text.isascii() or len(text) != 10:
            raise ValueError(text)
        value = date.fromisoformat(text)
        if not 2000 <= value.year <= 2100:
            raise ValueError(text)
    except ValueError:
        raise serializers.ValidationError({name: [_("日期格式须为 YYYY-MM-DD")]}) from None
    return value


def _id(params: Any, name: str) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return None
    value = id_param(text)
    if value is None:
        raise serializers.ValidationError({name: [_("须为编号")]})
    return value


class MonthDays(Sequence[tuple[int, "selectors.DayStatus"]]):
    """Every person's days from `first` to `last`, person by person, as a sequence the
    paginator slices. Each person has one entry per calendar day, so a page's entries belong
    to known people and only theirs are computed (the GM's month is 200 people × 31 days)."""

    def __init__(self, people: list[int], first: date, last: date) -> None:
        self.people, self.first, self.last = people, first, last
        self.per_person = (last - first).days + 1

    def __len__(self) -> int:
        return len(self.people) * self.per_person

    @overload
    def __getitem__(self, index: int) -> tuple[int, selectors.DayStatus]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, selectors.DayStatus]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            position = range(len(self))[index]  # IndexError beyond either end
            return self[position : position + 1][0]
        start, stop, step = index.indices(len(self))
        if stop <= start:
            return []
        first_person, last_person = start // self.per_person, (stop - 1) // self.per_person
        people = self.people[first_person : last_person + 1]
        found = selectors.statuses(people, self.first, self.last)
        rows = [(pk, entry) for pk in people for entry in found[pk]]
        offset = first_person * self.per_person
        return rows[start - offset : stop - offset : step]


def _gate(request: Request) -> None:
    if not rules.reads_attendance(request.user):
        raise NotFound(_("未找到。"))


class AttendanceViewSet(viewsets.GenericViewSet):
    """D7 attendance: statuses per person and working day, notices, corrections, imports."""

    queryset = ClockRecord.objects.none()
    serializer_class = s.AttendanceNoticeSerializer

    def _people(self, request: Request, params: Any) -> list[Any]:
        people = selectors.people_seen_by(request.user)
        person, department = _id(params, "person"), _id(params, "department")
        if person is not None:
            people = people.filter(pk=person)
            if not people.exists():
                raise NotFound(_("未找到。"))
        if department is not None:
            if not (
                rules.reads_everyone(request.user) or department in rules.head_of(request.user)
            ):
                raise NotFound(_("未找到。"))
            people = people.filter(employee__department_id=department)
        return list(people)

    @extend_schema(
        operation_id="attendance_days_list",
        parameters=[
            OpenApiParameter("person", int, description="员工编号"),
            OpenApiParameter("department", int, description="部门编号"),
            OpenApiParameter("month", str, description="月份 YYYY-MM，默认本月"),
            OpenApiParameter("status", str, description="present, late, absent, …"),
        ],
        responses={200: dict},
    )
    def list(self, request: Request) -> Response:
        """Every day of the month per person in scope with its status (computed)."""
        _gate(request)
        params = query_params(request)
        first, last = selectors.month_bounds(month_param(params))
        status = params.get("status")
        if status not in (None, "") and status not in selectors.STATUSES:
            raise serializers.ValidationError(
                {"status": [_("须为 %(v)s") % {"v": ", ".join(selectors.STATUSES)}]}
            )
        people = {p.pk: p for p in self._people(request, params)}
        days: Sequence[tuple[int, selectors.DayStatus]]
        if status:
            found = selectors.statuses(list(people), first, last)
            days = [(pk, e) for pk in people for e in found[pk] if e.status == status]
        else:
            days = MonthDays(list(people), first, last)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(days, request, view=self) or []
        # Only the page's days are written out (a month of the company is thousands).
        return paginator.get_paginated_response([s.day_body(e, people[pk]) for pk, e in page])

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="员工编号"),
            OpenApiParameter("day", date, description="日期"),
        ],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def day(self, request: Request) -> Response:
        """One person's day: status, the punches (with ids, voided too) and the corrections."""
        _gate(request)
        params = query_params(request)
        day = day_param(params)
        person = selectors.person_seen_by(request.user, _id(params, "person") or request.user.pk)
        if person is None:
            raise NotFound(_("未找到。"))
        entry = selectors.statuses([person.pk], day, day)[person.pk][0]
        records = ClockRecord.objects.filter(person=person, day=day).order_by("time")
        corrections = AttendanceCorrection.objects.filter(person=person, day=day).select_related(
            "person", "actor"
        )
        return Response(
            s.day_body(entry, person)
            | {
                "records": [
                    {
                        "id": r.pk,
                        "time": r.time.strftime("%H:%M:%S"),
                        "voided": r.voided,
                        "imported": r.batch_id is not None,
                    }
                    for r in records
                ],
                "corrections": [s.correction_body(c) for c in corrections],
                "can_correct": bool(rules.can_correct(request.user, person)),
            }
        )

    @extend_schema(request=s.AttendanceNoticeSerializer, responses={201: dict})
    @action(detail=False, methods=["post"])
    def notices(self, request: Request) -> Response:
        """告知: I will be late today (only before work_start; the server stamps the time)."""
        _gate(request)
        data = valid_input(s.AttendanceNoticeSerializer, request)
        notice = services.attendance_notice_give(
            actor=request.user, day=data.get("day"), reason=data.get("reason", "")
        )
        return Response(s.notice_body(notice), status=201)

    @extend_schema(request=s.AttendanceCorrectionSerializer, responses={201: dict})
    @action(detail=False, methods=["get", "post"])
    def corrections(self, request: Request) -> Response:
        """The manager's corrections with a reason (add/void a punch, exception, revoke)."""
        _gate(request)
        if request.method == "GET":
            params = query_params(request)
            first, last = selectors.month_bounds(month_param(params))
            ids = [p.pk for p in self._people(request, params)]
            rows = AttendanceCorrection.objects.filter(
                person_id__in=ids, day__gte=first, day__lte=last
            ).select_related("person", "actor")
            paginator = PageNumberPagination()
            page = paginator.paginate_queryset(list(rows), request, view=self)
            return paginator.get_paginated_response([s.correction_body(c) for c in page or []])
        data = valid_input(s.AttendanceCorrectionSerializer, request)
        person = selectors.person_seen_by(request.user, data["person"])
        if person is None:
            raise NotFound(_("未找到。"))
        record = None
        if data.get("record") is not None:
            record = ClockRecord.objects.filter(pk=data["record"], person=person).first()
            if record is None:
                raise serializers.ValidationError({"record": [_("找不到这条打卡记录")]})
        row = services.attendance_correct(
            actor=request.user,
            person=person,
            day=data["day"],
            kind=data["kind"],
            reason=data["reason"],
            time=data.get("time"),
            record=record,
        )
        return Response(s.correction_body(row), status=201)

    @extend_schema(
        request={"multipart/form-data": s.AttendanceImportSerializer}, responses={201: dict}
    )
    @action(detail=False, methods=["post"])
    def imports(self, request: Request) -> Response:
        """Upload the clock's export: the preview (nothing saved but the file)."""
        _gate(request)
        if not rules.manages_attendance(request.user):
            raise NotFound(_("未找到。"))
        upload = valid_input(s.AttendanceImportSerializer, request)["file"]
        services.check_upload_size(upload.size)
        batch, preview = services.clock_import_preview(
            actor=request.user, content=upload.read(), filename=upload.name or ""
        )
        return Response(s.preview_body(batch, preview), status=201)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path=r"imports/(?P<batch>[0-9]+)/confirm")
    def confirm(self, request: Request, batch: str) -> Response:
        """Confirm a preview: every new row saved, or none (400 when any row is wrong)."""
        _gate(request)
        found = ClockImport.objects.filter(
            pk=id_param(batch) or 0, uploaded_by=request.user
        ).first()
        if found is None or not rules.manages_attendance(request.user):
            raise NotFound(_("未找到。"))
        confirmed = services.clock_import_confirm(actor=request.user, batch=found)
        return Response(s.import_body(confirmed))
