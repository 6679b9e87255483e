"""The generator's selling part: catalogue, inquiries, quotes, orders and collections.

Products go into the demo's categories (and a few more); the demo's price list in force today
gets their prices, and each earlier year of the span gets its own approved list (prices a few
percent lower each year back), so every document is priced by the list in force on its day.
Inquiries, quotes and orders belong to the owner of their customer, spread over the last three
years; each is in a state its workflow could have reached, with its approval chain, the
decisions taken (`Approval`, and `OrderReview` for contracts), the denormalised totals, and,
for signed orders, installments that add up to the total, deliveries and the collections
finance recorded: old orders mostly completed, some left overdue in every aging bucket.

Numbers come from the same counter series the services use (`inquiry`, `quote-<year>`,
`sales.order.<year>`, `sales.price_list`): the generated documents take the next numbers in
date order and the counters are left past them, so the next real document does not collide.

The steps live in their own modules: `catalogue` (products and price lists), `inquiries`,
`quotes` and `orders` (with deliveries and collections); `workflow` holds what they share.
`Clock`, `at`, `explicit_times` and `money` (fieldsales.demo.generate.helpers) are re-exported
here for the parts that import them from this module.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from fieldsales.core.models import Approval
from fieldsales.crm.customers.models import Customer, CustomerKind
from fieldsales.demo.generate import Context
from fieldsales.demo.generate.helpers import Clock, at, explicit_times, money
from fieldsales.demo.generate.selling.catalogue import make_catalogue
from fieldsales.demo.generate.selling.inquiries import make_inquiries
from fieldsales.demo.generate.selling.orders import make_orders
from fieldsales.demo.generate.selling.quotes import make_quotes
from fieldsales.demo.generate.selling.workflow import Chains
from fieldsales.sales.orders.models import SIGNED_OR_LATER, Order

__all__ = ["Clock", "at", "explicit_times", "generate", "money"]


def generate(ctx: Context) -> None:
    sellers = {u.pk for u in ctx.salespeople}
    customers = ctx.customers or list(
        Customer.objects.filter(owner__isnull=False).values_list("pk", "owner_id")
    )
    owned = [(c, o) for c, o in customers if o in sellers]
    if not owned:  # no customer of a salesperson: give the demo's customers to sales1
        owned = [(c, ctx.salespeople[0].pk) for c, _o in customers]
    kinds = dict(Customer.objects.values_list("pk", "kind"))
    chains = Chains(ctx)
    finance = ctx.users["finance"]

    clock = Clock(ctx)
    lists, products = make_catalogue(ctx)
    clock("catalogue")
    approvals: list[Approval] = []
    inquiries = make_inquiries(ctx, owned, chains, approvals)
    clock("inquiries")
    quotes = make_quotes(ctx, owned, kinds, lists, products, chains, approvals, inquiries)
    clock("quotes")
    orders = make_orders(ctx, owned, kinds, lists, products, chains, approvals, quotes, finance)
    clock("orders")
    with explicit_times(Approval):
        ctx.bulk(Approval, approvals)
    # S5.3, S7.1: a customer's last signed order, and a prospect that signed is a customer.
    signed = Order.objects.filter(status__in=SIGNED_OR_LATER)
    latest = signed.filter(customer=OuterRef("pk")).order_by("-signed_on").values("signed_on")
    Customer.objects.filter(pk__in=signed.values("customer_id")).update(
        last_order_signed=Subquery(latest[:1])
    )
    Customer.objects.filter(kind=CustomerKind.PROSPECT, pk__in=signed.values("customer_id")).update(
        kind=CustomerKind.END_CUSTOMER
    )
    clock("decisions and customers")
    ctx.log(
        f"    {len(products)} products, {len(lists.lists)} price lists, {len(inquiries)} "
        f"inquiries, {len(quotes)} quotes, {orders} orders, {len(approvals)} decisions"
    )
