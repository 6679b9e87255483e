"""Writes of a visit's life: plan, edit, confirm, cancel, check in and out, record, photos, sign."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldsales.core import workflow
from fieldsales.core.audit import audit
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.core.numbers import ascii_decimal
from fieldsales.core.uploads import PHOTO, atomic_with_files, checked_upload
from fieldsales.crm.customers import inputs
from fieldsales.crm.customers import rules as customer_rules
from fieldsales.crm.customers.models import Contact, Customer
from fieldsales.crm.customers.selectors import crm_settings, visible_customers
from fieldsales.crm.customers.services import follows_owner, require_sales, touch, with_fields
from fieldsales.crm.pipeline.models import Opportunity
from fieldsales.crm.visits import rules
from fieldsales.crm.visits.feedback import RECORD_FIELDS, sign_feedback
from fieldsales.crm.visits.geo import haversine_m
from fieldsales.crm.visits.links import trip_link
from fieldsales.crm.visits.models import Visit, VisitPhoto, VisitSignature, VisitStatus
from fieldsales.org.access import enforce


def _allowed(visit: Visit, actor: Any, action: str) -> None:
    """403 unless the actor takes `action` on this visit, 409 unless its state allows it."""
    enforce(rules.can(actor, visit, action))


def _lock_visit(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("customer", "salesperson")
        .get(pk=visit.pk)
    )


def _visit_links(visit: Visit, data: dict[str, Any], actor: Any) -> None:
    """Contact, opportunity and trip named in `data` must belong to this customer and person."""
    if "contact" in data:
        contact = data.get("contact")
        contact_id = getattr(contact, "pk", contact)
        if (
            contact_id
            and not Contact.objects.filter(pk=contact_id, customer=visit.customer).exists()
        ):
            raise RuleBroken(_("联系人不属于该客户"), field="contact")
        visit.contact_id = contact_id or None
    if "opportunity" in data:
        opportunity = data.get("opportunity")
        opportunity_id = getattr(opportunity, "pk", opportunity)
        if (
            opportunity_id
            and not Opportunity.objects.filter(pk=opportunity_id, customer=visit.customer).exists()
        ):
            raise RuleBroken(_("商机不属于该客户"), field="opportunity")
        visit.opportunity_id = opportunity_id or None
    if "trip" in data:
        trip = data.get("trip")
        trip_id = getattr(trip, "pk", trip)
        if trip_id:
            # The trips app answers whether the trip is the salesperson's and spans the day.
            link = trip_link()
            if link is None:
                raise RuleBroken(_("只能关联本人有效的出差申请"), field="trip")
            link.check(visit, trip_id)
        visit.trip_id = trip_id or None


@follows_owner
def planned_visits_follow_owner(customer: Customer, new_owner: Any) -> None:
    """A planned visit belongs to whoever will go; a trip it was planned on was the old
    salesperson's, so the link goes with it. Visits already checked in stay with who made them."""
    if new_owner is None:
        return
    Visit.objects.filter(customer=customer, status=VisitStatus.PLANNED).exclude(
        salesperson=new_owner
    ).update(salesperson=new_owner, trip=None, updated_at=timezone.now())


@transaction.atomic
def visit_plan(*, actor: Any, customer: Customer, data: dict[str, Any]) -> Visit:
    """A visit filed ahead: date, order, purpose, materials (上门走访客户管理制度 四(一)2-3)."""
    require_sales(actor)
    if not visible_customers(user=actor).filter(pk=customer.pk).exists():
        raise RuleBroken(_("客户不存在"), field="customer")
    day = data.get("date")
    if not isinstance(day, date):
        raise RuleBroken(_("请填写拜访日期"), field="date")
    if day < timezone.localdate():
        raise RuleBroken(_("拜访计划须提前制定，日期不能早于今天"), field="date")
    purpose = inputs.text(data, "purpose", 200)
    if not purpose:
        raise RuleBroken(_("请填写拜访目的"), field="purpose")
    salesperson = data.get("salesperson") or actor
    if salesperson.pk != actor.pk and not customer_rules.directs(actor, salesperson):
        raise Forbidden(_("只能为自己或本部门业务员安排拜访"))
    seq = data.get("seq")
    if seq in (None, ""):
        last = Visit.objects.filter(salesperson=salesperson, date=day).aggregate(m=Max("seq"))
        seq = (last["m"] or 0) + 1
    if not isinstance(seq, int) or not 1 <= seq <= 99:
        raise RuleBroken(_("拜访顺序须为1-99"), field="seq")
    visit = Visit(
        customer=customer,
        salesperson=salesperson,
        date=day,
        seq=seq,
        purpose=purpose,
        materials=inputs.text(data, "materials", 200),
        appointment_confirmed=bool(data.get("appointment_confirmed")),
        appointment_note=inputs.text(data, "appointment_note", 200),
    )
    if visit.appointment_confirmed:
        visit.appointment_confirmed_at = timezone.now()
    _visit_links(visit, data, actor)
    visit.save()
    audit(document=visit, actor=actor, action="plan", to_status=visit.status)
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, actor: Any, data: dict[str, Any]) -> Visit:
    """Change a planned visit (date, order, purpose, materials, links)."""
    visit = _lock_visit(visit)
    _allowed(visit, actor, "edit")
    if "date" in data:
        if not isinstance(data["date"], date) or data["date"] < timezone.localdate():
            raise RuleBroken(_("拜访日期不能早于今天"), field="date")
        visit.date = data["date"]
    if "seq" in data:
        if not isinstance(data["seq"], int) or not 1 <= data["seq"] <= 99:
            raise RuleBroken(_("拜访顺序须为1-99"), field="seq")
        visit.seq = data["seq"]
    if "purpose" in data:
        visit.purpose = inputs.text(data, "purpose", 200)
        if not visit.purpose:
            raise RuleBroken(_("请填写拜访目的"), field="purpose")
    if "materials" in data:
        visit.materials = inputs.text(data, "materials", 200)
    _visit_links(visit, data, actor)
    visit.save()
    audit(
        document=visit, actor=actor, action="edit", from_status=visit.status, to_status=visit.status
    )
    return visit


