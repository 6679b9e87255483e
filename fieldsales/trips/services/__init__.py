"""Writes for trips, advances, reports and claims: one transaction each, audited.

A package by document; every service is re-exported here, so callers keep writing
`services.claim_submit(...)` or `from fieldsales.trips.services import trip_estimate`."""

from fieldsales.trips.services.advances import (
    advance_cancel,
    advance_decide,
    advance_pay,
    advance_repay,
    advance_request,
)
from fieldsales.trips.services.claims import (
    claim_correct,
    claim_create,
    claim_decide,
    claim_settle,
    claim_submit,
    claim_update,
    claim_withdraw,
)
from fieldsales.trips.services.common import LAST_DAY
from fieldsales.trips.services.items import CLAIM_TOTAL_MAX, ITEM_AMOUNT_MAX, MAX_ITEMS
from fieldsales.trips.services.policy import policy_version_delete
from fieldsales.trips.services.receipts import (
    claim_receipts_store,
    receipt_draft_keep,
    receipt_drafts_discard,
)
from fieldsales.trips.services.reports import trip_report_file, trip_visit_add
from fieldsales.trips.services.reviews import (
    CITY_RIDE_KINDS,
    claim_consent,
    claim_note,
    claim_override,
)
from fieldsales.trips.services.trips import (
    NOT_TRAVELLING,
    TEXT_FIELDS,
    TRIP_FIELDS,
    estimate_for,
    trip_absent_days,
    trip_cancel,
    trip_create,
    trip_decide,
    trip_estimate,
    trip_special_case,
    trip_submit,
    trip_update,
)

__all__ = [
    "CITY_RIDE_KINDS",
    "CLAIM_TOTAL_MAX",
    "ITEM_AMOUNT_MAX",
    "LAST_DAY",
    "MAX_ITEMS",
    "NOT_TRAVELLING",
    "TEXT_FIELDS",
    "TRIP_FIELDS",
    "advance_cancel",
    "advance_decide",
    "advance_pay",
    "advance_repay",
    "advance_request",
    "claim_consent",
    "claim_correct",
    "claim_create",
    "claim_decide",
    "claim_note",
    "claim_override",
    "claim_receipts_store",
    "claim_settle",
    "claim_submit",
    "claim_update",
    "claim_withdraw",
    "estimate_for",
    "policy_version_delete",
    "receipt_draft_keep",
    "receipt_drafts_discard",
    "trip_cancel",
    "trip_create",
    "trip_decide",
    "trip_absent_days",
    "trip_estimate",
    "trip_report_file",
    "trip_special_case",
    "trip_submit",
    "trip_update",
    "trip_visit_add",
]
