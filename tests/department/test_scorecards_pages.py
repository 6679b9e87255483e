"""D6's pages: the 考核 tab lists a quarter's scorecards ranked by total with grade A as 优秀
(荣誉); the manager gathers from it; one scorecard explains every figure with links to the
orders, installments, surveys and incidents behind it, with the manager's form, the person's
buttons and the GM's approval; a salesperson sees only their own (404); the 季度考核表 PDF
reads back with pdftotext."""

from __future__ import annotations

import pytest
from scorecards_support import LABEL, card_of, gather, pdf_text, quarter_data

from fieldsales.department.scorecards.models import Scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(api, cast, sales_department):
    data = quarter_data(api, cast, sales_department.pk)
    return data


def test_the_manager_gathers_from_the_page_and_sees_the_ranking(client, cast, cards):
    client.force_login(cast["head"])
    page = client.get(f"/department/scorecards/?quarter={LABEL}")
    assert page.status_code == 200
    assert "考核" in page.content.decode()
    gathered = client.post("/department/scorecards/gather/", {"quarter": LABEL}, follow=True)
    assert gathered.status_code == 200
    assert Scorecard.objects.count() == 2
    top = Scorecard.objects.get(salesperson=cast["sales1"])
    client.post(f"/department/scorecards/{top.pk}/review/", {"points": "8", "comment": "好"})

    html = client.get(f"/department/scorecards/?quarter={LABEL}").content.decode()
    first, second = (
        html.index(f'data-card="{c.pk}"') for c in Scorecard.objects.order_by("-total")
    )
    assert first < second
    top = Scorecard.objects.order_by("-total").first()
    assert top.salesperson == cast["sales1"] and top.grade == "A"
    assert "优秀" in html and "荣誉" in html


def test_a_salesperson_sees_only_their_own_card(client, api, cast, cards):
    gather(api)
    mine = card_of(api, "head", cast["sales1"])["id"]
    theirs = card_of(api, "head", cast["sales2"])["id"]
    client.force_login(cast["sales1"])
    listed = client.get(f"/department/scorecards/?quarter={LABEL}").content.decode()
    assert f'data-card="{mine}"' in listed and f'data-card="{theirs}"' not in listed
    assert client.get(f"/department/scorecards/{theirs}/").status_code == 404
    assert client.get(f"/department/scorecards/{theirs}/print.pdf").status_code == 404
    assert client.get(f"/department/scorecards/{mine}/").status_code == 200
    client.force_login(cast["finance"])
    assert client.get("/department/scorecards/").status_code == 404


def test_every_figure_links_to_the_documents_behind_it(client, api, cast, cards):
    gather(api)
    card = card_of(api, "head", cast["sales1"])
    evidence = card["evidence"]
    orders = {f"/sales/orders/{o.pk}/" for o in cards["orders"]}
    assert {row["url"] for row in evidence["sales"]} == orders
    assert [row["amount"] for row in evidence["due"]] == ["100000.00"]
    assert [row["amount"] for row in evidence["collected"]] == ["130000.00"]
    assert len(evidence["new_customers"]) == 4
    assert evidence["satisfaction"][0]["amount"] == 4
    assert evidence["sales_target"][0]["url"].startswith("/department/targets/")
    late = [i for i in card["incidents"] if i["kind"] == "late_reports"]
    assert late and late[0]["url"] == f"/trips/{cards['trip'].pk}/" and late[0]["scored"]

    client.force_login(cast["sales1"])
    html = client.get(f"/department/scorecards/{card['id']}/").content.decode()
    for url in orders:
        assert f'href="{url}"' in html
    assert f'href="/trips/{cards["trip"].pk}/"' in html
    assert "出差报告逾期" in html


def test_the_forms_on_the_page_walk_the_workflow(client, api, cast, cards):
    gather(api)
    pk = card_of(api, "head", cast["sales1"])["id"]
    url = f"/department/scorecards/{pk}/"

    client.force_login(cast["head"])
    assert 'name="points"' in client.get(url).content.decode()
    client.post(f"{url}review/", {"points": "12", "comment": "太高"})
    assert Scorecard.objects.get(pk=pk).status == "gathered"
    client.post(f"{url}review/", {"points": "9.50", "comment": "沟通能力强"})
    assert Scorecard.objects.get(pk=pk).status == "reviewed"

    client.force_login(cast["sales1"])
    html = client.get(url).content.decode()
    assert 'id="sc-acknowledge"' in html and 'name="points"' not in html
    client.post(f"{url}acknowledge/")
    assert Scorecard.objects.get(pk=pk).status == "acknowledged"

    client.force_login(cast["gm"])
    assert 'id="sc-approve"' in client.get(url).content.decode()
    client.post(f"{url}approve/")
    card = Scorecard.objects.get(pk=pk)
    assert card.status == "approved" and card.approved_by == cast["gm"]


def test_the_scorecard_prints_as_the_form(client, api, cast, cards, tmp_path):
    gather(api)
    pk = card_of(api, "head", cast["sales1"])["id"]
    api("head").post(
        f"/api/scorecards/{pk}/review/", {"points": "8.00", "comment": "积极主动"}, format="json"
    )
    api("sales1").post(f"/api/scorecards/{pk}/acknowledge/")
    client.force_login(cast["sales1"])
    answer = client.get(f"/department/scorecards/{pk}/print.pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content, tmp_path)
    assert "季 度 考 核 表" in text  # the title, letter-spaced as every form's
    for words in (
        "类别",
        "指标",
        "计算公式",
        "权重",
        "目标值",
        "实际值",
        "评分标准",
        "得分",
        "销售额达成率",
        "回款率",
        "新客户开发",
        "销售增长率",
        "客户满意度",
        "费用控制",
        "综合得分",
        "等级",
        "考核人评语",
        "积极主动",
        "被考核人确认",
        "¥400,000.00",
        "¥300,000.00",
        "张伟",
        "2026Q2",
    ):
        assert words in text, words
    api_pdf = api("gm").get(f"/api/scorecards/{pk}/print/", HTTP_ACCEPT="application/pdf")
    assert api_pdf.status_code == 200
