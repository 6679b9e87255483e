"""API shapes of orders and collections (selling.md's API table)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from fieldsales.core import numbers
from fieldsales.core.api import MoneyField
from fieldsales.core.audit import audit_trail
from fieldsales.core.people import display_name
from fieldsales.core.workflow.present import approvals_of, current_step_of
from fieldsales.sales.orders import selectors
from fieldsales.sales.orders.chains import order_gm_reasons
from fieldsales.sales.orders.models import Order


def money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def quantity(value: Any) -> str:
    return f"{value:.3f}"


class OrderLineWriteSerializer(serializers.Serializer):
    product = numbers.IntegerField()
    quantity = numbers.DecimalField(max_digits=12, decimal_places=3, min_value=0)
    unit_price = MoneyField()


class OrderInstallmentWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=40)
    amount = MoneyField()
    due = serializers.DateField()


class OrderWriteSerializer(serializers.Serializer):
    """`{"quote"}` or `{"customer", "lines"}`, plus installments, planned_delivery, opportunity."""

    quote = numbers.IntegerField(required=False, allow_null=True)
    customer = numbers.IntegerField(required=False, allow_null=True)
    lines = OrderLineWriteSerializer(many=True, required=False)
    installments = OrderInstallmentWriteSerializer(many=True, required=False, allow_null=True)
    planned_delivery = serializers.DateField(required=False, allow_null=True)
    opportunity = numbers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not self.partial and attrs.get("quote") is None:
            if attrs.get("customer") is None:
                raise serializers.ValidationError({"customer": ["请填写客户，或从报价单生成订单"]})
            if not attrs.get("lines"):
                raise serializers.ValidationError({"lines": ["至少填写一行产品"]})
        return attrs


class OrderApproveSerializer(serializers.Serializer):
    """The comment and the checklist (S5.2): `checklist` {item: true} or [item, …], or the
    items themselves as booleans."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    checklist = serializers.JSONField(required=False)
    parties = serializers.BooleanField(required=False)
    amount_and_lines = serializers.BooleanField(required=False)
    delivery = serializers.BooleanField(required=False)
    payment = serializers.BooleanField(required=False)
    liability = serializers.BooleanField(required=False)

    def checklist_of(self) -> Any:
        data = self.validated_data
        given = data.get("checklist")
        if isinstance(given, dict | list):
            return given
        return {k: v for k, v in data.items() if isinstance(v, bool)}


class OrderCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OrderReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OrderSignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    scan = serializers.FileField()


class OrderDeliveryLineSerializer(serializers.Serializer):
    product = numbers.IntegerField()
    quantity = numbers.DecimalField(max_digits=12, decimal_places=3)


class OrderDeliveryWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    lines = OrderDeliveryLineSerializer(many=True)


class OrderCollectionWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    amount = MoneyField()
    # transfer, acceptance_bill, cash or other: the service names `method` when it is not.
    method = serializers.CharField(max_length=20)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=60)


def collection_data(collection: Any) -> dict[str, Any]:
    return {
        "id": collection.id,
        "order": collection.order_id,
        "date": collection.date.isoformat(),
        "amount": money(collection.amount),
        "method": collection.method,
        "reference": collection.reference,
        "recorded_by": collection.recorded_by_id,
        "recorded_by_name": display_name(collection.recorded_by),
        "created_at": collection.created_at.isoformat(),
        "voided": collection.voided_at is not None,
        "voided_at": collection.voided_at.isoformat() if collection.voided_at else None,
        "void_reason": collection.void_reason,
        "voided_by": collection.voided_by_id,
    }