@transaction.atomic
def visit_confirm_appointment(*, visit: Visit, actor: Any, note: str = "") -> Visit:
    """The time was agreed with the customer (上门走访 四(二)1)."""
    visit = _lock_visit(visit)
    _allowed(visit, actor, "confirm")
    visit.appointment_confirmed = True
    visit.appointment_confirmed_at = timezone.now()
    visit.appointment_note = (note or "").strip()[:200]
    visit.save(
        update_fields=[
            "appointment_confirmed",
            "appointment_confirmed_at",
            "appointment_note",
            "updated_at",
        ]
    )
    audit(document=visit, actor=actor, action="confirm", comment=visit.appointment_note)
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor: Any, reason: str) -> Visit:
    visit = _lock_visit(visit)
    _allowed(visit, actor, "cancel")
    if not (reason or "").strip():
        raise RuleBroken(_("请填写取消原因"), field="reason")
    reason = reason.strip()[:200]
    return workflow.apply(
        model=Visit,
        pk=visit.pk,
        actor=actor,
        action="cancel",
        comment=reason,
        before=with_fields(cancel_reason=reason),
    )


def _distance(customer: Customer, lat: Decimal, lng: Decimal) -> int | None:
    if not customer.has_location:
        return None
    return haversine_m(customer.latitude, customer.longitude, lat, lng)


@transaction.atomic
def visit_check_in(
    *, visit: Visit, actor: Any, latitude: Any, longitude: Any, accuracy: Any = None
) -> Visit:
    """Check in at the customer with the phone's position; the distance is kept and flagged."""
    visit = _lock_visit(visit)
    _allowed(visit, actor, "check_in")
    lat, lng = inputs.point(latitude, longitude)
    today = timezone.localdate()
    if visit.date != today:
        raise RuleBroken(
            _("该拜访计划在%(day)s，只能在当天签到；请先修改拜访日期") % {"day": visit.date},
            field="date",
        )
    customer = visit.customer
    distance = _distance(customer, lat, lng)
    if distance is None:
        # The first check-in pins a customer who had no recorded coordinates.
        Customer.objects.filter(pk=customer.pk).update(latitude=lat, longitude=lng)
        audit(
            document=customer,
            actor=actor,
            action="location_pinned",
            data={"visit": visit.pk, "latitude": str(lat), "longitude": str(lng)},
        )
    flagged = distance is not None and distance > crm_settings().checkin_distance_alert_m
    visit = workflow.apply(
        model=Visit,
        pk=visit.pk,
        actor=actor,
        action="check_in",
        before=with_fields(
            check_in_at=timezone.now(),
            check_in_lat=lat,
            check_in_lng=lng,
            check_in_accuracy_m=_accuracy(accuracy),
            check_in_distance_m=distance,
            check_in_flagged=flagged,
        ),
        data={"distance_m": distance, "flagged": flagged},
    )
    touch(customer)
    return visit


def _accuracy(value: Any) -> int | None:
    """The phone's reported accuracy in metres, or None when it is not a sane number."""
    decimal = ascii_decimal(value)
    try:
        number = int(decimal.to_integral_value()) if decimal is not None else -1
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number if 0 <= number < 10_000_000 else None


@transaction.atomic
def visit_check_out(*, visit: Visit, actor: Any, latitude: Any, longitude: Any) -> Visit:
    """Check out when leaving the customer, with the phone's position again."""
    visit = _lock_visit(visit)
    _allowed(visit, actor, "check_out")
    lat, lng = inputs.point(latitude, longitude)
    customer = Customer.objects.get(pk=visit.customer_id)
    distance = _distance(customer, lat, lng)
    return workflow.apply(
        model=Visit,
        pk=visit.pk,
        actor=actor,
        action="check_out",
        before=with_fields(
            check_out_at=timezone.now(),
            check_out_lat=lat,
            check_out_lng=lng,
            check_out_distance_m=distance,
            check_out_flagged=distance is not None
            and distance > crm_settings().checkin_distance_alert_m,
        ),
        data={"distance_m": distance},
    )


