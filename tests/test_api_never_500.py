"""api.md, Errors: "Never 500 for any input", fuzzed over every /api/ operation (schemathesis).

The schema is read from the app's own `/api/schema/`, and each operation becomes one
test: schemathesis calls it in-process through the WSGI app with a demo user's DRF
token, against the demo company (plus, for trips, advances and claims, a document in
each state their actions need). The demo company is loaded once for the module, in a
transaction rolled back after its last operation; each operation's test runs in a
savepoint rolled back at its end, so each starts from the same rows. Small non-negative
ids that it generates, in the path or as a reference in the body (`trip`, `customer`,
...), are pointed at existing rows the caller can see, so that the generated input gets
past the 404 to the serializers and services. Only one property is checked: no answer is
a server error. Generation is bounded and derandomized, so the run is quick and a failure
reproduces: run the failing operation's test alone (its id as pytest prints it, e.g.
`...::test_no_operation_answers_a_server_error[POST /api/claims/{id}/approve/]`). It
gets the same cases, and they name the same rows: ids are mapped by the rows' order, not
their values (which on PostgreSQL depend on what ran before: sequences are not rolled
back).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from factories import TRAIN, AdvanceFactory, ClaimFactory, TripFactory
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase

from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.models import Customer
from fieldsales.crm.pipeline import selectors as pipeline_selectors
from fieldsales.crm.service import selectors as service_selectors
from fieldsales.crm.surveys import selectors as surveys_selectors
from fieldsales.crm.visits import selectors as visits_selectors
from fieldsales.department.duty import selectors as duty_selectors
from fieldsales.department.meetings import selectors as meetings_selectors
from fieldsales.department.plans import selectors as plans_selectors
from fieldsales.department.reports import selectors as reports_selectors
from fieldsales.department.scorecards import selectors as scorecards_selectors
from fieldsales.department.targets import selectors as targets_selectors
from fieldsales.department.training import selectors as training_selectors
from fieldsales.department.vehicles import selectors as vehicles_selectors
from fieldsales.department.worklogs import selectors as worklogs_selectors
from fieldsales.notifications import selectors as notifications_selectors
from fieldsales.sales.catalogue import selectors as catalogue_selectors
from fieldsales.sales.inquiries import selectors as inquiries_selectors
from fieldsales.sales.orders import selectors as orders_selectors
from fieldsales.sales.quotes import selectors as quotes_selectors
from fieldsales.trips import selectors as trips
from fieldsales.wsgi import application

# Cases per operation and generation mode (valid and invalid input) that Hypothesis
# generates, on top of the schema's examples and the coverage phase's invalid values
# (each field missing, of the wrong type, out of bounds). Raise it for a deeper run:
# FIELDSALES_FUZZ_EXAMPLES=300 pytest tests/test_api_never_500.py
MAX_EXAMPLES = int(os.environ.get("FIELDSALES_FUZZ_EXAMPLES", "5"))

# /api/schema/ needs a login (issue 8 item 14) and no user exists at import time: the schema
# is generated in-process exactly as that view serves it, and the calls go to the WSGI app.
schema = schemathesis.openapi.from_dict(
    json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
)
schema.app = application
schema.location = "/api/schema/"
schema = schema.include(path_regex="^/api/")
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])
# Only the coverage phase's invalid cases: its valid variants would double the run time,
# and the fuzzing phase generates valid input too.
schema.config.phases.coverage.generation.update(modes=["negative"])

# Who calls an operation: whoever may take the action, so that the input reaches the
# rules behind the permission check. Every other operation is called by sales1.
ACTORS = {
    ("POST", "/api/trips/{id}/approve/"): "head",
    ("POST", "/api/trips/{id}/reject/"): "head",
    ("POST", "/api/trips/{id}/special-case/"): "gm",
    ("POST", "/api/advances/{id}/approve/"): "finance",
    ("POST", "/api/advances/{id}/reject/"): "finance",
    ("POST", "/api/advances/{id}/pay/"): "finance",
    ("POST", "/api/advances/{id}/repay/"): "finance",
    ("POST", "/api/claims/{id}/approve/"): "head",
    ("POST", "/api/claims/{id}/reject/"): "head",
    ("POST", "/api/claims/{id}/overrides/"): "head",
    ("POST", "/api/claims/{id}/notes/"): "head",
    ("POST", "/api/claims/{id}/consents/"): "head",
    ("POST", "/api/claims/{id}/settle/"): "finance",
    ("POST", "/api/customers/{id}/transfer/"): "head",
    ("POST", "/api/service-requests/{id}/assign/"): "head",
    ("POST", "/api/service-requests/{id}/step/"): "head",
    ("POST", "/api/service-requests/{id}/resolve/"): "head",
    ("POST", "/api/service-requests/{id}/confirm/"): "head",
    ("POST", "/api/service-requests/{id}/reopen/"): "head",
    ("POST", "/api/service-requests/{id}/cancel/"): "head",
    ("POST", "/api/inquiries/{id}/decide/"): "head",
    ("POST", "/api/inquiries/{id}/requests/{request_id}/answer/"): "tech",
    ("POST", "/api/products/"): "head",
    ("PATCH", "/api/products/{id}/"): "head",
    ("POST", "/api/price-lists/"): "head",
    ("PATCH", "/api/price-lists/{id}/"): "head",
    ("POST", "/api/price-lists/{id}/import/"): "head",
    ("POST", "/api/price-lists/{id}/approve/"): "gm",
    ("POST", "/api/price-lists/{id}/reject/"): "gm",
}

# The document (of the `documents` fixture) an operation's id 0 names: one in the
# state the action needs.
TARGETS = {
    ("PATCH", "/api/trips/{id}/"): "draft_trip",
    ("POST", "/api/trips/{id}/submit/"): "draft_trip",
    ("POST", "/api/trips/{id}/cancel/"): "draft_trip",
    ("POST", "/api/trips/{id}/approve/"): "submitted_trip",
    ("POST", "/api/trips/{id}/reject/"): "submitted_trip",
    ("POST", "/api/trips/{id}/special-case/"): "submitted_trip",
    ("POST", "/api/trips/{id}/report/"): "approved_trip",
    ("POST", "/api/advances/"): "approved_trip",
    ("POST", "/api/claims/"): "approved_trip",
    ("PATCH", "/api/claims/{id}/"): "draft_claim",
    ("POST", "/api/claims/{id}/submit/"): "draft_claim",
    ("POST", "/api/claims/{id}/approve/"): "submitted_claim",
    ("POST", "/api/claims/{id}/reject/"): "submitted_claim",
    ("POST", "/api/claims/{id}/overrides/"): "submitted_claim",
    ("POST", "/api/claims/{id}/notes/"): "submitted_claim",
    ("POST", "/api/claims/{id}/consents/"): "submitted_claim",
    ("POST", "/api/claims/{id}/correct/"): "approved_claim",
    ("POST", "/api/claims/{id}/settle/"): "approved_claim",
}
NEEDS_DOCUMENTS = ("/api/trips/", "/api/advances/", "/api/claims/", "/api/approvals/")


def _users(*, user):
    return get_user_model().objects.all()


# A path's collection or a body key -> the rows the user can see that it may name.
REFERENCES = {
    "trips": trips.visible_trips,
    "trip": trips.visible_trips,
    "advances": trips.visible_advances,
    "claims": trips.visible_claims,
    "customers": customers_selectors.visible_customers,
    "customer": customers_selectors.visible_customers,
    "contacts": customers_selectors.visible_contacts,
    "contact": customers_selectors.visible_contacts,
    "opportunities": pipeline_selectors.visible_opportunities,
    "opportunity": pipeline_selectors.visible_opportunities,
    "visits": visits_selectors.visible_visits,
    "visit": visits_selectors.visible_visits,
    "service-requests": service_selectors.visible_service_requests,
    "service_request": service_selectors.visible_service_requests,
    "surveys": surveys_selectors.visible_surveys,
    "inquiries": inquiries_selectors.visible_inquiries,
    "inquiry": inquiries_selectors.visible_inquiries,
    "quotes": quotes_selectors.visible_quotes,
    "products": catalogue_selectors.visible_products,
    "price-lists": catalogue_selectors.visible_price_lists,
    "orders": orders_selectors.visible_orders,
    "order": orders_selectors.visible_orders,
    "collections": orders_selectors.visible_collections,
    "notifications": notifications_selectors.notifications_of,
    "targets": targets_selectors.visible_targets,
    "meetings": meetings_selectors.visible_meetings,
    "work-logs": worklogs_selectors.visible_logs,
    "plans": plans_selectors.visible_plans,
    "reports": reports_selectors.visible_reports,
    "duty": duty_selectors.visible_shifts,
    "trainings": training_selectors.visible_sessions,
    "vehicles": vehicles_selectors.visible_vehicles,
    "vehicle": vehicles_selectors.visible_vehicles,
    "vehicle-bookings": vehicles_selectors.visible_bookings,
    "driver": _users,
    "scorecards": scorecards_selectors.visible_scorecards,
    "owner": _users,
    "to_user": _users,
    "salesperson": _users,
    "user": _users,
}


@pytest.fixture(scope="module")
def demo_company(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo company (as the `cast` fixture loads it) and its users' DRF tokens, loaded
    once for all operations inside a transaction that is rolled back after the last one:
    nothing of it outlives the module, even if the run is interrupted. Loading it per
    operation (a few hundred times) was most of this module's time on PostgreSQL."""
    from rest_framework.authtoken.models import Token

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                MEDIA_ROOT=tmp_path_factory.mktemp("media"),
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
            # What the load defers to its commit (notifications) runs, as it would there.
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            call_command("demo", "--without-selling-documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
            tokens = {
                user.username: Token.objects.get_or_create(user=user)[0].key
                for user in get_user_model().objects.all()
            }
        yield tokens
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def cast(demo_company, db):
    """The module's demo company (the conftest's `cast`, but not loaded again)."""
    users = get_user_model().objects.select_related("employee")
    return {u.username: u for u in users}


@pytest.fixture
def tokens(demo_company):
    return demo_company


@pytest.fixture
def kept_connection():
    """The WSGI handler closes the database connection around each request, as in
    production: inside the test's transaction that would break it. Django's test client
    disconnects the same handler (django.test.client.ClientHandler)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def documents(cast):
    """sales1's trips and claims in every state an action needs, and an open advance."""
    sales1 = cast["sales1"]
    c0001 = Customer.objects.get(code="C-0001").pk

    def trip(status="draft"):
        return TripFactory(traveller=sales1, customers=[c0001], status=status)

    items = [TRAIN]
    found = {
        "draft_trip": trip(),
        "submitted_trip": trip("submitted"),
        "approved_trip": trip("approved"),
        "draft_claim": ClaimFactory(trip=trip("approved"), items=items),
        "submitted_claim": ClaimFactory(trip=trip("approved"), items=items, status="submitted"),
        "approved_claim": ClaimFactory(trip=trip("approved"), items=items, status="approved"),
    }
    found["advance"] = AdvanceFactory(trip=found["submitted_trip"], amount=Decimal("300.00"))
    return {name: document.pk for name, document in found.items()}


def point_at_existing_rows(case, user, documents: dict[str, int]) -> None:
    """Map small non-negative ids onto rows: id 0 onto the operation's target document,
    then the rows the user can see, then all others. Larger, negative and non-integer
    ids are sent as generated: they are input worth sending too, except in a coverage
    case about another part of the request, whose path id is only invalid because all
    of its parts are: that one names the first row, so that the case reaches its point."""
    target = documents.get(TARGETS.get((case.method.upper(), case.operation.path), ""))

    def existing(value: Any, key: str) -> Any:
        if isinstance(value, str) and value.isascii() and value.isdigit():
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            return value
        if not 0 <= number < 1000:
            return value
        visible = REFERENCES[key](user=user)
        rows = [target] if target and key in ("trips", "advances", "claims", "trip") else []
        rows += visible.order_by("pk").values_list("pk", flat=True)
        rows += visible.model.objects.order_by("pk").values_list("pk", flat=True)
        rows = list(dict.fromkeys(rows))
        return type(value)(rows[number % len(rows)]) if rows else value

    if case.path_parameters and "id" in case.path_parameters:
        collection = case.operation.path.split("/")[2]
        pk = case.path_parameters["id"]
        mutated = getattr(case.meta.phase.data, "parameter_location", None)
        if case.meta.phase.name == TestPhase.COVERAGE and mutated != ParameterLocation.PATH:
            pk = 0
        case.path_parameters["id"] = existing(pk, collection)
    if isinstance(case.body, dict):
        for key, value in case.body.items():
            if key in REFERENCES:
                case.body[key] = existing(value, key)
            elif key == "customers" and isinstance(value, list):
                case.body[key] = [existing(v, "customer") for v in value]


# In a transaction rolled back after the operation (see `demo_company`, `kept_connection`).
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(
    case, cast, tokens, kept_connection, django_capture_on_commit_callbacks, request
):
    # Only the operations on trips, advances and claims need (and wait for) the documents.
    needs_documents = case.operation.path.startswith(NEEDS_DOCUMENTS)
    documents = request.getfixturevalue("documents") if needs_documents else {}
    actor = ACTORS.get((case.method.upper(), case.operation.path), "sales1")
    point_at_existing_rows(case, cast[actor], documents)
    # What a request defers to its commit (notifications, their deliveries) runs when the
    # request is answered: an error there fails the test, as it would answer 500 in production.
    with django_capture_on_commit_callbacks(execute=True):
        case.call_and_validate(
            headers={"Authorization": f"Token {tokens[actor]}"}, checks=[not_a_server_error]
        )
