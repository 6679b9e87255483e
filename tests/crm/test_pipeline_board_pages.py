"""Issue 10 item 15: the pipeline board's moves keep the card findable (marked, with the reason
on a refused one), drag and drop posts the same move, 成交 and 丢单 are paged lists."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fieldsales.crm.models import Customer, Opportunity, Stage
from fieldsales.crm.pipeline import services

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def c0001_opportunity():
    return Opportunity.objects.get(customer__code="C-0001")  # 建立联系, sales1's


def card(html: str, pk: int) -> str:
    start = html.index(f'id="opportunity-{pk}"')
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def test_a_board_move_marks_the_moved_card(client, cast):
    opportunity = c0001_opportunity()
    client.force_login(cast["sales1"])
    response = client.post(
        f"/crm/opportunities/{opportunity.pk}/move/",
        {"stage": Stage.NEEDS_UNDERSTOOD, "target": "board"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-moved" in card(html, opportunity.pk)
    assert 'data-from-stage="needs_understood"' in card(html, opportunity.pk)
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.NEEDS_UNDERSTOOD


def test_a_refused_move_says_why_on_the_card_and_moves_nothing(client, cast):
    """What a drop onto a column the table does not allow gets back."""
    opportunity = c0001_opportunity()
    client.force_login(cast["sales1"])
    response = client.post(
        f"/crm/opportunities/{opportunity.pk}/move/",
        {"stage": Stage.IN_EXECUTION, "target": "board"},
        headers=HTMX,
    )
    html = response.content.decode()
    on_card = card(html, opportunity.pk)
    assert "is-refused" in on_card and 'role="alert"' in on_card
    assert "不能转到" in on_card
    assert "board-error" not in html  # said once, on the card
    opportunity.refresh_from_db()
    assert opportunity.stage == Stage.CONTACTED


def test_cards_carry_what_a_drag_needs(client, cast):
    opportunity = c0001_opportunity()
    client.force_login(cast["sales1"])
    html = client.get("/crm/pipeline/").content.decode()
    on_card = card(html, opportunity.pk)
    assert f'data-move-url="/crm/opportunities/{opportunity.pk}/move/"' in on_card
    assert 'data-from-stage="contacted"' in on_card
    assert html.count('class="board-col"') == 5
    assert "js/pipeline.js" in html
    assert 'style="' not in html.split('id="board"')[1]  # CSP: no inline styles on the board


def _close(opportunity, stage, **fields):
    Opportunity.objects.filter(pk=opportunity.pk).update(
        stage=stage, closed_at=timezone.now(), **fields
    )


def test_won_and_lost_are_paged_lists_reachable_from_the_board(client, cast):
    customer = Customer.objects.get(code="C-0001")
    sales1 = cast["sales1"]
    for n in range(21):
        opportunity = services.opportunity_create(
            customer=customer, actor=sales1, data={"title": f"丢单{n:02d}"}
        )
        services.opportunity_move(
            opportunity=opportunity, actor=sales1, to_stage=Stage.LOST, reason="价格太高"
        )
    won = services.opportunity_create(customer=customer, actor=sales1, data={"title": "成交一单"})
    _close(won, Stage.WON, won_reason="签约")
    client.force_login(sales1)
    board = client.get("/crm/pipeline/").content.decode()
    assert 'href="/crm/pipeline/won/' in board and 'href="/crm/pipeline/lost/' in board
    assert '<span class="tab-count">21</span>' in board
    lost = client.get("/crm/pipeline/lost/")
    assert lost.status_code == 200
    assert lost.context["page"].paginator.count == 21
    assert len(lost.context["page"]) == 20 and "价格太高" in lost.content.decode()
    assert len(client.get("/crm/pipeline/lost/?page=2").context["page"]) == 1
    page = client.get("/crm/pipeline/won/")
    assert [o.title for o in page.context["page"]] == ["成交一单"]
    assert client.get("/crm/pipeline/open/").status_code == 404

    # Visibility: another salesperson sees none of them; the head sees the team's.
    client.force_login(cast["sales2"])
    assert client.get("/crm/pipeline/lost/").context["page"].paginator.count == 0
    client.force_login(cast["head"])
    assert client.get("/crm/pipeline/lost/?scope=team").context["page"].paginator.count == 21
    client.force_login(cast["finance"])
    assert client.get("/crm/pipeline/lost/").status_code == 404
