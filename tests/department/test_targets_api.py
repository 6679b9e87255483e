"""D1 through /api/targets/: splits that add up to the fen, the GM's approval, versions."""

from __future__ import annotations

from targets_support import (
    YEAR,
    approved_split,
    company_payload,
    months_of,
    publish_company,
    split_payload,
)

from fieldsales.department.models import Target, TargetLine, TargetStatus


def test_d1_company_split_over_departments_0_01_short_is_refused(api, sales_department):
    payload = company_payload(sales_department.pk, "1000000.00", "800000.00")
    payload["departments"][0]["sales"] = "999999.99"

    answer = api("gm").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    message = answer.json()["departments"][0]
    assert message.startswith("D1 ") and "签单额" in message and message.endswith("差 0.01")
    assert not Target.objects.exists()


def test_d1_company_split_over_is_refused_naming_the_excess(api, sales_department):
    payload = company_payload(sales_department.pk, "1000000.00", "800000.00")
    payload["departments"][0]["collections"] = "800000.05"

    answer = api("gm").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    assert answer.json()["departments"][0].endswith("超出 0.05")


def test_d1_the_gm_publishes_the_company_target(api, sales_department):
    body = publish_company(api, sales_department.pk)

    assert body["status"] == "approved" and body["version"] == 1
    assert body["sales_total"] == "1000000.00"
    assert body["departments"] == [
        {
            "department": sales_department.pk,
            "name": "销售部",
            "sales": "1000000.00",
            "collections": "800000.00",
        }
    ]


def test_d1_only_the_gm_sets_the_company_target(api, sales_department):
    payload = company_payload(sales_department.pk, "1.00", "1.00")

    assert api("head").post("/api/targets/", payload, format="json").status_code == 403
    assert api("finance").post("/api/targets/", payload, format="json").status_code == 403


def test_d1_a_company_target_is_not_submitted_but_published(api, sales_department):
    created = api("gm").post(
        "/api/targets/", company_payload(sales_department.pk, "1.00", "1.00"), format="json"
    )

    assert api("gm").post(f"/api/targets/{created.json()['id']}/submit/").status_code == 409


def test_d1_split_before_the_company_target_is_refused(api, cast, sales_department):
    payload = split_payload(sales_department.pk, {cast["sales1"].pk: ("1.00", "1.00")})

    answer = api("head").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    assert "2027 年公司年度目标尚未下达" in answer.json()["year"][0]


