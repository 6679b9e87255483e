"""`fieldsales generate --size tiny` (issue 15 item 1): the company it makes, the CRM part.

One generated company serves the module (conftest's `tiny_company`): it is kept in an outer
transaction that is rolled back when the module ends, each test reading it inside its own
savepoint."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    Opportunity,
    SatisfactionSurvey,
    ServiceRequest,
    Stage,
    TransferKind,
    Visit,
    VisitSignature,
)
from fieldsales.crm.visits.feedback import visit_feedback_seal_status
from fieldsales.demo.generate import Context
from fieldsales.org.models import Role

CRM_COUNTS = {
    "customers": Customer,
    "contacts": Contact,
    "opportunities": Opportunity,
    "visits": Visit,
    "service_requests": ServiceRequest,
    "surveys": SatisfactionSurvey,
}


@pytest.fixture(scope="module")
def company(tiny_company):
    """What `generate --size tiny --seed 7` printed; the company is in the database."""
    return tiny_company.output


def tiny() -> Context:
    return Context(size="tiny", seed=7, today=timezone.localdate(), rng=random.Random(7))


def test_generate_tiny_has_the_demo_users_with_their_roles(company, db):
    users = get_user_model().objects.select_related("employee")
    roles = {u.username: u.employee.role for u in users.filter(employee__isnull=False)}
    assert roles["sales1"] == roles["sales2"] == Role.SALESPERSON
    assert roles["head"] == Role.DEPT_HEAD
    assert roles["gm"] == Role.GM
    assert roles["finance"] == Role.FINANCE
    assert roles["admin"] == Role.ADMIN
    salespeople = [name for name, role in roles.items() if role == Role.SALESPERSON]
    assert len(salespeople) == tiny().count("salespeople")


def test_generate_tiny_writes_the_crm_rows_of_its_size(company, db):
    counted = {name: model.objects.count() for name, model in CRM_COUNTS.items()}
    # The CRM part's visits are those without a trip: the trips part adds each report's
    # visits on top (the demo's visits have no trip).
    counted["visits"] = Visit.objects.filter(trip__isnull=True).count()
    assert counted == {name: tiny().count(name) for name in CRM_COUNTS}
    assert "crm:" in company


def test_generated_customers_give_the_demo_salespeople_a_share(company, db):
    owned = dict(
        Customer.objects.filter(owner__isnull=False)
        .values_list("owner__username")
        .annotate(n=Count("pk"))
    )
    share = tiny().count("customers") / tiny().count("salespeople")
    assert owned["sales1"] > share / 2 and owned["sales2"] > share / 2
    assert Visit.objects.filter(salesperson__username="sales1", date__gte=timezone.localdate())
    assert Opportunity.objects.filter(owner__username="sales1").count() > 10


def test_generated_signed_feedback_keeps_intact_seals(company, db):
    signatures = VisitSignature.objects.select_related("visit__customer", "visit__salesperson")
    statuses = {visit_feedback_seal_status(s) for s in signatures}
    assert signatures.count() > 50
    assert statuses == {"intact"}
    revised = Visit.objects.filter(record_version=2)
    assert revised.exists()
    assert all(visit.awaiting_signature for visit in revised)
    scored = signatures.filter(satisfaction__isnull=False).count()
    assert SatisfactionSurvey.objects.filter(kind="visit", visit__signatures__isnull=False).count()
    assert scored <= SatisfactionSurvey.objects.filter(kind="visit").count()


def test_generated_customers_columns_agree_with_their_rows(company, db):
    now = timezone.now()
    pool = Customer.objects.filter(status=CustomerStatus.POOL)
    assert pool.exists() and not pool.filter(owner__isnull=False).exists()
    assert not pool.filter(pooled_at__isnull=True).exists()
    gone = [TransferKind.SWEEP, TransferKind.RELEASE]
    assert not pool.exclude(transfers__kind__in=gone).exists()
    active = Customer.objects.filter(status=CustomerStatus.ACTIVE, owner__isnull=False)
    # Followed up within the pool's 60 days, never before their last visit, never later than now.
    assert not active.filter(
        Q(last_activity_at__lt=now - timedelta(days=60)) | Q(last_activity_at__gt=now)
    ).exists()
    late = Customer.objects.annotate(seen=Max("visits__check_out_at")).filter(
        seen__gt=F("last_activity_at"), code__startswith="C-1"
    )
    assert not late.exists()
    primary = Contact.objects.filter(is_primary=True, customer__code__startswith="C-1")
    assert primary.count() == Customer.objects.filter(code__startswith="C-1").count()
    assert not primary.exclude(name=F("customer__contact_name")).exists()
    assert not Opportunity.objects.filter(
        stage__in=[Stage.CONTRACT_SIGNED, Stage.IN_EXECUTION, Stage.WON],
        customer__kind=CustomerKind.PROSPECT,
    ).exists()
    closed = Opportunity.objects.filter(stage__in=[Stage.WON, Stage.LOST])
    assert not closed.filter(closed_at__isnull=True).exists()
    assert (
        not Opportunity.objects.annotate(last=Max("changes__at"))
        .exclude(last=F("stage_changed_at"))
        .filter(customer__code__startswith="C-1")
    )
    generated = Visit.objects.filter(customer__code__startswith="C-1")
    repeated = generated.values("salesperson", "date", "seq").annotate(n=Count("pk"))
    assert repeated.exists() and not repeated.filter(n__gt=1).exists()


def test_generate_refuses_a_database_that_has_users(company, db):
    with pytest.raises(CommandError):
        call_command("generate", "--size", "tiny", stdout=io.StringIO())


@pytest.mark.parametrize("who", ["sales1", "head", "gm"])
def test_crm_pages_open_on_the_generated_company(company, db, client, who):
    client.force_login(get_user_model().objects.get(username=who))
    signed = VisitSignature.objects.filter(visit__salesperson__username="sales1").first().visit
    customer = signed.customer
    pages = [
        "/crm/",
        "/crm/?page=2",
        "/crm/pool/",
        "/crm/pipeline/",
        "/crm/pipeline/won/",
        "/crm/visits/",
        "/crm/revisits/",
        "/crm/service/",
        "/crm/surveys/",
        "/crm/customers/sheet/",
        f"/crm/customers/{customer.pk}/",
        f"/crm/customers/{customer.pk}/timeline/",
        f"/crm/visits/{signed.pk}/",
        f"/crm/visits/{signed.pk}/feedback/",
    ]
    opportunity = Opportunity.objects.filter(owner__username="sales1").first()
    request = ServiceRequest.objects.filter(owner__username="sales1").first()
    pages += [f"/crm/opportunities/{opportunity.pk}/", f"/crm/service/{request.pk}/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (who, page, response.status_code)
