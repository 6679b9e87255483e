"""Issue 7, "Done when": after a whole story, every page any demo role can reach answers < 500.

The story runs through the API as the users would: a trip planned, approved, reported with a
signed feedback; an advance drawn, approved and paid; a claim with items approved and
settled; a CRM customer created and visited (checked in, recorded, signed, checked out), a
survey and a service request. Then each demo role logs in and the crawler follows every
same-site link it finds (GET only, breadth-first, bounded), skipping logout, static files
and other sites. Any 5xx fails the test, listed with the page that linked to it.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from helpers import png_data_url, today

from fieldsales.crm.models import Customer
from fieldsales.demo import sales_inquiries, sales_quotes

pytestmark = pytest.mark.django_db

ROLES = ["sales1", "sales2", "head", "gm", "finance", "admin", "tech", "buyer"]
START = [
    "/",
    "/trips/",
    "/trips/?scope=all",
    "/claims/",
    "/approvals/",
    "/crm/",
    "/sales/prices/",
    "/sales/price-lists/",
    "/sales/inquiries/",
    "/sales/quotes/",
    "/sales/collections/new/",
    "/sales/collection-rate/",
    "/notifications/",
    "/department/",
    "/department/targets/",
    "/dashboard/",
    "/department/meetings/",
    "/department/logs/",
    "/department/plans/",
    "/department/reports/",
]
MAX_PAGES = 600  # per role: the demo's pages are far fewer; the bound only stops a runaway
MAX_PER_PATH = 4  # the same path with different query strings (filters, pages)
SKIP_PREFIXES = ("/logout/", "/static/", "/media/", "/i18n/", "/api/schema", "/api/docs")


class Links(HTMLParser):
    """Every `<a href>` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site(base: str, href: str) -> str | None:
    """The path (and query) of a link on this site that may be followed, else None."""
    if href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client) -> tuple[list[tuple[str, int, str]], int]:
    """Breadth-first over the site as the logged-in user: (url, status, found on) of each 5xx."""
    seen: set[str] = set()
    per_path: dict[str, int] = {}
    queue = deque((url, "start") for url in START)
    failures: list[tuple[str, int, str]] = []
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url, parent = queue.popleft()
        path = url.split("?")[0]
        if url in seen or per_path.get(path, 0) >= MAX_PER_PATH:
            continue
        seen.add(url)
        per_path[path] = per_path.get(path, 0) + 1
        response = client.get(url)
        fetched += 1
        if response.status_code >= 500:
            failures.append((url, response.status_code, parent))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = same_site(url, response["Location"])
            if target:
                queue.append((target, url))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = Links()
        parser.feed(response.content.decode(errors="replace"))
        for href in parser.hrefs:
            target = same_site(url, href)
            if target and target not in seen:
                queue.append((target, url))
    return failures, fetched


