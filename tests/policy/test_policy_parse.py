"""parse_claim: the input rules of claim-format.md, each refusal naming its field."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from policy_builders import TODAY, claim, item

from fieldsales.policy import ClaimInputError, parse_claim


def test_parse_defaults_of_optional_fields():
    # given the smallest claim the format allows
    data = {
        "trip": {
            "approved": True,
            "purpose": "new_market",
            "destinations": [{"province": "浙江", "city": "金华"}],
            "depart": "2026-03-02",
            "return": "2026-03-02",
            "customers": [{"id": 17}],
        },
        "items": [{"id": 1, "kind": "train", "amount": "5", "seat": "hard_sleeper", "hours": 10.1}],
    }

    parsed = parse_claim(data, today=TODAY)

    trip = parsed.trip
    assert parsed.as_of == TODAY
    assert (trip.vehicle, trip.invited_colleague, trip.flight_preapproved, trip.special_case) == (
        None,
        False,
        False,
        False,
    )
    assert (trip.market_report, trip.report_submitted, trip.advance) == (
        False,
        None,
        Decimal("0.00"),
    )
    assert (
        trip.customers[0].id,
        trip.customers[0].prior_trips,
        trip.customers[0].feedback_signed,
    ) == ("17", 0, False)
    ticket = parsed.items[0]
    assert (ticket.id, ticket.hours, ticket.cabin, ticket.invoice) == (
        "1",
        Decimal("10.1"),
        "economy",
        False,
    )


def test_parse_ignores_unknown_extra_fields():
    data = claim(item("meal", "1.00", receipt="r.pdf", colour="blue"), flavour="x")
    data["extra"] = [1, 2]

    assert parse_claim(data, today=TODAY).items[0].kind == "meal"


def _without(data, *path):
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


BAD = [
    ("top-level list", [], "claim"),
    ("missing trip", {"items": []}, "trip"),
    ("missing items", _without(claim(), "items"), "items"),
    ("items not a list", claim() | {"items": {}}, "items"),
    ("missing approved", _without(claim(), "trip", "approved"), "trip.approved"),
    ("approved as string", claim(approved="yes"), "trip.approved"),
    ("unknown purpose", claim(purpose="holiday"), "trip.purpose"),
    ("empty destinations", claim(destinations=[]), "trip.destinations"),
    (
        "destination without city",
        claim(destinations=[{"province": "浙江"}]),
        "trip.destinations[0].city",
    ),
    ("missing depart", _without(claim(), "trip", "depart"), "trip.depart"),
    ("impossible date", claim(depart="2026-02-30"), "trip.depart"),
    ("date with time", claim(depart="2026-03-02T10:00"), "trip.depart"),
    ("return before depart", claim(**{"return": "2026-03-01"}), "trip.return"),
    ("unknown vehicle", claim(vehicle="bicycle"), "trip.vehicle"),
    ("bad advance", claim(advance=300), "trip.advance"),
    ("bad report date", claim(report_submitted="2026-13-01"), "trip.report_submitted"),
    (
        "negative prior trips",
        claim(customers=[{"id": "C-1", "prior_trips": -1}]),
        "trip.customers[0].prior_trips",
    ),
    ("customer without id", claim(customers=[{"prior_trips": 1}]), "trip.customers[0].id"),
    ("bad as_of", claim(as_of="2026-3-1"), "as_of"),
    ("item not an object", claim("t1"), "items[0]"),
    ("missing id", claim(_without(item("meal"), "id")), "items[0].id"),
    ("missing kind", claim(_without(item("meal"), "kind")), "items[0].kind"),
    ("unknown kind", claim(item("meal"), item("rocket", id="i2")), "items[1].kind"),
    ("missing amount", claim(_without(item("meal"), "amount")), "items[0].amount"),
    ("amount number", claim(item("meal", 12.5)), "items[0].amount"),
    ("amount negative", claim(item("meal", "-1.00")), "items[0].amount"),
    ("amount three decimals", claim(item("meal", "1.005")), "items[0].amount"),
    ("amount exponent", claim(item("meal", "1e3")), "items[0].amount"),
    ("amount NaN", claim(item("meal", "NaN")), "items[0].amount"),
    ("train without seat", claim(_without(item("train"), "seat")), "items[0].seat"),
    ("unknown seat", claim(item("train", seat="deck")), "items[0].seat"),
    ("sleeper without hours", claim(item("train", seat="soft_sleeper")), "items[0].hours"),
    ("negative hours", claim(item("train", seat="hard_sleeper", hours=-1)), "items[0].hours"),
    ("hours as text", claim(item("train", seat="hard_sleeper", hours="ten")), "items[0].hours"),
    ("bad item date", claim(item("meal", date="2026-02-29")), "items[0].date"),
    ("bad standard fare", claim(item("train", standard_fare="1.001")), "items[0].standard_fare"),
    ("bad deal amount", claim(item("entertainment", deal_amount=50000)), "items[0].deal_amount"),
    ("invoice as string", claim(item("coach", invoice="yes")), "items[0].invoice"),
    (
        "override without reason",
        claim(item("other", override={"amount": "1.00"})),
        "items[0].override.reason",
    ),
    (
        "override blank reason",
        claim(item("other", override={"amount": "1.00", "reason": " "})),
        "items[0].override.reason",
    ),
    (
        "override bad amount",
        claim(item("other", override={"amount": "x", "reason": "r"})),
        "items[0].override.amount",
    ),
    (
        "duplicate id",
        claim(item("meal", id="a"), item("meal", id="b"), item("meal", id="a")),
        "items[2].id",
    ),
    ("reserved id", claim(item("meal", id="allowance")), "items[0].id"),
]


@pytest.mark.parametrize(("case", "data", "field"), BAD, ids=[case for case, _, _ in BAD])
def test_parse_refuses_input_naming_the_field(case, data, field):
    with pytest.raises(ClaimInputError) as raised:
        parse_claim(copy.deepcopy(data), today=TODAY)

    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")
    assert "\n" not in str(raised.value)


def test_parse_return_on_depart_day_is_fine():
    parsed = parse_claim(claim(depart="2026-03-02", **{"return": "2026-03-02"}), today=TODAY)

    assert parsed.trip.return_date == date(2026, 3, 2)
