"""Issue 10 item 16: a complaint's contact defaults from the customer, photos can be attached
(checked by core.uploads), and 转交 offers by name the colleagues the service rules allow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from helpers import tiny_jpeg, tiny_png

from fieldsales.core.errors import InvalidTransition, RuleBroken
from fieldsales.core.people import display_name
from fieldsales.crm.models import Customer, ServiceRequest, ServiceRequestPhoto
from fieldsales.crm.service import selectors
from fieldsales.crm.service import services as service_services

pytestmark = pytest.mark.django_db


def c0001():
    return Customer.objects.get(code="C-0001")


def jpeg(name="a.jpg"):
    return SimpleUploadedFile(name, tiny_jpeg(), content_type="image/jpeg")


def complaint(cast, **data):
    body = {"kind": "complaint", "title": "组件划伤", "description": "6 块边框划伤"} | data
    return service_services.service_request_open(actor=cast["sales1"], customer=c0001(), data=body)


# ---------------------------------------------------------------- the contact


def test_the_contact_defaults_from_the_customer(cast):
    customer = c0001()
    assert customer.contact_name and customer.contact_phone
    request = complaint(cast)
    assert (request.contact_name, request.contact_phone) == (
        customer.contact_name,
        customer.contact_phone,
    )
    other = complaint(cast, contact_name="王工", contact_phone="13800000000")
    assert (other.contact_name, other.contact_phone) == ("王工", "13800000000")


def test_the_form_prefills_the_contact_and_each_option_carries_it(client, cast):
    customer = c0001()
    client.force_login(cast["sales1"])
    page = client.get(f"/crm/service/new/?customer={customer.pk}")
    form = page.context["form"]
    assert form["contact_name"].value() == customer.contact_name
    assert form["contact_phone"].value() == customer.contact_phone
    html = page.content.decode()
    assert f'data-contact-name="{customer.contact_name}"' in html
    assert 'enctype="multipart/form-data"' in html
    # A customer the user may not see prefills nothing.
    theirs = Customer.objects.filter(owner=cast["sales2"]).first()
    form = client.get(f"/crm/service/new/?customer={theirs.pk}").context["form"]
    assert not form["contact_name"].value()
    assert client.get("/crm/service/new/?customer=１").status_code == 200


# ---------------------------------------------------------------- photos


def test_photos_are_attached_when_the_complaint_is_registered(client, cast):
    client.force_login(cast["sales1"])
    response = client.post(
        "/crm/service/new/",
        {
            "customer": c0001().pk,
            "kind": "complaint",
            "title": "组件划伤",
            "description": "6 块边框划伤",
            "photos": [jpeg(), SimpleUploadedFile("b.png", tiny_png(), "image/png")],
        },
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get(title="组件划伤")
    assert sorted(p.content_type for p in request.photos.all()) == ["image/jpeg", "image/png"]
    page = client.get(f"/crm/service/{request.pk}/").content.decode()
    photo = request.photos.first()
    assert f"/crm/service/photos/{photo.pk}/" in page
    assert client.get(f"/crm/service/photos/{photo.pk}/").status_code == 200
    client.force_login(cast["sales2"])
    assert client.get(f"/crm/service/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_saved(client, cast):
    client.force_login(cast["sales1"])
    response = client.post(
        "/crm/service/new/",
        {
            "customer": c0001().pk,
            "kind": "complaint",
            "title": "组件划伤",
            "description": "x",
            "photos": [jpeg(), SimpleUploadedFile("c.jpg", b"not a picture", "image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not ServiceRequest.objects.filter(title="组件划伤").exists()
    assert not ServiceRequestPhoto.objects.exists()


def test_a_photo_added_later_by_the_handler_while_open(client, cast):
    request = complaint(cast)
    photo = service_services.service_request_add_photo(
        request=request, actor=cast["sales1"], upload=jpeg()
    )
    assert photo.request_id == request.pk and photo.uploaded_by == cast["sales1"]
    client.force_login(cast["sales1"])
    response = client.post(f"/crm/service/{request.pk}/photo/", {"photo": jpeg("d.jpg")})
    assert response.status_code == 302
    assert request.photos.count() == 2
    with pytest.raises(RuleBroken):
        service_services.service_request_add_photo(
            request=request, actor=cast["sales1"], upload=None
        )
    service_services.service_request_cancel(request=request, actor=cast["sales1"], reason="误报")
    with pytest.raises(InvalidTransition):
        service_services.service_request_add_photo(
            request=request, actor=cast["sales1"], upload=jpeg()
        )


def test_no_more_than_nine_photos(cast):
    with pytest.raises(RuleBroken) as refused:
        service_services.service_request_open(
            actor=cast["sales1"],
            customer=c0001(),
            data={"kind": "service", "title": "t", "description": "d"},
            photos=[jpeg(f"{n}.jpg") for n in range(service_services.MAX_PHOTOS + 1)],
        )
    assert refused.value.field == "photos"
    assert not ServiceRequest.objects.filter(title="t").exists()


# ---------------------------------------------------------------- 转交


def test_transfer_offers_by_name_the_colleagues_the_rules_allow(client, cast):
    request = complaint(cast)  # sales1 owns it
    head = cast["head"]
    targets = selectors.assign_targets(user=head, request=request)
    assert cast["sales1"] not in targets  # already theirs
    assert cast["sales2"] in targets
    client.force_login(head)
    html = client.get(f"/crm/service/{request.pk}/").content.decode()
    assert f'<option value="{cast["sales2"].pk}">{display_name(cast["sales2"])}' in html
    assert (
        cast["sales2"].username not in html.split('id="id_assign_owner"')[1].split("</select>")[0]
    )
    # Every colleague offered is one the service accepts.
    for person in targets:
        fresh = ServiceRequest.objects.get(pk=request.pk)
        moved = service_services.service_request_assign(request=fresh, actor=head, owner=person)
        assert moved.owner == person
        service_services.service_request_assign(request=moved, actor=head, owner=cast["sales1"])


def test_a_salesperson_with_nobody_to_hand_to_is_told_why(client, cast):
    request = complaint(cast)
    assert selectors.assign_targets(user=cast["sales1"], request=request) == []
    client.force_login(cast["sales1"])
    html = client.get(f"/crm/service/{request.pk}/").content.decode()
    assert "没有可转交的同事" in html and 'id="id_assign_owner"' not in html