def test_d1_months_0_01_short_of_the_year_is_refused_naming_the_person(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    payload = split_payload(
        sales_department.pk,
        {
            cast["sales1"].pk: ("600000.00", "500000.00"),
            cast["sales2"].pk: ("400000.00", "300000.00"),
        },
    )
    payload["people"][0]["months"] = months_of("600000.00", short="0.01")

    answer = api("head").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    message = answer.json()["people"][0]
    assert "张伟" in message and "12 个月合计 599,999.99" in message and "差 0.01" in message


def test_d1_people_0_01_short_of_the_department_is_refused(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    payload = split_payload(
        sales_department.pk,
        {
            cast["sales1"].pk: ("600000.00", "500000.00"),
            cast["sales2"].pk: ("399999.99", "300000.00"),
        },
    )

    answer = api("head").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400
    assert answer.json()["people"] == [
        "D1 各销售员签单额合计 999,999.99，部门目标 1,000,000.00，差 0.01"
    ]


def test_d1_only_the_departments_head_splits_it(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    payload = split_payload(sales_department.pk, {cast["sales1"].pk: ("1000000.00", "800000.00")})

    assert api("sales1").post("/api/targets/", payload, format="json").status_code == 403
    assert api("gm").post("/api/targets/", payload, format="json").status_code == 403


def test_d1_a_person_outside_the_department_is_refused(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    payload = split_payload(sales_department.pk, {cast["finance"].pk: ("1000000.00", "800000.00")})

    answer = api("head").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400 and "people" in answer.json()


def test_d1_split_submitted_waits_in_the_gms_inbox_and_is_approved(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    people = {
        cast["sales1"].pk: ("600000.00", "500000.00"),
        cast["sales2"].pk: ("400000.00", "300000.00"),
    }
    head = api("head")
    pk = head.post(
        "/api/targets/", split_payload(sales_department.pk, people), format="json"
    ).json()["id"]

    assert head.post(f"/api/targets/{pk}/submit/").json()["status"] == "submitted"
    inbox = api("gm").get("/api/approvals/inbox/").json()
    assert [r["id"] for r in inbox["results"] if r["kind"] == "target"] == [pk]
    assert head.post(f"/api/targets/{pk}/approve/", {}, format="json").status_code == 403
    assert api("finance").post(f"/api/targets/{pk}/approve/", {}, format="json").status_code == 403
    approved = api("gm").post(f"/api/targets/{pk}/approve/", {"comment": "同意"}, format="json")

    assert approved.status_code == 200
    body = approved.json()
    assert body["status"] == "approved"
    first = next(p for p in body["people"] if p["salesperson"] == cast["sales1"].pk)
    assert first["measure"] == "sales" and first["year"] == "600000.00"
    assert first["months"] == months_of("600000.00")
    assert first["quarters"] == ["150000.00", "150000.00", "150000.00", "150000.00"]


def test_d1_a_rejection_needs_a_reason_and_returns_to_the_head(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    people = {cast["sales1"].pk: ("1000000.00", "800000.00")}
    head = api("head")
    pk = head.post(
        "/api/targets/", split_payload(sales_department.pk, people), format="json"
    ).json()["id"]
    head.post(f"/api/targets/{pk}/submit/")

    assert api("gm").post(f"/api/targets/{pk}/reject/", {}, format="json").status_code == 400
    rejected = api("gm").post(f"/api/targets/{pk}/reject/", {"comment": "再分一下"}, format="json")

    assert rejected.json()["status"] == "rejected"
    todo = head.get("/api/approvals/inbox/").json()["results"]
    assert [r["id"] for r in todo if r["kind"] == "target"] == [pk]


def test_d1_nobody_approves_their_own_split(api, cast, sales_department):
    """The GM cannot approve what the GM wrote: a GM who is also a department's head is sent
    to the alternate approver (or refused), never to themselves."""
    from fieldsales.core.workflow import chain_from_roles
    from fieldsales.org.models import Role

    assert chain_from_roles(roles=[Role.GM], author=cast["head"])[0]["role"] == Role.GM
    publish_company(api, sales_department.pk)
    pk = approved_split(api, cast, sales_department.pk)["id"]
    target = Target.objects.get(pk=pk)
    assert target.approvals().get().user == cast["gm"]


def test_d1_an_approved_version_is_never_edited(api, cast, sales_department):
    company = publish_company(api, sales_department.pk)
    split = approved_split(api, cast, sales_department.pk)

    for body in (company, split):
        answer = api("gm" if body["level"] == "company" else "head").patch(
            f"/api/targets/{body['id']}/", {"reason": "x"}, format="json"
        )
        assert answer.status_code == 409


def test_d1_a_submitted_split_is_not_edited_and_can_be_withdrawn(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    people = {cast["sales1"].pk: ("1000000.00", "800000.00")}
    head = api("head")
    payload = split_payload(sales_department.pk, people)
    pk = head.post("/api/targets/", payload, format="json").json()["id"]
    head.post(f"/api/targets/{pk}/submit/")

    assert head.patch(f"/api/targets/{pk}/", payload, format="json").status_code == 409
    assert head.post(f"/api/targets/{pk}/withdraw/").json()["status"] == "draft"
    assert head.patch(f"/api/targets/{pk}/", payload, format="json").status_code == 200
    assert head.post(f"/api/targets/{pk}/cancel/").json()["status"] == "cancelled"


def test_d1_a_second_version_one_is_refused(api, sales_department):
    publish_company(api, sales_department.pk)

    answer = api("gm").post(
        "/api/targets/", company_payload(sales_department.pk, "1.00", "1.00"), format="json"
    )

    assert answer.status_code == 409


def test_d1_adjustment_is_a_new_version_with_a_reason(api, cast, sales_department):
    publish_company(api, sales_department.pk)
    first = approved_split(api, cast, sales_department.pk)
    head = api("head")

    assert head.post(f"/api/targets/{first['id']}/adjust/", {}, format="json").status_code == 400
    adjusted = head.post(
        f"/api/targets/{first['id']}/adjust/", {"reason": "李娜调岗，目标转给张伟"}, format="json"
    )
    assert adjusted.status_code == 201
    second = adjusted.json()
    assert (second["version"], second["status"], second["previous"]) == (2, "draft", first["id"])
    assert (
        head.post(
            f"/api/targets/{first['id']}/adjust/", {"reason": "再调"}, format="json"
        ).status_code
        == 409
    )
    people = {cast["sales1"].pk: ("1000000.00", "800000.00")}
    assert (
        head.patch(
            f"/api/targets/{second['id']}/",
            split_payload(sales_department.pk, people),
            format="json",
        ).status_code
        == 200
    )
    head.post(f"/api/targets/{second['id']}/submit/")
    api("gm").post(f"/api/targets/{second['id']}/approve/", {}, format="json")

    old = api("head").get(f"/api/targets/{first['id']}/").json()
    assert old["status"] == "superseded"
    assert [(v["version"], v["status"]) for v in old["versions"]] == [
        (2, "approved"),
        (1, "superseded"),
    ]
    assert TargetLine.objects.filter(target_id=first["id"], salesperson=cast["sales2"]).exists()
    assert Target.objects.filter(status=TargetStatus.APPROVED, level="department").count() == 1


def test_d1_the_company_targets_adjustment_supersedes_on_publish(api, sales_department):
    first = publish_company(api, sales_department.pk)
    gm = api("gm")
    second = gm.post(
        f"/api/targets/{first['id']}/adjust/", {"reason": "市场变化"}, format="json"
    ).json()
    changed = company_payload(sales_department.pk, "1200000.00", "900000.00", reason="市场变化")
    assert gm.patch(f"/api/targets/{second['id']}/", changed, format="json").status_code == 200

    assert gm.post(f"/api/targets/{second['id']}/publish/").json()["status"] == "approved"
    assert gm.get(f"/api/targets/{first['id']}/").json()["status"] == "superseded"


def test_d1_a_split_that_no_longer_adds_up_is_not_approved(api, cast, sales_department):
    """The company's target changed after the split was drafted: approving it is 400."""
    first = publish_company(api, sales_department.pk)
    people = {cast["sales1"].pk: ("1000000.00", "800000.00")}
    head = api("head")
    pk = head.post(
        "/api/targets/", split_payload(sales_department.pk, people), format="json"
    ).json()["id"]
    head.post(f"/api/targets/{pk}/submit/")
    gm = api("gm")
    second = gm.post(
        f"/api/targets/{first['id']}/adjust/", {"reason": "上调"}, format="json"
    ).json()
    gm.patch(
        f"/api/targets/{second['id']}/",
        company_payload(sales_department.pk, "1100000.00", "800000.00"),
        format="json",
    )
    gm.post(f"/api/targets/{second['id']}/publish/")

    answer = gm.post(f"/api/targets/{pk}/approve/", {}, format="json")

    assert answer.status_code == 400
    assert answer.json()["people"][0].endswith("差 100,000.00")


def test_d1_bad_amounts_are_400_naming_the_field(api, sales_department):
    payload = company_payload(sales_department.pk, "1000000.001", "1.00")

    answer = api("gm").post("/api/targets/", payload, format="json")

    assert answer.status_code == 400 and "sales_total" in answer.json()
    payload = company_payload(sales_department.pk, "1.00", "1.00", year=1999)
    assert "year" in api("gm").post("/api/targets/", payload, format="json").json()


def test_d1_year_of_targets(api, sales_department):
    publish_company(api, sales_department.pk)

    listed = api("finance").get(f"/api/targets/?year={YEAR}").json()

    assert [t["level"] for t in listed["results"]] == ["company"]
    assert api("finance").get("/api/targets/?year=abc").status_code == 400


def test_d1_a_partial_edit_keeps_the_split_and_checks_it_again(api, sales_department):
    gm = api("gm")
    first = publish_company(api, sales_department.pk)
    second = gm.post(
        f"/api/targets/{first['id']}/adjust/", {"reason": "初稿"}, format="json"
    ).json()

    edited = gm.patch(f"/api/targets/{second['id']}/", {"reason": "市场变化"}, format="json")
    assert edited.status_code == 200
    assert (edited.json()["reason"], edited.json()["departments"]) == (
        "市场变化",
        first["departments"],
    )
    answer = gm.patch(f"/api/targets/{second['id']}/", {"sales_total": "1000000.01"}, format="json")
    assert answer.status_code == 400 and answer.json()["departments"][0].endswith("差 0.01")
    assert (
        gm.patch(f"/api/targets/{second['id']}/", {"reason": ""}, format="json").status_code == 400
    )


def test_d1_optionally_by_product_category_adding_up_to_the_year(api, cast, sales_department):
    from fieldsales.sales.catalogue.models import ProductCategory

    modules = ProductCategory.objects.create(name="目标测试组件")
    inverters = ProductCategory.objects.create(name="目标测试逆变器")
    publish_company(api, sales_department.pk)
    people = {cast["sales1"].pk: ("1000000.00", "800000.00")}
    payload = split_payload(sales_department.pk, people)
    payload["people"][0]["categories"] = [
        {"category": modules.pk, "amount": "700000.00"},
        {"category": inverters.pk, "amount": "299999.99"},
    ]
    head = api("head")

    refused = head.post("/api/targets/", payload, format="json")
    assert refused.status_code == 400
    assert "按产品类别合计 999,999.99，全年 1,000,000.00，差 0.01" in refused.json()["people"][0]
    payload["people"][0]["categories"][1]["amount"] = "300000.00"
    created = head.post("/api/targets/", payload, format="json")

    assert created.status_code == 201
    sales = next(p for p in created.json()["people"] if p["measure"] == "sales")
    assert sales["year"] == "1000000.00"
    assert sales["categories"] == [
        {"category": modules.pk, "name": "目标测试组件", "amount": "700000.00"},
        {"category": inverters.pk, "name": "目标测试逆变器", "amount": "300000.00"},
    ]
    adjusted = head.post(f"/api/targets/{created.json()['id']}/cancel/")
    assert adjusted.status_code == 200
