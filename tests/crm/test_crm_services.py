"""One test of its own for each CRM service that had none: called directly, on the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import ContactFactory, CustomerFactory, OpportunityFactory, TripFactory, VisitFactory
from helpers import png_data_url, tiny_jpeg, today

from fieldsales.core import seals
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.customers.services import (
    contact_add,
    contact_update,
    customer_update,
    next_customer_code,
)
from fieldsales.crm.models import Customer, ServiceStep, VisitSignature
from fieldsales.crm.pipeline.services import opportunity_move, opportunity_update
from fieldsales.crm.service.services import (
    service_request_assign,
    service_request_cancel,
    service_request_open,
)
from fieldsales.crm.visits.feedback import (
    trip_visit_file,
    visit_feedback_hash,
    visit_feedback_payload,
)
from fieldsales.crm.visits.services import (
    visit_add_photo,
    visit_check_in,
    visit_confirm_appointment,
)

pytestmark = pytest.mark.django_db


def test_next_customer_code_follows_the_highest_code_and_skips_reserved(cast):
    # Given the demo's codes C-0001 to C-0007
    highest = max(int(c[2:]) for c in Customer.objects.values_list("code", flat=True))

    # Then the next code is one more; each call takes a number from the counter
    assert next_customer_code() == f"C-{highest + 1:04d}"
    assert next_customer_code() == f"C-{highest + 2:04d}"
    # And a code reserved for a row still to come (an import's own 客户编号) is skipped
    reserved = {f"C-{highest + 3:04d}"}
    assert next_customer_code(reserved=reserved) == f"C-{highest + 4:04d}"


def test_customer_update_changes_the_file_and_audits_the_fields(cast):
    customer = CustomerFactory(actor=cast["sales1"])

    updated = customer_update(
        customer=customer,
        actor=cast["sales1"],
        data={"industry": "光伏电站", "contact_name": "钱七"},
    )

    assert (updated.industry, updated.contact_name) == ("光伏电站", "钱七")
    event = audit_trail(customer).get(action="edit")
    assert event.data == {"fields": ["contact_name", "industry"]}
    with pytest.raises(Forbidden):
        customer_update(customer=customer, actor=cast["sales2"], data={"industry": "x"})


def test_contact_add_a_primary_contact_is_mirrored_on_the_customer(cast):
    customer = CustomerFactory(actor=cast["sales1"], contact_name="", contact_phone="")

    first = contact_add(customer=customer, actor=cast["sales1"], data={"name": "孙八"})
    second = contact_add(
        customer=customer,
        actor=cast["sales1"],
        data={"name": "周九", "phone": "0579-1234567", "is_primary": True},
    )

    first.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)
    customer.refresh_from_db()
    assert (customer.contact_name, customer.contact_phone) == ("周九", "0579-1234567")
    with pytest.raises(RuleBroken):
        contact_add(customer=customer, actor=cast["sales1"], data={"name": ""})
    with pytest.raises(Forbidden):
        contact_add(customer=customer, actor=cast["sales2"], data={"name": "吴十"})


def test_contact_update_making_a_contact_primary_moves_the_mirror(cast):
    customer = CustomerFactory(actor=cast["sales1"], contact_name="原联系人")
    contact = ContactFactory(customer=customer, name="郑一", phone="13900001111")

    contact_update(
        contact=contact, actor=cast["sales1"], data={"title": "采购经理", "is_primary": True}
    )

    contact.refresh_from_db()
    customer.refresh_from_db()
    assert (contact.title, contact.is_primary) == ("采购经理", True)
    assert (customer.contact_name, customer.contact_phone) == ("郑一", "13900001111")
    assert customer.contacts.filter(is_primary=True).count() == 1
    with pytest.raises(RuleBroken):
        contact_update(contact=contact, actor=cast["sales1"], data={"name": " "})


def test_opportunity_update_changes_an_open_one_only(cast):
    opportunity = OpportunityFactory(customer=CustomerFactory(actor=cast["sales1"]))

    updated = opportunity_update(
        opportunity=opportunity,
        actor=cast["sales1"],
        data={"amount": "250000.00", "products": "组件"},
    )

    assert (str(updated.amount), updated.products) == ("250000.00", "组件")
    assert audit_trail(opportunity).filter(action="edit").count() == 1
    with pytest.raises(Forbidden):
        opportunity_update(opportunity=opportunity, actor=cast["sales2"], data={})
    opportunity_move(opportunity=opportunity, actor=cast["sales1"], to_stage="lost", reason="价格")
    with pytest.raises(InvalidTransition):
        opportunity_update(opportunity=opportunity, actor=cast["sales1"], data={})


def test_visit_confirm_appointment_records_when_and_what_was_agreed(cast):
    visit = VisitFactory(customer=CustomerFactory(actor=cast["sales1"]))

    confirmed = visit_confirm_appointment(visit=visit, actor=cast["sales1"], note="约好上午十点")

    assert (confirmed.appointment_confirmed, confirmed.appointment_note) == (True, "约好上午十点")
    assert confirmed.appointment_confirmed_at is not None
    assert audit_trail(visit).get(action="confirm").comment == "约好上午十点"
    with pytest.raises(Forbidden):
        visit_confirm_appointment(visit=visit, actor=cast["sales2"])


def test_visit_add_photo_only_while_checked_in_or_out(cast):
    customer = Customer.objects.get(code="C-0001")
    visit = VisitFactory(customer=customer, actor=cast["sales1"])
    upload = SimpleUploadedFile("site.jpg", tiny_jpeg())
    with pytest.raises(InvalidTransition):  # a planned visit has no photos yet
        visit_add_photo(visit=visit, actor=cast["sales1"], upload=upload)
    visit_check_in(
        visit=visit, actor=cast["sales1"], latitude=customer.latitude, longitude=customer.longitude
    )

    photo = visit_add_photo(
        visit=visit,
        actor=cast["sales1"],
        upload=SimpleUploadedFile("site.jpg", tiny_jpeg()),
        caption="厂房屋顶",
    )

    assert (photo.visit_id, photo.caption, photo.content_type) == (
        visit.pk,
        "厂房屋顶",
        "image/jpeg",
    )
    assert photo.file.read()[:2] == b"\xff\xd8"
    assert audit_trail(visit).get(action="photo").data == {"photo": photo.pk}


def filed_trip_visit(cast):
    customer = Customer.objects.get(code="C-0001")
    trip = TripFactory(
        traveller=cast["sales1"],
        depart=today() - timedelta(days=1),
        return_date=today(),
        customers=[customer.pk],
        status="approved",
    )
    return trip_visit_file(
        trip=trip,
        actor=cast["sales1"],
        customer=customer,
        visited_on=today(),
        content="介绍新款组件",
        signer_name="赵经理",
        signature=png_data_url(),
        satisfaction=4,
    )


def test_trip_visit_file_makes_a_checked_out_visit_with_signed_feedback(cast):
    visit = filed_trip_visit(cast)

    assert (visit.status, visit.trip.traveller.username, visit.content) == (
        "checked_out",
        "sales1",
        "介绍新款组件",
    )
    signature = VisitSignature.objects.get(visit=visit)
    assert (signature.signer_name, signature.satisfaction) == ("赵经理", 4)
    assert [e.action for e in audit_trail(visit)] == ["trip_report", "sign"]
    with pytest.raises(RuleBroken):
        trip_visit_file(
            trip=visit.trip,
            actor=cast["sales1"],
            customer=visit.customer,
            visited_on=today(),
            content=" ",
            signer_name="赵经理",
            signature=png_data_url(),
        )


def test_visit_feedback_hash_is_the_keyed_seal_of_the_signed_payload(cast):
    signature = VisitSignature.objects.get(visit=filed_trip_visit(cast))

    key, digest = visit_feedback_hash(signature)

    assert (key, digest) == (signature.seal_key, signature.content_hash)
    assert seals.verify(visit_feedback_payload(signature), version=key, digest=digest)
    signature.comments = "改过"
    assert visit_feedback_hash(signature)[1] != digest


def open_request(cast):
    return service_request_open(
        actor=cast["sales1"],
        customer=Customer.objects.get(code="C-0001"),
        data={"kind": "complaint", "title": "逆变器报警", "description": "夜间频繁报警"},
    )


def test_service_request_assign_hands_it_over_with_a_new_deadline(cast):
    request = open_request(cast)
    deadline = today() + timedelta(days=7)

    assigned = service_request_assign(
        request=request, actor=cast["head"], owner=cast["sales2"], deadline=deadline
    )

    assert (assigned.owner.username, assigned.deadline, assigned.status) == (
        "sales2",
        deadline,
        "open",
    )
    assert ServiceStep.objects.filter(request=request, action="assign").count() == 1
    with pytest.raises(RuleBroken):
        service_request_assign(
            request=request,
            actor=cast["head"],
            owner=cast["sales1"],
            deadline=today() - timedelta(1),
        )


def test_service_request_cancel_by_its_opener_with_a_reason(cast):
    request = open_request(cast)
    with pytest.raises(RuleBroken):
        service_request_cancel(request=request, actor=cast["sales1"], reason="")

    cancelled = service_request_cancel(request=request, actor=cast["sales1"], reason="客户重复报修")

    assert cancelled.status == "cancelled"
    assert [s.action for s in cancelled.steps.all()] == ["open", "cancel"]
    with pytest.raises(InvalidTransition):
        service_request_cancel(request=request, actor=cast["sales1"], reason="再撤一次")