def order_data(order: Order, *, on: date | None = None) -> dict[str, Any]:
    """The document as the API shows it: status, chain, approvals, installments (with
    collected, outstanding, overdue), outstanding."""
    on = on or timezone.localdate()
    fetched = getattr(order, "_prefetched_objects_cache", {})
    if "collections" in fetched:  # selectors.order_page() was used: read what it fetched
        collections = list(fetched["collections"])
        kept = [c for c in collections if c.voided_at is None]
        collected = sum((c.amount for c in kept), selectors.ZERO)
        until = sum((c.amount for c in kept if c.date <= on), selectors.ZERO)
        states = selectors.states_of(list(fetched["installments"]), until, on)
        delivered: dict[int, Any] = {}
        for d in fetched["deliveries"]:
            for dl in d.lines.all():
                delivered[dl.product_id] = delivered.get(dl.product_id, 0) + dl.quantity
        lines = list(fetched["lines"])
        deliveries = list(fetched["deliveries"])
        trail = fetched["audit_rows"]
    else:
        states = selectors.installment_states(order, on)
        collected = selectors.collected_total(order.pk)
        delivered = selectors.delivered_quantities(order)
        lines = list(order.lines.select_related("product"))
        deliveries = list(order.deliveries.prefetch_related("lines"))
        collections = list(order.collections.select_related("recorded_by"))
        trail = audit_trail(order)
    return {
        "id": order.id,
        "number": order.number,
        "status": order.status,
        "status_label": order.get_status_display(),
        "customer": order.customer_id,
        "customer_name": order.customer.name,
        "salesperson": order.salesperson_id,
        "salesperson_name": display_name(order.salesperson),
        "department": order.department_id,
        "opportunity": order.opportunity_id,
        "quote": order.quote_id,
        "ordered_on": order.ordered_on.isoformat(),
        "lines": [
            {
                "id": line.id,
                "product": line.product_id,
                "product_name": line.product.name,
                "unit": line.product.unit,
                "quantity": quantity(line.quantity),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
                "market": money(line.market),
                "floor": money(line.floor),
                "delivered": quantity(delivered.get(line.product_id, 0)),
            }
            for line in lines
        ],
        "total": money(order.total),
        "planned_delivery": order.planned_delivery.isoformat() if order.planned_delivery else None,
        "signed_on": order.signed_on.isoformat() if order.signed_on else None,
        "scan": bool(order.scan),
        "installments": [
            {
                "id": s.installment.id,
                "label": s.installment.label,
                "amount": money(s.installment.amount),
                "due": s.installment.due.isoformat(),
                "collected": money(s.collected),
                "outstanding": money(s.outstanding),
                "overdue": money(s.overdue),
                "is_overdue": s.overdue > 0,
                "days_past_due": s.days_past_due,
                "aging": s.bucket,
            }
            for s in states
        ],
        "collected": money(collected),
        "outstanding": money(order.total - collected),
        "deliveries": [
            {
                "id": d.id,
                "date": d.date.isoformat(),
                "lines": [
                    {"product": dl.product_id, "quantity": quantity(dl.quantity)}
                    for dl in d.lines.all()
                ],
            }
            for d in deliveries
        ],
        "collections": [collection_data(c) for c in collections],
        "chain": order.chain,
        "gm_reasons": order_gm_reasons(order) if order.status != "cancelled" else [],
        "current_step": current_step_of(order),
        "approvals": approvals_of(order),
        "reviews": [
            {
                "round": r.round,
                "step": r.step,
                "reviewer": r.reviewer_id,
                "checklist": r.ticks,
                "decision": r.decision,
                "comment": r.comment,
            }
            for r in order.reviews.all()
        ],
        "cancel_reason": order.cancel_reason,
        "note": order.note,
        "history": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor_id,
                "comment": e.comment,
                "at": e.at.isoformat(),
            }
            for e in trail
        ],
        "submitted_at": order.submitted_at.isoformat() if order.submitted_at else None,
        "approved_at": order.approved_at.isoformat() if order.approved_at else None,
        "created_at": order.created_at.isoformat(),
    }


class OrderSerializer(serializers.Serializer):
    def to_representation(self, instance: Order) -> dict[str, Any]:
        return order_data(instance)


class OrderCollectionSerializer(serializers.Serializer):
    def to_representation(self, instance: Any) -> dict[str, Any]:
        return collection_data(instance)
