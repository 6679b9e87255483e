"""The generator's crm part: customers, contacts, the pipeline, visits with their signed
feedback, service requests and surveys (see fieldsales/demo/generate/__init__.py).

Everything is planned in Python first (whose, when, in which state) and written after, so
that the columns pages read agree with the rows behind them:
- a customer's `last_activity_at` is its latest follow-up (a visit, a stage move, a service
  step); an active customer with an owner has one within the pool's 60 days (otherwise a
  call, `pool_sweep` would pool it at once), a pool customer has none since it was swept;
- a pool customer has no owner, a `pooled_at`, and the transfer rows that put it there
  (created by its former owner, then swept or released); every customer has its `create` row;
- the primary contact is mirrored in `contact_name` / `contact_phone`;
- only end customers and distributors reach 签订合同 and beyond (a prospect with a contract
  would have become an end customer); won and lost opportunities have `closed_at`, every
  opportunity its stage history from 查找潜在客户 with the times of each move;
- visits: done ones checked in at the customer (the distance kept, flagged beyond the CRM's
  alert distance), checked out and recorded the same day or late, numbered in order per
  salesperson and day; a few stuck at checked-in, some cancelled with a reason, and the next
  two weeks planned. Some are signed by the customer (客户拜访反馈表, its keyed seal computed
  as `visits.feedback` computes it), a few corrected after signing (version 2 awaiting the
  customer's signature); a signature with a score is that visit's survey;
- a closed service request has its steps (open, handling, resolve, confirm) and often the
  customer's survey; open ones are recent, with deadlines around today;
- quarterly surveys, one per customer and quarter, make up the rest of the surveys.
Rows go in through `table.Table` (COPY on PostgreSQL, executemany on SQLite, ids given here),
not bulk_create: see its docstring. The automatic times (`created_at`, `at`, `updated_at`, ...)
are written as planned. Totals, the demo's rows included, are `ctx.count(...)` of each kind.

The steps are modules: `customers` (with their transfers and contacts; `places` says where
they are), `opportunities` (with their stage history), `visits` (with the signed feedback and
the visit surveys) and `service` (service requests with their steps and surveys, then the
quarterly surveys); `base` holds what they share (the run `Crm`, the clock, the draws).
`generate` plans them all in that order, then writes them in that order: the random draws
follow that order, so keep it.

What it leaves in the context for the later parts:
- `ctx.customers`: (customer id, owner id) of every active customer with an owner, the
  demo's included (their owners are among ctx.salespeople);
- `ctx.extra["pool_customers"]`: ids of the customers in the pool;
- `ctx.extra["customer_cities"]`: {customer id: (province, city)} names, for every customer;
- `ctx.extra["primary_contacts"]`: {customer id: (contact id, name, phone)} of generated ones;
- `ctx.extra["opportunities"]`: [(id, customer id, owner id, stage, amount)] generated;
- `ctx.extra["visits"]`: [(id, customer id, salesperson id, date)] of the generated visits
  made (checked in or out), in date order.
"""

from __future__ import annotations

from fieldsales.crm.models import (
    Contact,
    Customer,
    CustomerStatus,
    Opportunity,
    SatisfactionSurvey,
    ServiceRequest,
    Visit,
)
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.crm.base import Crm
from fieldsales.demo.generate.crm.customers import (
    plan_customers,
    settle_activity,
    write_contacts,
    write_customers,
)
from fieldsales.demo.generate.crm.opportunities import plan_opportunities, write_opportunities
from fieldsales.demo.generate.crm.service import plan_services, write_quarterly, write_services
from fieldsales.demo.generate.crm.visits import plan_visits, write_visits

VISIT_SURVEY_SHARE = 0.55  # of the surveys: scored feedback; service ones, quarterly the rest
SCORED_SHARE = 0.85  # of the signatures: with a satisfaction score


def generate(ctx: Context) -> None:
    """Plan the company's CRM, then write it in bulk (see the module's docstring)."""
    existing = {
        "customers": Customer.objects.count(),
        "contacts": Contact.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "visits": Visit.objects.count(),
        "service_requests": ServiceRequest.objects.count(),
        "surveys": SatisfactionSurvey.objects.count(),
    }
    wanted = {name: max(0, ctx.count(name) - have) for name, have in existing.items()}
    crm = Crm(ctx)
    plan_customers(crm, wanted["customers"])
    plan_opportunities(crm, wanted["opportunities"])
    plan_visits(crm, wanted["visits"])
    service_surveys = plan_services(crm, wanted["service_requests"])
    settle_activity(crm)
    visit_surveys = min(round(ctx.count("surveys") * VISIT_SURVEY_SHARE), wanted["surveys"])
    visit_surveys = max(0, min(visit_surveys, wanted["surveys"] - service_surveys))
    quarterly = max(0, wanted["surveys"] - visit_surveys - service_surveys)
    write_customers(crm)
    write_contacts(crm, wanted["contacts"])
    write_opportunities(crm)
    write_visits(crm, round(visit_surveys / SCORED_SHARE), visit_surveys)
    write_services(crm)
    write_quarterly(crm, quarterly)
    ctx.customers = list(
        Customer.objects.filter(status=CustomerStatus.ACTIVE, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id")
    )
    ctx.extra["pool_customers"] = list(
        Customer.objects.filter(status=CustomerStatus.POOL)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ctx.extra["customer_cities"] = {
        pk: (province, city)
        for pk, province, city in Customer.objects.values_list("pk", "province", "city")
    }
    ctx.log(
        f"    {len(crm.customers)} customers, {len(crm.opportunities)} opportunities, "
        f"{len(crm.visits)} visits, {len(crm.services)} service requests generated"
    )
