"""Visits: plan, check-in with the real distance, record, signed feedback and its hash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import png_data_url, today

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.models import (
    CrmSettings,
    Customer,
    SatisfactionSurvey,
    Visit,
    VisitSignature,
    VisitStatus,
)
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.crm.visits import selectors as visits_selectors
from fieldsales.crm.visits import services as visits_services
from fieldsales.crm.visits.geo import haversine_m

pytestmark = pytest.mark.django_db

# C-0001's recorded coordinates in the demo (杭州, 文三路).
HANGZHOU = ("30.274150", "120.155070")


def test_haversine_of_known_points():
    assert haversine_m(30, 120, 30.001, 120) == 111  # a thousandth of a degree of latitude
    assert haversine_m(0, 0, 0, 1) == 111195  # one degree on the equator
    assert haversine_m(39.9042, 116.4074, 31.2304, 121.4737) == 1067312  # 北京 → 上海


def plan(cast, code="C-0001", user="sales1", **extra):
    customer = Customer.objects.get(code=code)
    data = {"date": today(), "purpose": "介绍新款组件", "materials": "样品、报价单"} | extra
    return visits_services.visit_plan(actor=cast[user], customer=customer, data=data)


def test_plan_orders_the_days_visits_and_refuses_past_dates(cast):
    first = plan(cast)
    second = plan(cast, code="C-0003")
    assert (first.seq, second.seq) == (1, 2)
    assert first.status == VisitStatus.PLANNED
    with pytest.raises(RuleBroken) as error:
        plan(cast, date=today() - timedelta(days=1))
    assert error.value.field == "date"


def test_plan_refuses_a_customer_the_salesperson_cannot_see(cast):
    # C-0002 belongs to sales2.
    with pytest.raises(RuleBroken) as error:
        plan(cast, code="C-0002")
    assert error.value.field == "customer"


def test_check_in_keeps_the_distance_from_the_customers_coordinates(cast):
    visit = plan(cast)
    visit = visits_services.visit_check_in(
        visit=visit,
        actor=cast["sales1"],
        latitude="30.274150",
        longitude="120.158070",
        accuracy=12.4,
    )
    assert visit.status == VisitStatus.CHECKED_IN
    assert visit.check_in_distance_m == 288
    assert visit.check_in_flagged is False
    assert visit.check_in_accuracy_m == 12
    assert visit.check_in_at is not None


def test_check_in_far_from_the_customer_is_flagged_above_the_threshold(cast):
    visit = visits_services.visit_check_in(
        visit=plan(cast), actor=cast["sales1"], latitude="30.284150", longitude="120.155070"
    )
    assert visit.check_in_distance_m == 1112
    assert visit.check_in_flagged is True


def test_the_threshold_is_a_parameter(cast):
    CrmSettings.objects.update_or_create(pk=1, defaults={"checkin_distance_alert_m": 2000})
    visit = visits_services.visit_check_in(
        visit=plan(cast), actor=cast["sales1"], latitude="30.284150", longitude="120.155070"
    )
    assert (visit.check_in_distance_m, visit.check_in_flagged) == (1112, False)


def test_first_check_in_pins_a_customer_without_coordinates(cast):
    Customer.objects.filter(code="C-0001").update(latitude=None, longitude=None)
    visit = visits_services.visit_check_in(
        visit=plan(cast), actor=cast["sales1"], latitude="30.1", longitude="120.2"
    )
    customer = Customer.objects.get(code="C-0001")
    assert visit.check_in_distance_m is None
    assert (str(customer.latitude), str(customer.longitude)) == ("30.100000", "120.200000")


def test_check_in_refuses_missing_position_another_day_and_another_person(cast):
    visit = plan(cast)
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_check_in(visit=visit, actor=cast["sales1"], latitude="", longitude="")
    assert error.value.field == "latitude"
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_check_in(
            visit=visit, actor=cast["sales1"], latitude="91", longitude="0"
        )
    assert error.value.field == "latitude"
    with pytest.raises(Forbidden):
        visits_services.visit_check_in(
            visit=visit, actor=cast["head"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
        )
    tomorrow = plan(cast, date=today() + timedelta(days=1))
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_check_in(
            visit=tomorrow, actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
        )
    assert error.value.field == "date"


def test_check_in_twice_is_409(cast):
    visit = visits_services.visit_check_in(
        visit=plan(cast), actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
    )
    with pytest.raises(InvalidTransition):
        visits_services.visit_check_in(
            visit=visit, actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
        )


def checked_in(cast):
    return visits_services.visit_check_in(
        visit=plan(cast), actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
    )


RECORD = {
    "content": "介绍新款 550W 组件",
    "needs": "屋顶 2MW",
    "agreements": "下周出方案",
    "objections": "担心交货期",
    "next_step": "送样品",
}


def signed(cast):
    visit = visits_services.visit_record(visit=checked_in(cast), actor=cast["sales1"], data=RECORD)
    return visits_services.visit_sign(
        visit=visit,
        actor=cast["sales1"],
        signer_name="赵建华",
        signer_title="采购经理",
        satisfaction=4,
        comments="服务周到",
        signature=png_data_url(),
    )


def test_record_the_same_day_and_the_customer_signs(cast):
    signature = signed(cast)
    visit = Visit.objects.get(pk=signature.visit_id)
    assert visit.content == "介绍新款 550W 组件"
    assert visit.recorded_late is False
    assert signature.signer_name == "赵建华"
    assert len(signature.content_hash) == 64
    assert visits_feedback.visit_feedback_intact(signature) is True
    survey = SatisfactionSurvey.objects.get(visit=visit)
    assert (survey.kind, survey.score, survey.salesperson.username) == ("visit", 4, "sales1")


def test_signed_feedback_hash_breaks_when_the_record_is_edited(cast):
    signature = signed(cast)
    Visit.objects.filter(pk=signature.visit_id).update(content="介绍新款 600W 组件")
    assert (
        visits_feedback.visit_feedback_intact(VisitSignature.objects.get(pk=signature.pk)) is False
    )


def test_signed_feedback_hash_breaks_when_the_satisfaction_is_edited(cast):
    signature = signed(cast)
    VisitSignature.objects.filter(pk=signature.pk).update(satisfaction=1)
    assert (
        visits_feedback.visit_feedback_intact(VisitSignature.objects.get(pk=signature.pk)) is False
    )


def test_signed_version_stays_and_signing_the_same_version_twice_is_409(cast):
    # Issue 8 item 5: a record saved unchanged after signing is no new version (a changed
    # one is: tests/crm/test_issue8_feedback_seal.py); the signed version cannot be re-signed.
    signature = signed(cast)
    visit = Visit.objects.get(pk=signature.visit_id)
    visit = visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    assert visit.record_version == 1
    with pytest.raises(InvalidTransition):
        visits_services.visit_sign(
            visit=visit, actor=cast["sales1"], signer_name="赵建华", signature=png_data_url()
        )


def test_sign_needs_a_record_a_name_and_a_drawn_png(cast):
    visit = checked_in(cast)
    with pytest.raises(InvalidTransition):
        visits_services.visit_sign(
            visit=visit, actor=cast["sales1"], signer_name="赵建华", signature=png_data_url()
        )
    visit = visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_sign(
            visit=visit, actor=cast["sales1"], signer_name=" ", signature=png_data_url()
        )
    assert error.value.field == "signer_name"
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_sign(
            visit=visit,
            actor=cast["sales1"],
            signer_name="赵建华",
            signature="data:image/png;base64,bm90IGEgcG5n",
        )
    assert error.value.field == "signature"


def test_record_before_check_in_is_409_and_content_is_required(cast):
    visit = plan(cast)
    with pytest.raises(InvalidTransition):
        visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    with pytest.raises(RuleBroken) as error:
        visits_services.visit_record(
            visit=checked_in(cast), actor=cast["sales1"], data={"content": ""}
        )
    assert error.value.field == "content"


def test_check_out_after_signing_keeps_its_own_distance(cast):
    signature = signed(cast)
    visit = visits_services.visit_check_out(
        visit=signature.visit, actor=cast["sales1"], latitude="30.274150", longitude="120.158070"
    )
    assert (visit.status, visit.check_out_distance_m) == ("checked_out", 288)
    assert (
        visits_feedback.visit_feedback_intact(VisitSignature.objects.get(pk=signature.pk)) is True
    )


def test_cancel_needs_a_reason_and_only_a_planned_visit(cast):
    visit = plan(cast)
    with pytest.raises(RuleBroken):
        visits_services.visit_cancel(visit=visit, actor=cast["sales1"], reason="")
    visit = visits_services.visit_cancel(visit=visit, actor=cast["sales1"], reason="客户临时出差")
    assert visit.status == "cancelled"
    with pytest.raises(InvalidTransition):
        visits_services.visit_cancel(visit=visit, actor=cast["sales1"], reason="再取消")


def test_feedbacks_for_trip_lists_the_signed_visits_of_that_trip(cast):
    from fieldsales.trips.models import Trip

    trip = Trip.objects.create(
        traveller=cast["sales1"],
        purpose="customer_visit",
        depart=today(),
        return_date=today() + timedelta(days=1),
        status="approved",
    )
    visit = plan(cast, trip=trip.pk)
    assert visit.trip_id == trip.pk
    visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
    )
    visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    assert visits_selectors.feedbacks_for_trip(trip) == []
    visits_services.visit_sign(
        visit=visit,
        actor=cast["sales1"],
        signer_name="赵建华",
        satisfaction=3,
        signature=png_data_url(),
    )
    [row] = visits_selectors.feedbacks_for_trip(trip)
    assert (row.customer.code, row.signer_name, row.satisfaction_label, row.intact) == (
        "C-0001",
        "赵建华",
        "满意",
        True,
    )
    assert row.content.startswith("介绍新款 550W 组件\n客户需求：屋顶 2MW")
    assert visits_selectors.signed_customer_ids_for_trip(trip) == {visit.customer_id}


def test_a_visit_may_only_join_the_salespersons_own_trip_on_its_dates(cast):
    from fieldsales.trips.models import Trip

    trip = Trip.objects.create(
        traveller=cast["sales2"],
        purpose="customer_visit",
        depart=today(),
        return_date=today(),
        status="approved",
    )
    with pytest.raises(RuleBroken) as error:
        plan(cast, trip=trip.pk)
    assert error.value.field == "trip"
    mine = Trip.objects.create(
        traveller=cast["sales1"],
        purpose="customer_visit",
        depart=today() + timedelta(days=5),
        return_date=today() + timedelta(days=6),
        status="approved",
    )
    with pytest.raises(RuleBroken) as error:
        plan(cast, trip=mine.pk)
    assert error.value.field == "trip"
