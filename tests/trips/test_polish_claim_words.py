"""Issue 10, item 13 on the claim page and the inbox: no internals shown. A line is named by
its number and kind (第2行 出租车), never by its stored id (i3); no `override` tag; the policy
version by the day it took effect, never `default-2012-03-31`; the audit log in sentences."""

from __future__ import annotations

import re
from html import unescape

import pytest
from helpers import approved_trip

from fieldsales.trips.models import Claim

pytestmark = pytest.mark.django_db

LODGING = {"id": "i3", "kind": "lodging", "amount": "180.00", "invoice": True}
TAXI = {
    "id": "i7",
    "kind": "taxi",
    "amount": "26.00",
    "city": "杭州市",
    "from": "杭州东站",
    "to": "客户公司",
    "note": "送样",
}


def visible_text(html: str) -> str:
    """What a reader sees: the page without scripts, tags and attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def claim_with_findings(api):
    """sales1's submitted claim: the lodging is cut (P3.4), the 杭州 taxi waits for consent
    (P4.6), and the department head has lowered the taxi (P9)."""
    trip = approved_trip(api)
    created = api("sales1").post(
        "/api/claims/", {"trip": trip, "items": [LODGING, TAXI]}, format="json"
    )
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert api("sales1").post(f"/api/claims/{pk}/submit/").status_code == 200
    override = api("head").post(
        f"/api/claims/{pk}/overrides/", {"item": "i7", "amount": "20.00", "reason": "绕路"}
    )
    assert override.status_code in (200, 201), override.data
    return pk


def test_claim_page_names_lines_and_policy_version_and_hides_ids(client, cast, claim_with_findings):
    client.force_login(cast["head"])
    text = visible_text(client.get(f"/claims/{claim_with_findings}/").content.decode())
    assert "第1行 住宿" in text or "第1行 住宿费" in text
    assert "第2行 出租车" in text
    assert not re.search(r"\bi\d+\b", text), re.search(r".{40}\bi\d+\b.{40}", text, re.S)
    assert "override" not in text
    assert "default-" not in text
    assert "2012年3月31日起执行" in text
    assert "=" not in text.replace("==", "")
    # The audit log in sentences, money one way.
    assert "提交了报销单" in text
    assert "调整了一行的核准金额（P9）" in text
    assert "¥20.00" in text


def test_inbox_page_shows_no_line_ids(client, cast, claim_with_findings):
    client.force_login(cast["head"])
    text = visible_text(client.get("/approvals/").content.decode())
    assert Claim.objects.get(pk=claim_with_findings).number in text
    assert not re.search(r"\bi\d+\b", text)
    assert "override" not in text
    assert "default-" not in text
