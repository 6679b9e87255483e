"""The pages and API lists each demo role reaches, and what one request of each costs.

Shared by `bench/bench_scale.py` (query counts and medians per size) and
`tests/scale/test_scale_query_counts.py` (counts must not grow between sizes), so both measure
the same list. The list is derived, not written by hand:
- every GET route of the URL conf without a parameter (pages, exports, API lists), as each
  role; what answers 200 is that role's page (403, 404, 405 and redirects are not);
- the tabs of those pages (`?scope=` and `?tab=` links to the same path);
- one detail page per kind (per URL name with parameters) linked from those pages, and one
  per API list (`<basename>-detail` of a row): the link or row with the smallest ids, so
  that at every size it is the same document, one the demo made (it is loaded first).
"""

from __future__ import annotations

import json
import logging
import statistics
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

ROLES = ("sales1", "sales2", "head", "gm", "finance", "admin", "tech", "buyer")
# Not pages: the login machinery, the schema and its docs, health checks, Django's admin,
# and routes that change something (they answer GET with 405 anyway; skipped to be sure).
SKIP_PREFIXES = (
    "/admin/",
    "/i18n/",
    "/login/",
    "/logout/",
    "/account/",
    "/healthz",
    "/readyz",
    "/api/schema/",
    "/api/docs/",
    "/api/auth/",
    "/static/",
    "/media/",
)
# `open` marks a notification read and redirects to its document: a write, not a page.
SKIP_NAMES = {"api-root", "api-approve", "approve", "read_all", "notification-read-all", "open"}
TAB_KEYS = {"scope", "tab"}
# Pages that are reports, dashboards or files: 500 ms at full; every other page 150 ms.
REPORT_WORDS = (
    "dashboard",
    "report",
    "collection-rate",
    "receivables",
    "sheet",
    "export",
    "board",
    "progress",
    "scores",
    "grid",
    "history",
    ".xlsx",
    ".csv",
    "pdf",
    "print",
)
LIST_BUDGET_MS = 150
EXPORTS_URL = "/exports/"  # where a queued export sends the user
REPORT_BUDGET_MS = 500


def budget_ms(page_key: str) -> int:
    if page_key == "/" or any(word in page_key for word in REPORT_WORDS):
        return REPORT_BUDGET_MS
    return LIST_BUDGET_MS


