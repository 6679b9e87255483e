"""P4: transport by kind, seat, cabin, place, invoice, record and reason."""

from __future__ import annotations

import pytest
from policy_builders import claim, codes, item, line, priced, run


@pytest.mark.parametrize(
    ("seat", "hours", "expected"),
    [
        ("hard_seat", 3, ("120.00", "P4.1", None)),
        ("soft_seat", 12, ("120.00", "P4.1", None)),
        ("second_class", 1.2, ("120.00", "P4.1", None)),
        ("hard_sleeper", 9.99, ("0.00", "P4.8", "over_standard_class")),
        ("hard_sleeper", 10, ("120.00", "P4.1", None)),
        ("hard_sleeper", "10.00", ("120.00", "P4.1", None)),
        ("hard_sleeper", 14.5, ("120.00", "P4.1", None)),
        ("soft_sleeper", 14.5, ("0.00", "P4.8", "over_standard_class")),
        ("first_class", 2, ("0.00", "P4.8", "over_standard_class")),
        ("business_class", 2, ("0.00", "P4.8", "over_standard_class")),
    ],
)
def test_p4_1_train_seat_by_ride_time(seat, hours, expected):
    # given a train ticket of a seat class and continuous ride time
    result = run(claim(item("train", "120.00", seat=seat, hours=hours)))

    # then seats are within standard, a hard sleeper from ten hours, anything else is P4.8
    assert priced(result) == expected


def test_p4_1_sleeper_allowed_from_ten_hours():
    under = run(claim(item("train", "421.00", seat="hard_sleeper", hours=9.99)))
    at = run(claim(item("train", "421.00", seat="hard_sleeper", hours=10)))

    assert priced(under) == ("0.00", "P4.8", "over_standard_class")
    assert priced(at) == ("421.00", "P4.1", None)


@pytest.mark.parametrize(
    ("standard_fare", "reimbursed"),
    [("421.00", "421.00"), ("700.00", "612.00"), (None, "0.00")],
)
def test_p4_8_over_standard_up_to_the_stated_fare(standard_fare, reimbursed):
    fields = {} if standard_fare is None else {"standard_fare": standard_fare}
    result = run(claim(item("train", "612.00", seat="soft_sleeper", hours=14.5, **fields)))

    assert priced(result) == (reimbursed, "P4.8", "over_standard_class")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"city": "浦江县"}, ("0.00", "P4.5", "missing_travel_record")),
        ({"city": "浦江县", "record": True}, ("12.00", "P4.5", None)),
        ({"city": "浦江县", "invoice": True}, ("12.00", "P4.5", None)),
        ({"city": "金华市", "record": "8:00 金华→东阳 拜访 C-1"}, ("12.00", "P4.5", None)),
        ({"city": "杭州市"}, ("0.00", "P4.2", "missing_invoice")),
        ({"city": "杭州市", "record": True}, ("0.00", "P4.2", "missing_invoice")),
        ({"city": "杭州市", "invoice": True}, ("12.00", "P4.2", None)),
        ({}, ("0.00", "P4.2", "missing_invoice")),
        ({"invoice": True}, ("12.00", "P4.2", None)),
    ],
)
def test_p4_2_p4_5_coach_invoice_or_record_by_home_region(fields, expected):
    # given a coach ticket inside or outside the home region (金华)
    result = run(claim(item("coach", "12.00", **fields)))

    # then inside it needs a record or invoice (P4.5), outside an invoice (P4.2)
    assert priced(result) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"city": "义乌市"}, ("0.00", "P4.5", "missing_travel_record")),
        ({"city": "义乌市", "record": True}, ("2.00", "P4.5", None)),
        ({"city": "兰溪", "invoice": True}, ("2.00", "P4.5", None)),
        ({"city": "杭州市"}, ("2.00", "P4.5", None)),
        ({}, ("2.00", "P4.5", None)),
    ],
)
def test_p4_5_city_bus_record_inside_home_region_actual_outside(fields, expected):
    assert priced(run(claim(item("city_bus", "2.00", **fields)))) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ("80.00", "P4.3", None)),
        ({"cabin": "economy"}, ("80.00", "P4.3", None)),
        ({"cabin": "first"}, ("0.00", "P4.8", "over_standard_class")),
        ({"cabin": "first", "standard_fare": "60.00"}, ("60.00", "P4.8", "over_standard_class")),
    ],
)
def test_p4_3_ship_economy_cabin(fields, expected):
    assert priced(run(claim(item("ship", "80.00", **fields)))) == expected


