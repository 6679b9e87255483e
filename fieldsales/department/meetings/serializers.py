"""The meetings API's shapes: input serializers, and a meeting's body as a plain dict."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.api import MAX_ID
from fieldsales.core.people import display_name
from fieldsales.department.meetings import rules, selectors
from fieldsales.department.meetings.models import Meeting


class MeetingCreateSerializer(serializers.Serializer):
    department = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    date = serializers.DateField()


class MeetingUpdateSerializer(serializers.Serializer):
    topic = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=8000)
    decisions = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class KeyVisitSerializer(serializers.Serializer):
    visit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    key = serializers.BooleanField(default=True)


class GuidanceSerializer(serializers.Serializer):
    salesperson = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    guidance = serializers.CharField(allow_blank=True, max_length=4000)


class AttendeeSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    present = serializers.BooleanField()
    absence_note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttendanceSerializer(serializers.Serializer):
    attendees = AttendeeSerializer(many=True, allow_empty=False, max_length=500)


def _visit(line: selectors.VisitLine) -> dict[str, Any]:
    return {
        "visit": line.visit_id,
        "date": line.date.isoformat() if line.date else None,
        "customer": line.customer,
        "purpose": line.purpose,
        "status": line.status,
        "result": line.result,
        "satisfaction": line.satisfaction,
        "key": line.key,
    }


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "number": meeting.number,
        "department": {"id": meeting.department_id, "name": meeting.department.name},
        "date": meeting.date.isoformat(),
        "status": meeting.status,
        "topic": meeting.topic,
        "opened_by": meeting.opened_by_id,
        "closed_by": meeting.closed_by_id,
        "closed_at": meeting.closed_at.isoformat() if meeting.closed_at else None,
    }


def meeting_body(meeting: Meeting, *, user: Any) -> dict[str, Any]:
    """A meeting as the API shows it: attendees, each salesperson's week, the guidance."""
    attendees = selectors.attendees_of(meeting)
    return meeting_summary(meeting) | {
        "notes": meeting.notes,
        "decisions": meeting.decisions,
        "attendees": [
            {
                "user": a.user_id,
                "name": display_name(a.user),
                "present": a.present,
                "absence_note": a.absence_note,
            }
            for a in attendees
        ],
        "sections": [
            {
                "salesperson": s.attendee.user_id,
                "name": s.name,
                "present": s.attendee.present,
                "guidance": s.attendee.guidance,
                "last_week": [_visit(line) for line in s.last],
                "next_week": [_visit(line) for line in s.next],
            }
            for s in selectors.sections_of(meeting, attendees)
        ],
        "can_edit": bool(rules.can_edit(user, meeting)),
    }
