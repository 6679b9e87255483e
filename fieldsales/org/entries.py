"""What org plugs into the home page (OrgConfig.ready): the admin's setup block, with the
people, roles and departments and a checklist of what the approval chains need."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fieldsales.core import labels
from fieldsales.core.registry import PageBlock, register_block
from fieldsales.org.access import has_role
from fieldsales.org.models import AlternateApprover, Department, Employee, Role

# A chain cannot be built without these roles (P1.2, P2.2, P8.3).
CHAIN_ROLES = (Role.GM, Role.FINANCE)


def sets_up(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMIN)


def setup_facts(request: HttpRequest) -> dict[str, Any]:
    """People by role, departments, and what is still missing (four queries)."""
    users = get_user_model().objects.filter(is_active=True).count()
    by_role = dict(
        Employee.objects.filter(user__is_active=True)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    departments = list(Department.objects.values_list("name", "head_id"))
    alternates = set(AlternateApprover.objects.values_list("role", flat=True))
    headless = [name for name, head in departments if head is None]
    checklist = [
        {"done": not headless, "text": _("每个部门都有负责人"), "detail": "、".join(headless)},
        *(
            {
                "done": bool(by_role.get(role)),
                "text": gettext("已有%(role)s") % {"role": labels.label("role", role)},
                "detail": "",
            }
            for role in CHAIN_ROLES
        ),
        {
            "done": bool(alternates),
            "text": _("已指定代理审批人（审批人本人的单据由代理审批）"),
            "detail": "",
        },
    ]
    return {
        "user_count": users,
        "roles": [
            {"label": labels.label("role", role), "count": by_role.get(role, 0)}
            for role, _label in Role.choices
        ],
        "department_count": len(departments),
        "checklist": checklist,
    }


def register() -> None:
    """Register the admin's setup block of the home page."""
    register_block(PageBlock("home", "org.setup", "org/_home_setup.html", 70, setup_facts, sets_up))