@pytest.mark.parametrize(
    ("preapproved", "fields", "expected"),
    [
        (False, {}, ("0.00", "P4.4", "flight_not_preapproved")),
        (False, {"cabin": "business"}, ("0.00", "P4.4", "flight_not_preapproved")),
        (True, {}, ("900.00", "P4.4", None)),
        (True, {"cabin": "economy"}, ("900.00", "P4.4", None)),
        (True, {"cabin": "business"}, ("0.00", "P4.8", "over_standard_class")),
        (
            True,
            {"cabin": "business", "standard_fare": "750.00"},
            ("750.00", "P4.8", "over_standard_class"),
        ),
    ],
)
def test_p4_4_flight_needs_gm_preapproval_and_economy(preapproved, fields, expected):
    result = run(claim(item("flight", "900.00", **fields), flight_preapproved=preapproved))

    assert priced(result) == expected


NOTED = {"from_": "义乌站", "to": "客户工厂", "note": "赶往客户工厂送样"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"city": "义乌市", "reason": "night_work", **NOTED}, ("26.00", "P4.6", None)),
        ({"city": "义乌市", "reason": "bulky_or_valuable_cargo", **NOTED}, ("26.00", "P4.6", None)),
        ({"city": "浦江县", "reason": "no_bus_or_over_3km", **NOTED}, ("26.00", "P4.6", None)),
        (
            {"city": "浦江", "reason": "other_special", "reviewer_note": "暴雨停运", **NOTED},
            ("26.00", "P4.6", None),
        ),
        (
            {"city": "浦江", "reason": "other_special", **NOTED},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        (
            {"city": "浦江", "reason": "other_special", "reviewer_note": " ", **NOTED},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        (
            {"city": "义乌市", "reason": "shopping", **NOTED},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        ({"city": "义乌市"}, ("0.00", "P4.6", "taxi_without_reason")),
        (
            {"city": "义乌市", "reason": "night_work", "from_": "义乌站", "to": "客户工厂"},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        (
            {"city": "义乌市", "reason": "night_work", "to": "客户工厂", "note": "送样"},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        (
            {"city": "义乌市", "reason": "night_work", "from_": "义乌站", "note": "送样"},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        # Other cities of the home region, other provinces, and no city: only with consent.
        (
            {"city": "金华市", "reason": "night_work", **NOTED},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        (
            {"city": "杭州市", "reason": "night_work", **NOTED},
            ("0.00", "P4.6", "taxi_without_reason"),
        ),
        ({"reason": "night_work", **NOTED}, ("0.00", "P4.6", "taxi_without_reason")),
        ({"city": "金华市", "head_consent": True}, ("26.00", "P4.6", None)),
        ({"city": "广州市", "head_consent": True}, ("26.00", "P4.6", None)),
        ({"head_consent": True}, ("26.00", "P4.6", None)),
        ({"city": "义乌市", "head_consent": True}, ("26.00", "P4.6", None)),
    ],
)
@pytest.mark.parametrize("kind", ["taxi", "tricycle"])
def test_p4_6_taxi_and_tricycle_reasons_and_head_consent(kind, fields, expected):
    assert priced(run(claim(item(kind, "26.00", **fields)))) == expected


@pytest.mark.parametrize("vehicle", ["company", "own", "host"])
@pytest.mark.parametrize(
    "transport",
    [
        item("train", "60.00"),
        item("coach", "60.00", invoice=True),
        item("ship", "60.00"),
        item("flight", "60.00"),
        item("city_bus", "60.00"),
        item("taxi", "60.00", head_consent=True),
        item("tricycle", "60.00", head_consent=True),
    ],
)
def test_p4_7_vehicle_provided_makes_transport_self_paid(vehicle, transport):
    # given transport while a company, own or host vehicle was used
    result = run(
        claim(transport, item("meal", "30.00", id="m1"), vehicle=vehicle, flight_preapproved=True)
    )

    # then the fare reimburses nothing under P4.7; other kinds keep their own rule
    assert priced(result) == ("0.00", "P4.7", "transport_provided")
    assert priced(result, "m1") == ("0.00", "P3.4", "covered_by_allowance")
    assert priced(result, "allowance") == ("200.00", "P3.2", None)


def test_p4_7_no_vehicle_no_cut():
    result = run(claim(item("city_bus", "2.00", city="杭州")))

    assert priced(result) == ("2.00", "P4.5", None)
    assert codes(result) == set()
    assert "violation" not in line(result)
