"""After-sales requests and complaints, and satisfaction surveys for the quarterly evaluation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import today

from fieldsales.core.errors import Forbidden, InvalidTransition, RuleBroken
from fieldsales.crm.models import Customer, SatisfactionSurvey
from fieldsales.crm.service import services as service_services
from fieldsales.crm.surveys import selectors as surveys_selectors
from fieldsales.crm.surveys import services as surveys_services

pytestmark = pytest.mark.django_db


def complaint(cast, user="sales1", code="C-0001", **extra):
    data = {"kind": "complaint", "title": "逆变器报警", "description": "夜间频繁报警"} | extra
    return service_services.service_request_open(
        actor=cast[user], customer=Customer.objects.get(code=code), data=data
    )


def test_a_complaint_is_handled_in_steps_and_closed_by_the_customer(cast):
    request = complaint(cast)
    assert (request.status, request.owner.username, request.number[:2]) == ("open", "sales1", "TS")
    assert request.deadline == today() + timedelta(days=3)
    request = service_services.service_request_step(
        request=request, actor=cast["sales1"], note="电话联系客户，约定明天上门"
    )
    assert request.status == "in_progress"
    request = service_services.service_request_resolve(
        request=request, actor=cast["sales1"], resolution="更换通讯模块"
    )
    assert request.status == "resolved"
    request = service_services.service_request_confirm(
        request=request,
        actor=cast["sales1"],
        confirmed_by_name="赵建华",
        satisfaction=3,
        comments="处理及时",
    )
    assert (request.status, request.confirmed_by_name) == ("closed", "赵建华")
    assert [s.action for s in request.steps.all()] == ["open", "step", "resolve", "confirm"]
    survey = SatisfactionSurvey.objects.get(service_request=request)
    assert (survey.kind, survey.score, survey.salesperson.username) == ("service", 3, "sales1")


def test_the_customer_may_send_it_back_and_closing_twice_is_409(cast):
    request = complaint(cast)
    with pytest.raises(InvalidTransition):
        service_services.service_request_resolve(
            request=request, actor=cast["sales1"], resolution="x"
        )
    request = service_services.service_request_step(
        request=request, actor=cast["sales1"], note="上门"
    )
    request = service_services.service_request_resolve(
        request=request, actor=cast["sales1"], resolution="重启设备"
    )
    request = service_services.service_request_reopen(
        request=request, actor=cast["sales1"], reason="第二天又报警"
    )
    assert request.status == "in_progress"
    with pytest.raises(InvalidTransition):
        service_services.service_request_confirm(
            request=request, actor=cast["sales1"], confirmed_by_name="赵建华"
        )


def test_only_the_owner_or_their_head_handles_it(cast):
    request = complaint(cast)
    with pytest.raises(Forbidden):
        service_services.service_request_step(request=request, actor=cast["sales2"], note="x")
    assert (
        service_services.service_request_step(
            request=request, actor=cast["head"], note="部长督办"
        ).status
        == "in_progress"
    )


def test_deadline_may_not_be_in_the_past(cast):
    with pytest.raises(RuleBroken) as error:
        complaint(cast, deadline=today() - timedelta(days=1))
    assert error.value.field == "deadline"


def test_quarterly_survey_once_per_customer_and_quarter(cast):
    customer = Customer.objects.get(code="C-0001")
    survey = surveys_services.survey_record(
        actor=cast["sales1"],
        customer=customer,
        kind="quarterly",
        score=4,
        comments="满意",
        quarter="2026Q4",
    )
    assert (survey.quarter, survey.salesperson.username) == ("2026Q4", "sales1")
    with pytest.raises(InvalidTransition):
        surveys_services.survey_record(
            actor=cast["sales1"], customer=customer, kind="quarterly", score=3, quarter="2026Q4"
        )
    with pytest.raises(RuleBroken) as error:
        surveys_services.survey_record(
            actor=cast["sales1"], customer=customer, kind="quarterly", score=5, quarter="2026Q3"
        )
    assert error.value.field == "score"
    with pytest.raises(RuleBroken) as error:
        surveys_services.survey_record(
            actor=cast["sales1"], customer=customer, kind="quarterly", score=3, quarter="2026Q5"
        )
    assert error.value.field == "quarter"
    with pytest.raises(Forbidden):
        surveys_services.survey_record(
            actor=cast["finance"], customer=customer, kind="quarterly", score=3, quarter="2026Q3"
        )


def test_scores_per_salesperson_for_the_quarter(cast):
    quarter = "2030Q1"
    for code, score in (("C-0001", 4), ("C-0003", 2), ("C-0005", 3)):
        surveys_services.survey_record(
            actor=cast["sales1"],
            customer=Customer.objects.get(code=code),
            kind="quarterly",
            score=score,
            quarter=quarter,
        )
    surveys_services.survey_record(
        actor=cast["sales2"],
        customer=Customer.objects.get(code="C-0002"),
        kind="quarterly",
        score=1,
        quarter=quarter,
    )
    lines = surveys_selectors.satisfaction_scores(user=cast["head"], quarter=quarter)
    assert [
        (line.salesperson.username, line.count, str(line.average), str(line.satisfied_rate))
        for line in lines
    ] == [("sales1", 3, "3.00", "66.7"), ("sales2", 1, "1.00", "0.0")]
    mine = surveys_selectors.satisfaction_scores(user=cast["sales2"], quarter=quarter)
    assert [line.salesperson.username for line in mine] == ["sales2"]


def test_service_requests_and_surveys_through_the_api(api, cast):
    customer = Customer.objects.get(code="C-0001")
    response = api("sales1").post(
        "/api/service-requests/",
        {
            "customer": customer.pk,
            "kind": "service",
            "title": "组件清洗",
            "description": "客户要求培训清洗方法",
        },
        format="json",
    )
    assert response.status_code == 201
    pk = response.data["id"]
    assert response.data["number"].startswith("FW")
    assert api("sales2").get(f"/api/service-requests/{pk}/").status_code == 404
    assert (
        api("sales1").post(f"/api/service-requests/{pk}/resolve/", {"resolution": "x"}).status_code
        == 409
    )
    assert api("sales1").post(f"/api/service-requests/{pk}/step/", {}).data == {
        "note": ["该字段是必填项。"]
    }
    assert (
        api("sales1").post(f"/api/service-requests/{pk}/step/", {"note": "上门培训"}).data["status"]
        == "in_progress"
    )
    response = api("sales1").post(
        "/api/surveys/",
        {"customer": customer.pk, "kind": "quarterly", "score": 4, "quarter": "2030Q2"},
        format="json",
    )
    assert (response.status_code, response.data["score_label"]) == (201, "非常满意")
    scores = api("head").get("/api/surveys/scores/", {"quarter": "2030Q2"}).data
    assert scores["results"][0]["average"] == "4.00"
    assert api("head").get("/api/surveys/scores/", {"quarter": "bad"}).status_code == 400
