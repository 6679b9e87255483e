"""The trainings API's shapes: input serializers (prefixed Training for the schema), bodies."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from fieldsales.core.api import MAX_ID
from fieldsales.core.people import display_name
from fieldsales.department.training import rules, selectors
from fieldsales.department.training.models import TrainingSession


class TrainingCreateSerializer(serializers.Serializer):
    department = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    date = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    trainer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    meeting = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    links = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class TrainingUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    topic = serializers.CharField(required=False, max_length=200)
    trainer = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    meeting = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    links = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class TrainingAttendeeSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    present = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class TrainingAttendanceSerializer(serializers.Serializer):
    attendees = TrainingAttendeeSerializer(many=True, allow_empty=False, max_length=500)


class TrainingMaterialSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=False)


def session_summary(session: TrainingSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "department": {"id": session.department_id, "name": session.department.name},
        "date": session.date.isoformat(),
        "topic": session.topic,
        "trainer": {"id": session.trainer_id, "name": display_name(session.trainer)},
        "meeting": session.meeting_id,
    }


def session_body(session: TrainingSession, *, user: Any) -> dict[str, Any]:
    return session_summary(session) | {
        "notes": session.notes,
        "links": session.link_list,
        "materials": [
            {
                "id": m.pk,
                "name": m.name,
                "content_type": m.content_type,
                "size": m.size,
                "url": reverse("department:training_material", args=[session.pk, m.pk]),
            }
            for m in session.materials.all()
        ],
        "attendees": [
            {
                "user": a.user_id,
                "name": display_name(a.user),
                "present": a.present,
                "note": a.note,
            }
            for a in selectors.attendees_of(session)
        ],
        "can_edit": bool(rules.can_edit(user, session)),
    }


def record_body(record: selectors.Record) -> dict[str, Any]:
    def row(a: Any) -> dict[str, Any]:
        return session_summary(a.session) | {"present": a.present, "note": a.note}

    return {
        "user": record.person.pk,
        "name": display_name(record.person),
        "attended_count": len(record.attended),
        "missed_count": len(record.missed),
        "attended": [row(a) for a in record.attended],
        "missed": [row(a) for a in record.missed],
        "upcoming": [row(a) for a in record.upcoming],
    }