def story(api) -> None:
    """The issue's whole story through the API, as each user would do it."""
    customer = Customer.objects.get(code="C-0001")
    day = today().isoformat()
    later = (today() + timedelta(days=10)).isoformat()
    trip = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": day,
            "return": day,
            "customers": [customer.pk],
            "companions": [{"user": api.cast["sales2"].pk, "invited": False}],
            "note": "拜访杭州客户",
        },
        format="json",
    )
    assert trip.status_code == 201, trip.data
    trip_id = trip.data["id"]
    assert api("sales1").post(f"/api/trips/{trip_id}/submit/").status_code == 200
    assert api("head").post(f"/api/trips/{trip_id}/approve/", {}).status_code == 200
    assert api("gm").post(f"/api/trips/{trip_id}/approve/", {}).status_code == 200

    advance = api("sales1").post(
        "/api/advances/", {"trip": trip_id, "amount": "300.00"}, format="json"
    )
    assert advance.status_code == 201, advance.data
    advance_id = advance.data["id"]
    assert api("finance").post(f"/api/advances/{advance_id}/approve/").status_code == 200
    assert api("gm").post(f"/api/advances/{advance_id}/approve/").status_code == 200
    assert api("finance").post(f"/api/advances/{advance_id}/pay/").status_code == 200

    report = api("sales1").post(
        f"/api/trips/{trip_id}/report/",
        {
            "route": "金华—杭州—金华",
            "results": "客户有意向",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": day,
                    "content": "介绍新款组件",
                    "satisfaction": 4,
                    "signer_name": "赵经理",
                    "signature": png_data_url(),
                }
            ],
        },
        format="json",
    )
    assert report.status_code == 200, report.data

    items = [
        {"id": "t1", "kind": "train", "amount": "73.50", "hours": 1.2, "seat": "second_class"},
        {"id": "x1", "kind": "taxi", "amount": "26.00", "city": "杭州市", "reason": "night_work"},
    ]
    for who in ("sales1", "sales2"):
        claim = api(who).post("/api/claims/", {"trip": trip_id, "items": items}, format="json")
        assert claim.status_code == 201, claim.data
        claim_id = claim.data["id"]
        assert api(who).post(f"/api/claims/{claim_id}/submit/").status_code == 200
        assert api("head").post(f"/api/claims/{claim_id}/approve/").status_code == 200
        assert api("finance").post(f"/api/claims/{claim_id}/approve/").status_code == 200
        if who == "sales1":
            assert api("finance").post(f"/api/claims/{claim_id}/settle/").status_code == 200

    # A second trip left waiting for the head, so the inbox has something in it.
    waiting = api("sales2").post(
        "/api/trips/",
        {
            "purpose": "new_market",
            "destinations": [{"province": "广东", "city": "广州"}],
            # sales2 travelled on the first trip today: trips may not overlap.
            "depart": later,
            "return": later,
        },
        format="json",
    )
    assert waiting.status_code == 201, waiting.data

    # CRM: a new customer, a visit checked in, recorded, signed and checked out.
    created = api("sales1").post(
        "/api/customers/",
        {
            "name": "金华市爬虫测试光伏有限公司",
            "kind": "prospect",
            "province": "浙江",
            "city": "金华",
            "contact_name": "钱经理",
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    visit = api("sales1").post(
        "/api/visits/",
        {"customer": customer.pk, "date": day, "purpose": "回访"},
        format="json",
    )
    assert visit.status_code == 201, visit.data
    visit_id = visit.data["id"]
    position = {"latitude": 30.27415, "longitude": 120.15507, "accuracy": 10}
    assert (
        api("sales1").post(f"/api/visits/{visit_id}/check-in/", position, format="json")
    ).status_code == 200
    for action, body in (
        ("record", {"content": "客户要求报价", "result": "待报价"}),
        ("sign", {"signer_name": "赵经理", "signature": png_data_url(), "satisfaction": 4}),
        ("check-out", position),
    ):
        response = api("sales1").post(f"/api/visits/{visit_id}/{action}/", body, format="json")
        # The crawler needs the records, not these exact rules: a refusal is tolerated.
        assert response.status_code < 500, (action, response.data)
    service = api("sales1").post(
        "/api/service-requests/",
        {
            "customer": customer.pk,
            "kind": "complaint",
            "title": "组件破损",
            "description": "运输破损",
        },
        format="json",
    )
    assert service.status_code == 201, service.data
    survey = api("sales1").post(
        "/api/surveys/", {"customer": customer.pk, "kind": "quarterly", "score": 3}, format="json"
    )
    assert survey.status_code == 201, survey.data

    # Selling: the demo's inquiries (one waiting for the GM, one answered by tech) and quotes
    # in every state, through the services.
    sales_inquiries.load(api.cast)
    sales_quotes.load(api.cast)


@pytest.fixture
def demo_api(api, cast):
    api.cast = cast
    return api


def test_every_page_every_role_can_reach_answers_below_500(demo_api, client):
    story(demo_api)
    client.raise_request_exception = False  # a 500 is an answer to list, not an exception
    report = []
    for username in ROLES:
        client.force_login(get_user_model().objects.get(username=username))
        failures, fetched = crawl(client)
        assert fetched > 10, f"{username} reached only {fetched} pages"
        report += [
            f"{username}: {status} {url} (linked from {parent})" for url, status, parent in failures
        ]
        client.logout()
    assert report == []
