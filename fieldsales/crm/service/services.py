"""Writes of a service request: open, step, assign, resolve, confirm, reopen, cancel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, RuleBroken
from fieldsales.core.uploads import PHOTO, FileBatch, atomic_with_files, checked_upload
from fieldsales.crm.customers import inputs
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Customer
from fieldsales.crm.customers.selectors import crm_settings
from fieldsales.crm.customers.services import owner_name, require_sales, touch, with_fields
from fieldsales.crm.service import rules
from fieldsales.crm.service.models import (
    ServiceKind,
    ServiceRequest,
    ServiceRequestPhoto,
    ServiceStep,
)
from fieldsales.crm.surveys.models import SatisfactionSurvey, SurveyKind
from fieldsales.crm.surveys.selectors import quarter_of
from fieldsales.crm.surveys.services import satisfaction_score
from fieldsales.org.access import enforce


def _lock_request(request: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("customer", "owner")
        .get(pk=request.pk)
    )


def _step(
    request: ServiceRequest,
    actor: Any,
    action: str,
    note: str,
    *,
    before: Any = None,
) -> ServiceRequest:
    """Apply `action` by the request's table (the audit row is the machine's), then log the
    handling step with its note."""
    moved = workflow.apply(
        model=ServiceRequest,
        pk=request.pk,
        actor=actor,
        action=action,
        comment=note,
        before=before,
    )
    ServiceStep.objects.create(request=moved, action=action, note=note, by=actor)
    return moved


MAX_PHOTOS = 9


def _store_photo(
    files: FileBatch, request: ServiceRequest, actor: Any, upload: Any
) -> ServiceRequestPhoto:
    checked = checked_upload(upload, accepts=PHOTO, field="photos")
    photo = ServiceRequestPhoto(
        request=request,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    name = f"{request.number}-{checked.sha256[:12]}.{checked.extension}"
    files.save_with(photo, "file", name, checked.file, field="photos")
    return photo


def _too_many_photos(count: int) -> None:
    if count > MAX_PHOTOS:
        raise RuleBroken(_("每张单据最多 %(n)d 张照片") % {"n": MAX_PHOTOS}, field="photos")


def service_request_open(
    *, actor: Any, customer: Customer, data: dict[str, Any], photos: Sequence[Any] = ()
) -> ServiceRequest:
    """An after-sales request or a complaint, with an owner and a deadline; the contact is
    the customer's unless another is named; photos of the problem are checked and stored
    with it (all or nothing). Meant as the outermost transaction: see atomic_with_files."""
    with atomic_with_files() as files:
        request = _open(actor=actor, customer=customer, data=data)
        _too_many_photos(len(photos))
        for upload in photos:
            _store_photo(files, request, actor, upload)
    return request


def _open(*, actor: Any, customer: Customer, data: dict[str, Any]) -> ServiceRequest:
    require_sales(actor)
    kind = inputs.choice(data, "kind", ServiceKind)
    if not kind:
        raise RuleBroken(_("请选择售后服务或投诉"), field="kind")
    title = inputs.text(data, "title", 120)
    if not title:
        raise RuleBroken(_("请填写事项"), field="title")
    description = inputs.text(data, "description", 4000)
    if not description:
        raise RuleBroken(_("请填写详细情况"), field="description")
    owner = data.get("owner") or customer.owner or actor
    if (
        owner.pk != actor.pk
        and not customer_rules.directs(actor, owner)
        and owner != customer.owner
    ):
        raise Forbidden(_("只能指派给自己部门的人员"))
    today = timezone.localdate()
    deadline = data.get("deadline") or today + timedelta(days=crm_settings().service_deadline_days)
    if not isinstance(deadline, date) or deadline < today:
        raise RuleBroken(_("处理期限不能早于今天"), field="deadline")
    contact_name = inputs.text(data, "contact_name", 40)
    contact_phone = inputs.text(data, "contact_phone", 30)
    if not contact_name and not contact_phone:
        # The customer's contact unless the caller named another (issue 10 item 16).
        contact_name, contact_phone = customer.contact_name[:40], customer.contact_phone[:30]
    request = ServiceRequest.objects.create(
        customer=customer,
        kind=kind,
        title=title,
        description=description,
        owner=owner,
        deadline=deadline,
        opened_by=actor,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    ServiceStep.objects.create(request=request, action="open", note=description, by=actor)
    touch(customer)
    audit(document=request, actor=actor, action="open", to_status=request.status)
    return request


def service_request_add_photo(
    *, request: ServiceRequest, actor: Any, upload: Any
) -> ServiceRequestPhoto:
    """A photo added later (after a site visit); the request stays where it is.
    Meant as the outermost transaction: see atomic_with_files."""
    with atomic_with_files() as files:
        request = _lock_request(request)
        enforce(rules.can_add_photo(actor, request))
        if upload is None:
            raise RuleBroken(_("请选择照片"), field="photos")
        _too_many_photos(request.photos.count() + 1)
        photo = _store_photo(files, request, actor, upload)
        audit(document=request, actor=actor, action="photo", data={"photo": photo.pk})
    return photo


def _move_with_text(
    request: ServiceRequest, actor: Any, action: str, text: str, *, field: str, missing: str
) -> ServiceRequest:
    """Apply `action` (403, then 409 when the state refuses it), which needs a text (400)."""
    enforce(rules.can(actor, request, action))
    if not (text or "").strip():
        raise RuleBroken(missing, field=field)
    return _step(request, actor, action, text.strip()[:4000])


@transaction.atomic
def service_request_step(*, request: ServiceRequest, actor: Any, note: str) -> ServiceRequest:
    """One handling step (contact, on-site repair, replacement...); starts the handling."""
    request = _lock_request(request)
    return _move_with_text(request, actor, "step", note, field="note", missing=_("请填写处理情况"))


@transaction.atomic
def service_request_assign(
    *, request: ServiceRequest, actor: Any, owner: Any, deadline: date | None = None, note: str = ""
) -> ServiceRequest:
    """Hand the request to another person (and optionally move the deadline)."""
    request = _lock_request(request)
    enforce(rules.can(actor, request, "assign"))
    if owner is None or not customer_rules.directs(actor, owner) and owner.pk != actor.pk:
        raise RuleBroken(_("请选择本部门的负责人"), field="owner")
    if deadline is not None and deadline < timezone.localdate():
        raise RuleBroken(_("处理期限不能早于今天"), field="deadline")
    note = note or _("转交给%(who)s") % {"who": owner_name(owner)}
    # The machine checks who handles the request before the new owner is set.
    fields = with_fields(owner=owner, deadline=deadline or request.deadline)
    return _step(request, actor, "assign", note, before=fields)


@transaction.atomic
def service_request_resolve(
    *, request: ServiceRequest, actor: Any, resolution: str
) -> ServiceRequest:
    """Handled: waits for the customer to confirm."""
    request = _lock_request(request)
    enforce(rules.can(actor, request, "resolve"))
    if not (resolution or "").strip():
        raise RuleBroken(_("请填写处理结果"), field="resolution")
    resolution = resolution.strip()[:4000]
    fields = with_fields(resolution=resolution, resolved_at=timezone.now())
    return _step(request, actor, "resolve", resolution, before=fields)


@transaction.atomic
def service_request_confirm(
    *,
    request: ServiceRequest,
    actor: Any,
    confirmed_by_name: str,
    satisfaction: Any = None,
    comments: str = "",
) -> ServiceRequest:
    """The customer confirms the closure (and rates the handling)."""
    request = _lock_request(request)
    enforce(rules.can(actor, request, "confirm"))
    name = (confirmed_by_name or "").strip()[:40]
    if not name:
        raise RuleBroken(_("请填写确认关闭的客户联系人"), field="confirmed_by_name")
    score = satisfaction_score(satisfaction)
    fields = with_fields(
        confirmed_by_name=name,
        confirmed_at=timezone.now(),
        confirmation_note=(comments or "").strip()[:200],
    )
    request = _step(
        request, actor, "confirm", _("客户%(name)s确认关闭") % {"name": name}, before=fields
    )
    if score is not None:
        SatisfactionSurvey.objects.create(
            customer=request.customer,
            kind=SurveyKind.SERVICE,
            service_request=request,
            quarter=quarter_of(timezone.localdate()),
            score=score,
            comments=request.confirmation_note,
            respondent=name,
            salesperson=request.customer.owner or request.owner,
            recorded_by=actor,
        )
    touch(request.customer)
    return request


@transaction.atomic
def service_request_reopen(*, request: ServiceRequest, actor: Any, reason: str) -> ServiceRequest:
    """The customer is not satisfied with the resolution: back to handling."""
    request = _lock_request(request)
    return _move_with_text(
        request, actor, "reopen", reason, field="reason", missing=_("请填写客户不满意的原因")
    )


@transaction.atomic
def service_request_cancel(*, request: ServiceRequest, actor: Any, reason: str) -> ServiceRequest:
    request = _lock_request(request)
    return _move_with_text(
        request, actor, "cancel", reason, field="reason", missing=_("请填写撤销原因")
    )
