"""Who reviews a contract (S5.2): the department manager, then the GM when the total is major
or the customer's outstanding plus this order exceeds its credit limit (when one is set). A
manager's own order goes to the GM alone."""

from __future__ import annotations

from fieldsales.core.workflow import chain_from_roles, register_chain
from fieldsales.core.workflow.chains import Step
from fieldsales.org.models import Role
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.models import Order
from fieldsales.sales.versions import sales_params_on


def order_gm_reasons(order: Order) -> list[str]:
    """Why the order also goes to the GM ("major", "credit_limit"); empty when it does not."""
    reasons = []
    # A list's order_page() annotated the major amount in force and what the customer owes on
    # its other orders, so that a page reads them without a query per order.
    major = getattr(order, "gm_major_amount", None)
    if major is None:
        major = sales_params_on(order.ordered_on).major_amount
    if order.total >= major:
        reasons.append("major")
    limit = order.customer.credit_limit
    if limit > 0:
        if hasattr(order, "gm_others_total"):
            owed = order.gm_others_total - order.gm_others_paid
        else:
            owed = selectors.customer_outstanding(order.customer_id, excluding=order.pk)
        if owed + order.total > limit:
            reasons.append("credit_limit")
    return reasons


def order_chain(order: Order) -> list[Step]:
    roles = [Role.DEPT_MANAGER] + ([Role.GM] if order_gm_reasons(order) else [])
    steps = chain_from_roles(roles=roles, author=order.salesperson)
    if not steps:
        steps = chain_from_roles(roles=[Role.GM], author=order.salesperson)
    return steps


def register() -> None:
    register_chain(Order, order_chain)