@transaction.atomic
def visit_record(*, visit: Visit, actor: Any, data: dict[str, Any]) -> Visit:
    """The visit record, the same day (走访 四(三)1).

    After the customer has signed version n, a change is a correction: the record becomes
    version n + 1, unsigned until the customer signs again, while the signed version n stays
    as it was (readable, printable, sealed). Saving an unchanged record changes nothing.
    """
    visit = _lock_visit(visit)
    _allowed(visit, actor, "record")
    signed = visit.signature
    values = {key: inputs.text(data, key, 4000) for key in RECORD_FIELDS}
    if not values["content"]:
        raise RuleBroken(_("请填写洽谈内容"), field="content")
    next_day = data.get("next_visit_date") or None
    if next_day is not None and not isinstance(next_day, date):
        raise RuleBroken(_("下次跟进日期不能早于今天"), field="next_visit_date")
    unchanged = all(getattr(visit, key) == value for key, value in values.items()) and (
        visit.next_visit_date == next_day
    )
    if signed is not None and unchanged:
        return visit
    if next_day is not None and next_day < timezone.localdate():
        raise RuleBroken(_("下次跟进日期不能早于今天"), field="next_visit_date")
    revision = signed is not None and signed.version >= visit.record_version
    if signed is not None:
        trip_still_open(visit, _("该出差的报销单已批准，拜访记录不能再修改"))
    if revision:
        visit.record_version = signed.version + 1
    for key, value in values.items():
        setattr(visit, key, value)
    visit.next_visit_date = next_day
    if signed is None:
        # A correction after signing keeps the time the visit was first recorded.
        visit.recorded_at = timezone.now()
        visit.recorded_late = timezone.localdate(visit.recorded_at) != timezone.localdate(
            visit.check_in_at
        )
    visit.save()
    if next_day is not None and visit.opportunity_id:
        Opportunity.objects.filter(pk=visit.opportunity_id).update(next_follow_up=next_day)
    touch(visit.customer)
    if signed is None:
        audit(document=visit, actor=actor, action="record", data={"late": visit.recorded_late})
    else:
        audit(
            document=visit,
            actor=actor,
            action="revise",
            data={"version": visit.record_version, "signed_version": signed.version},
        )
    return visit


def visit_add_photo(*, visit: Visit, actor: Any, upload: Any, caption: str = "") -> VisitPhoto:
    """A photo taken at the customer (JPEG, PNG or WebP), stored outside the web root, opened
    and written again by core.uploads. One taken while checked in is a check-in photo and keeps
    its GPS position (it backs the check-in's); any other loses it with the rest of its metadata.
    Meant as the outermost transaction (a page view, an API call): see atomic_with_files."""
    with atomic_with_files() as files:
        visit = _lock_visit(visit)
        _allowed(visit, actor, "photo")
        if upload is None:
            raise RuleBroken(_("请选择照片"), field="photo")
        checked = checked_upload(
            upload,
            accepts=PHOTO,
            field="photo",
            keep_gps=visit.status == VisitStatus.CHECKED_IN,
        )
        photo = VisitPhoto(
            visit=visit,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            caption=(caption or "").strip()[:100],
            uploaded_by=actor,
        )
        name = f"{visit.number}-{checked.sha256[:12]}.{checked.extension}"
        files.save_with(photo, "file", name, checked.file, field="photo")
        audit(document=visit, actor=actor, action="photo", data={"photo": photo.pk})
    return photo


@transaction.atomic
def visit_sign(
    *,
    visit: Visit,
    actor: Any,
    signer_name: str,
    signature: str,
    satisfaction: Any = None,
    comments: str = "",
    signer_title: str = "",
) -> VisitSignature:
    """客户拜访反馈表 signed by the customer on the salesperson's phone (P7.2), sealed; after a
    correction the customer signs the new version the same way."""
    visit = _lock_visit(visit)
    _allowed(visit, actor, "sign")
    if not visit.is_recorded:
        raise InvalidTransition(_("请先填写拜访记录，再请客户签字"))
    signed = visit.signature
    if signed is not None and signed.version >= visit.record_version:
        raise InvalidTransition(_("客户已签字，反馈表不能重复签署"))
    trip_still_open(visit)
    return sign_feedback(
        visit,
        actor,
        signer_name=signer_name,
        signature=signature,
        satisfaction=satisfaction,
        comments=comments,
        signer_title=signer_title,
    )


def trip_still_open(visit: Visit, message: str | None = None) -> None:
    """A trip's visit is signed until the trip's claim is approved (P7.2 is settled then)."""
    link = trip_link()
    if visit.trip_id is not None and link is not None and link.settled(visit):
        raise InvalidTransition(message or _("该出差的报销单已批准，反馈表不能再补签"))
