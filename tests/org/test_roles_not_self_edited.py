"""Issue 8 item 4: the admin must not become an approver. Nobody edits their own role or
department (in /admin/ or anywhere); role and department changes are audit rows; the demo
admin holds the admin role only."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from admin_forms import form_data
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from factories import AdvanceFactory, TripFactory
from helpers import today

from fieldsales.core.errors import Forbidden
from fieldsales.core.models import AuditEvent
from fieldsales.crm.models import Customer
from fieldsales.org.models import AlternateApprover, Department, Employee, Role
from fieldsales.org.services import employee_save


def admin_client(cast) -> Client:
    client = Client()
    client.force_login(cast["admin"])
    return client


def employee_events(employee: Employee):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Employee), object_id=employee.pk
    )


def test_item4_admin_cannot_set_its_own_role_on_the_employee_page(cast):
    client = admin_client(cast)
    me = cast["admin"].employee
    url = f"/admin/org/employee/{me.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    assert "role" not in data  # shown read-only
    data["role"] = [Role.FINANCE]
    client.post(url, data)
    me.refresh_from_db()
    assert me.role == Role.ADMIN
    assert not employee_events(me).exists()


def test_item4_admin_cannot_set_its_own_role_on_its_user_page(cast):
    client = admin_client(cast)
    url = f"/admin/auth/user/{cast['admin'].pk}/change/"
    page = client.get(url)
    data = form_data(page.content.decode())
    assert "employee-0-role" not in data
    data["employee-0-role"] = [Role.FINANCE]
    answer = client.post(url, data)
    assert answer.status_code == 302
    assert Employee.objects.get(user=cast["admin"]).role == Role.ADMIN


def test_item4_admin_changes_someone_elses_role_and_it_is_audited(cast):
    client = admin_client(cast)
    sales2 = cast["sales2"].employee
    url = f"/admin/auth/user/{cast['sales2'].pk}/change/"
    data = form_data(client.get(url).content.decode())
    assert data["employee-0-role"] == [Role.SALESPERSON]
    data["employee-0-role"] = [Role.FINANCE]
    data["employee-0-department"] = [""]
    assert client.post(url, data).status_code == 302
    sales2.refresh_from_db()
    assert sales2.role == Role.FINANCE
    events = {e.action: e for e in employee_events(sales2)}
    role = events["role_changed"]
    assert (role.from_status, role.to_status, role.actor) == (
        Role.SALESPERSON,
        Role.FINANCE,
        cast["admin"],
    )
    department = Department.objects.get(name="销售部")
    assert events["department_changed"].data == {"from": department.pk, "to": None}


def test_item4_the_employee_page_audits_a_department_change(cast):
    client = admin_client(cast)
    finance = cast["finance"].employee
    url = f"/admin/org/employee/{finance.pk}/change/"
    data = form_data(client.get(url).content.decode())
    department = Department.objects.get(name="销售部")
    data["department"] = [str(department.pk)]
    assert client.post(url, data).status_code == 302
    event = employee_events(finance).get()
    assert (event.action, event.data) == (
        "department_changed",
        {"from": None, "to": department.pk},
    )


def test_item4_nobody_changes_their_own_role_through_the_service(cast):
    me = cast["head"].employee
    me.role = Role.GM
    with pytest.raises(Forbidden):
        employee_save(employee=me, actor=cast["head"])
    assert Employee.objects.get(pk=me.pk).role == Role.DEPT_HEAD


def test_item4_admin_cannot_name_itself_alternate_approver(cast):
    client = admin_client(cast)
    answer = client.post(
        "/admin/org/alternateapprover/add/", {"role": Role.FINANCE, "user": cast["admin"].pk}
    )
    assert answer.status_code == 200  # the form refuses the choice
    assert not AlternateApprover.objects.exists()
    answer = client.post(
        "/admin/org/alternateapprover/add/", {"role": Role.FINANCE, "user": cast["gm"].pk}
    )
    assert answer.status_code == 302
    alternate = AlternateApprover.objects.get()
    event = AuditEvent.objects.get(action="alternate_set")
    assert (event.object_id, event.actor, event.to_status) == (
        alternate.pk,
        cast["admin"],
        Role.FINANCE,
    )


def test_item4_demo_admin_holds_the_admin_role_only(cast):
    admin = cast["admin"]
    assert admin.employee.role == Role.ADMIN
    assert not AlternateApprover.objects.filter(user=admin).exists()
    finance = [u.username for u in cast.values() if u.employee.role == Role.FINANCE]
    assert finance == ["finance"]  # a separate user does finance work


def test_item4_demo_admin_cannot_approve_or_pay_an_advance(cast, api):
    customer = Customer.objects.get(code="C-0001")
    trip = TripFactory(
        traveller=cast["sales1"],
        depart=today() + timedelta(days=1),
        return_date=today() + timedelta(days=2),
        customers=[customer.pk],
        status="approved",
    )
    advance = {"id": AdvanceFactory(trip=trip, amount=Decimal("300.00")).pk}
    assert api("admin").post(f"/api/advances/{advance['id']}/approve/").status_code in {403, 404}
    api("finance").post(f"/api/advances/{advance['id']}/approve/")
    api("gm").post(f"/api/advances/{advance['id']}/approve/")
    assert api("admin").post(f"/api/advances/{advance['id']}/pay/").status_code in {403, 404}
    assert api("finance").post(f"/api/advances/{advance['id']}/pay/").status_code == 200


def test_item4_admin_cannot_make_itself_department_head(cast):
    client = admin_client(cast)
    department = Department.objects.get(name="销售部")
    url = f"/admin/org/department/{department.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["head"] = [str(cast["admin"].pk)]
    assert client.post(url, data).status_code == 200  # the choice is refused
    department.refresh_from_db()
    assert department.head == cast["head"]
    data["manager"] = [str(cast["gm"].pk)]
    data["head"] = [str(cast["head"].pk)]
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="manager_changed")
    assert (event.object_id, event.actor, event.data) == (
        department.pk,
        cast["admin"],
        {"from": cast["head"].pk, "to": cast["gm"].pk},
    )
