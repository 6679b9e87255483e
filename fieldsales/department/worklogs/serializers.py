"""The work-log API's shapes (docs/notes-worklogs.md): input serializers, and a log's body as a
plain dict (the facts live for a draft, frozen for a submitted log; money as strings)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fieldsales.core.people import display_name
from fieldsales.department.worklogs import due, facts, rules
from fieldsales.department.worklogs.models import WorkLog
from fieldsales.department.worklogs.services import TEXT_MAX


def _text(**kw: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=TEXT_MAX, **kw
    )


class WorkLogTextsSerializer(serializers.Serializer):
    done = _text(help_text="今日工作")
    problems = _text(help_text="问题")
    plan = _text(help_text="明日计划")


class WorkLogCreateSerializer(WorkLogTextsSerializer):
    day = serializers.DateField(required=False, help_text="日期，默认今天")


class WorkLogCommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX, help_text="批注")


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": display_name(user)}


def actions_of(log: WorkLog, user: Any) -> list[str]:
    checks = {
        "edit": rules.can_edit,
        "submit": rules.can_submit,
        "comment": rules.can_comment,
    }
    return [name for name, check in checks.items() if check(user, log)]


def log_body(log: WorkLog, *, user: Any, with_facts: bool = True) -> dict[str, Any]:
    """A log as the API shows it; `facts` frozen once submitted, else as they stand now."""
    body: dict[str, Any] = {
        "id": log.pk,
        "number": log.number,
        "person": _person(log.person),
        "department": (
            {"id": log.department_id, "name": log.department.name} if log.department_id else None
        ),
        "day": log.day,
        "status": log.status,
        "status_label": str(log.get_status_display()),
        "done": log.done,
        "problems": log.problems,
        "plan": log.plan,
        "submitted_at": log.submitted_at,
        "due_at": log.due_at or due.due_at(log.day),
        "late": log.late,
        "comments": [
            {
                "id": c.pk,
                "author": _person(c.author),
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in log.comments.all()
        ],
        "actions": actions_of(log, user),
    }
    if with_facts:
        body["facts_frozen"] = log.facts is not None
        body["facts"] = (
            log.facts if log.facts is not None else facts.facts_of(log.person_id, log.day)
        )
    return body
