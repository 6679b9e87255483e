"""A new customer: possible duplicates (same name, phone or address) are shown before saving."""

from __future__ import annotations

import pytest

from fieldsales.core.errors import RuleBroken
from fieldsales.crm.customers import selectors as customers_selectors
from fieldsales.crm.customers import services as customers_services
from fieldsales.crm.models import Customer, CustomerTransfer

pytestmark = pytest.mark.django_db

HIDDEN = "销售部已有相似客户（名称相同或相近），您无权查看，请向销售部负责人核实"

PROSPECT = {
    "name": "金华市新能光伏科技有限公司",
    "province": "浙江",
    "city": "金华",
    "address": "金东区多湖街道光南路1号",
    "kind": "prospect",
    "grade": "B",
    "contact_name": "郑伟",
    "contact_phone": "13905790099",
    "credit_limit": "50000.00",
}


def test_a_new_prospect_without_duplicates_is_saved_with_a_code(cast):
    created = customers_services.customer_create(actor=cast["sales1"], data=PROSPECT)
    customer = created.customer
    assert created.warnings == []
    assert (customer.code, customer.province, customer.city, customer.owner.username) == (
        "C-0008",
        "浙江省",
        "金华市",
        "sales1",
    )
    assert str(customer.credit_limit) == "50000.00"
    assert customer.contacts.get().name == "郑伟"
    assert CustomerTransfer.objects.get(customer=customer).kind == "create"


def test_near_duplicate_name_is_refused_until_confirmed(cast):
    data = PROSPECT | {"name": "杭州阳光新能源科技有限责任公司", "contact_phone": ""}
    with pytest.raises(customers_services.DuplicateSuspected) as error:
        customers_services.customer_create(actor=cast["sales2"], data=data)
    assert error.value.field == "confirm_duplicates"
    [duplicate] = error.value.duplicates
    # C-0001 is sales1's: sales2 learns only that it exists and whom to ask (issue 8 item 11).
    assert duplicate.message() == HIDDEN
    created = customers_services.customer_create(
        actor=cast["sales2"], data=data, confirm_duplicates=True
    )
    assert created.warnings == [HIDDEN]
    with pytest.raises(customers_services.DuplicateSuspected) as error:
        customers_services.customer_create(actor=cast["head"], data=data)
    assert [d.message() for d in error.value.duplicates] == [
        "C-0001 杭州阳光新能源科技有限公司（张伟）：名称相同或相近",
        "C-0008 杭州阳光新能源科技有限责任公司（李娜）：名称相同或相近、地址相同",
    ]


def test_same_phone_or_address_is_a_possible_duplicate(cast):
    found = customers_selectors.possible_duplicates(name="完全不同的公司", phone="139-0571-0001")
    assert [(d.customer.code, d.reasons) for d in found] == [("C-0001", ("电话相同",))]
    found = customers_selectors.possible_duplicates(name="别的公司", address="西湖区文三路90号")
    assert [(d.customer.code, d.reasons) for d in found] == [("C-0001", ("地址相同",))]
    assert customers_selectors.possible_duplicates(name="海南椰风贸易") == []


def test_invalid_region_and_credit_code_are_400_on_their_field(cast):
    with pytest.raises(RuleBroken) as error:
        customers_services.customer_create(actor=cast["sales1"], data=PROSPECT | {"city": "广州"})
    assert error.value.field == "city"
    with pytest.raises(RuleBroken) as error:
        customers_services.customer_create(
            actor=cast["sales1"], data=PROSPECT | {"credit_code": "123"}
        )
    assert error.value.field == "credit_code"


def test_duplicates_through_the_api(api):
    body = PROSPECT | {"name": "义乌恒达光电"}
    response = api("sales1").post("/api/customers/", body, format="json")
    assert response.status_code == 400
    assert response.data["confirm_duplicates"][0] == (
        f"可能与已有客户重复：{HIDDEN}。请核对；确认不是同一客户后再保存。"
    )
    assert [(d["code"], d["department"]) for d in response.data["duplicates"]] == [(None, "销售部")]
    response = api("sales1").post(
        "/api/customers/", body | {"confirm_duplicates": True}, format="json"
    )
    assert response.status_code == 201
    assert response.data["warnings"] == [HIDDEN]
    assert Customer.objects.filter(name="义乌恒达光电").count() == 1
    check = api("sales2").get("/api/customers/duplicates/", {"phone": "13805790002"}).data
    assert [d["code"] for d in check] == ["C-0002"]


def test_money_is_a_decimal_string_in_the_api(api):
    response = api("sales1").post(
        "/api/customers/", PROSPECT | {"credit_limit": 50000}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["credit_limit"]
    response = api("sales1").post("/api/customers/", PROSPECT, format="json")
    assert response.data["credit_limit"] == "50000.00"


# ---------------------------------------------------------------- issue 8 item 11


def test_item11_a_customer_the_user_may_not_see_is_named_only_by_its_department(api, cast):
    answer = api("sales1").get("/api/customers/duplicates/", {"name": "义乌市恒达光电"})
    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": None,
            "code": None,
            "name": None,
            "owner_name": None,
            "department": "销售部",
            "hidden": True,
            "reasons": ["名称相同或相近"],
            "message": HIDDEN,
        }
    ]
    mine = api("sales2").get("/api/customers/duplicates/", {"name": "义乌市恒达光电"}).json()
    assert [(d["code"], d["owner_name"], d["hidden"]) for d in mine] == [("C-0002", "李娜", False)]
    pooled = api("sales1").get("/api/customers/duplicates/", {"name": "东阳市晨光照明"}).json()
    assert [(d["code"], d["hidden"]) for d in pooled] == [("C-0007", False)]


def test_item11_names_are_searched_by_fragments_only_from_four_characters(cast):
    Customer.objects.filter(code="C-0002").update(name="恒达光电有限公司")
    assert customers_selectors.possible_duplicates(name="恒达光", user=cast["sales1"]) == []
    found = customers_selectors.possible_duplicates(name="恒达光电", user=cast["sales1"])
    assert [(d.customer.code, d.hidden) for d in found] == [("C-0002", True)]
    exact = customers_selectors.possible_duplicates(name="恒达", user=cast["sales1"])
    assert exact == []
    Customer.objects.filter(code="C-0002").update(name="恒达有限公司")
    exact = customers_selectors.possible_duplicates(name="恒达", user=cast["sales1"])
    assert [(d.customer.code, d.reasons) for d in exact] == [("C-0002", ("名称相同或相近",))]


def test_item11_the_duplicate_check_is_rate_limited_per_user(api, client, cast, settings):
    settings.CRM_DUPLICATE_CHECKS_PER_MINUTE = 3
    client.force_login(cast["sales1"])
    answers = [
        api("sales1").get("/api/customers/duplicates/", {"name": "恒达光电"}).status_code,
        api("sales1").get("/api/customers/duplicates/", {"name": "恒达光电"}).status_code,
        client.get("/crm/customers/duplicates/", {"name": "恒达光电"}).status_code,
    ]
    assert answers == [200, 200, 200]
    refused = api("sales1").get("/api/customers/duplicates/", {"name": "恒达光电"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = client.get("/crm/customers/duplicates/", {"name": "恒达光电"})
    assert (page.status_code, page.content.decode()) == (429, "查重太频繁，请一分钟后再试")
    assert api("sales2").get("/api/customers/duplicates/", {"name": "恒达光电"}).status_code == 200