def _walk(patterns: Iterable, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _walk(p.url_patterns, ns)
        elif p.name:
            yield namespace + p.name, p


def static_urls() -> list[str]:
    """Every parameterless GET route's path (format-suffix duplicates left out)."""
    urls: list[str] = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if pattern.pattern.regex.groups or name.split(":")[-1] in SKIP_NAMES:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url.startswith(SKIP_PREFIXES) or url in urls:
            continue
        urls.append(url)
    return urls


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith("/"):
                self.hrefs.append(href)


def _ids(kwargs: dict) -> tuple:
    return tuple(int(v) if str(v).isdigit() else 0 for v in kwargs.values())


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.raise_request_exception = False
    return client


@contextmanager
def exports_queued() -> Iterator[None]:
    """Every export as a large one goes (notifications.exports): queued for a worker, here
    recorded and not built, so a file's page costs what its request costs at every size (a
    302 to 我的导出); building the file is the background job's time, not the page's. The
    exports made meanwhile are deleted afterwards."""
    from django.test import override_settings

    from fieldsales.notifications import exports
    from fieldsales.notifications.models import Export

    before = Export.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    schedule = exports._schedule
    exports._schedule = lambda export_id: None
    try:
        with override_settings(FIELDSALES_INLINE_EXPORT_ROWS=0):
            yield
    finally:
        exports._schedule = schedule
        Export.objects.filter(pk__gt=before).delete()


def _answered(response) -> bool:
    """A page's answer: 200, or an export queued (a redirect to 我的导出)."""
    queued = response.status_code == 302 and response.get("Location") == EXPORTS_URL
    return response.status_code == 200 or queued


def discover(
    roles: Iterable[str] = ROLES, *, details: dict[tuple[str, str], str] | None = None
) -> list[dict]:
    """`_discover` with every export queued (`exports_queued`)."""
    with exports_queued():
        return _discover(roles, details=details)


def _discover(
    roles: Iterable[str] = ROLES, *, details: dict[tuple[str, str], str] | None = None
) -> list[dict]:
    """Each role's pages (see the module's docstring) with the queries of one GET each.

    Pages are counted as they are found: a page's GET is the role's second or later request,
    so the session is warm, and the order is the same at every size. `details` maps
    (role, key) to the detail URL found at an earlier size: the same document is used again.
    """
    bases = static_urls()
    rows: list[dict] = []
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the 403s, 404s and 405s of other roles' pages are expected
    try:
        for role in roles:
            client = client_for(role)
            client.get("/")  # the session's first request is not a page's cost
            found: dict[str, tuple[tuple, str]] = {}
            queue = list(bases)
            seen: set[str] = set()
            while queue:
                url = queue.pop(0)
                if url in seen:
                    continue
                seen.add(url)
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                if not _answered(response):
                    continue
                kind = "api" if url.startswith("/api/") else "page"
                rows.append(_row(role, url, url, kind, response, len(ctx.captured_queries)))
                content_type = response.get("Content-Type", "")
                if content_type.startswith("text/html"):
                    queue += _links(response.content, bases, found)
                elif content_type.startswith("application/json") and kind == "api":
                    detail = _api_detail(url, response.content)
                    if detail is not None:
                        found.setdefault(detail[0], ((), detail[1]))
            for key, (_smallest, url) in sorted(found.items()):
                earlier = (details or {}).get((role, key))
                status, queries = count_queries(client, earlier or url)
                if earlier and status != 200:  # that document is not this role's at this size
                    status, queries = count_queries(client, url)
                else:
                    url = earlier or url
                rows.append(
                    {
                        "role": role,
                        "key": key,
                        "url": url,
                        "kind": "detail",
                        "status": status,
                        "queries": queries,
                    }
                )
    finally:
        quiet.setLevel(level)
    return rows


def _row(role: str, key: str, url: str, kind: str, response, queries: int) -> dict:
    return {
        "role": role,
        "key": key,
        "url": url,
        "kind": kind,
        "status": response.status_code,
        "queries": queries,
    }


def _links(content: bytes, bases: list[str], found: dict[str, tuple[tuple, str]]) -> list[str]:
    """The page's tabs to follow; its detail links are kept in `found` (smallest ids)."""
    parser = _Links()
    parser.feed(content.decode(errors="replace"))
    tabs: list[str] = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        if match.url_name in SKIP_NAMES:
            continue
        if not match.kwargs:
            query = dict(parse_qsl(parts.query))
            # A list's tabs, not an export's (the same rows as the tab's page, as a file).
            if (
                query
                and set(query) <= TAB_KEYS
                and parts.path in bases
                and budget_ms(parts.path) == LIST_BUDGET_MS
            ):
                tabs.append(href)
            continue
        ids = _ids(match.kwargs)
        best = found.get(match.view_name)
        if best is None or ids < best[0]:
            found[match.view_name] = (ids, parts.path)
    return tabs


def _api_detail(url: str, content: bytes) -> tuple[str, str] | None:
    """The detail route (`<basename>-detail`) of the list page's row with the smallest id."""
    try:
        match = resolve(url)
        data = json.loads(content)
    except (Resolver404, ValueError):
        return None
    rows = data.get("results") if isinstance(data, dict) else data
    if not (match.url_name or "").endswith("-list") or not isinstance(rows, list) or not rows:
        return None
    first = min(
        (r for r in rows if isinstance(r, dict) and "id" in r), key=lambda r: r["id"], default=None
    )
    if first is None:
        return None
    name = match.url_name.removesuffix("-list") + "-detail"
    try:
        return name, reverse(name, kwargs={"pk": first["id"]})
    except NoReverseMatch:
        return None


def count_queries(client: Client, url: str) -> tuple[int, int]:
    """(status, queries) of one GET."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


def median_ms(client: Client, url: str, *, runs: int, cap_seconds: float = 5.0) -> float:
    """The median of up to `runs` GETs (fewer when the page is slow: at most `cap_seconds`)."""
    times: list[float] = []
    started = time.perf_counter()
    for _ in range(runs):
        began = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        if time.perf_counter() - started > cap_seconds:
            break
    return statistics.median(times)


def time_pages(rows: list[dict], *, runs: int) -> None:
    """Add the median ms of each page that answered (as its role) to its row."""
    with exports_queued():
        _time_pages(rows, runs=runs)


def _time_pages(rows: list[dict], *, runs: int) -> None:
    clients: dict[str, Client] = {}
    for row in rows:
        if row["status"] not in (200, 302):
            continue
        client = clients.get(row["role"]) or clients.setdefault(
            row["role"], client_for(row["role"])
        )
        client.get(row["url"])  # warm
        row["ms"] = median_ms(client, row["url"], runs=runs)
