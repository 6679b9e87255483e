"""The fixed cast (the demo company's users) and API clients for every test."""

from __future__ import annotations

import os

import pytest
from helpers import CHROMIUM

# Playwright's sync API runs an event loop in the test thread; live_server tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

STRICT_SKIPS = os.environ.get("FIELDSALES_STRICT_SKIPS") == "1"
# The demo users are created for nearly every test: a slow hasher would dominate the run.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    if not os.path.exists(CHROMIUM):
        return [
            "!" * 72,
            "!! Chromium is NOT installed at /usr/bin/chromium: browser tests are SKIPPED.",
            "!! Install it with: apt-get install -y chromium fonts-noto-cjk",
            "!" * 72,
        ]
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and STRICT_SKIPS:
        terminalreporter.write_line(
            f"FIELDSALES_STRICT_SKIPS: {len(skipped)} test(s) skipped; CI fails on any skip.",
            red=True,
        )


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if STRICT_SKIPS and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from fieldsales.core import badge

    badge.forget()  # the badge's SQL compiled in an earlier test, for that test's company
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def cast(db):
    """The demo company: sales1, sales2, head, gm, finance, admin, tech, buyer (password
    demo-pass-2026), its customers and CRM records, products and the price list in force."""
    from demo_snapshot import load_demo
    from django.contrib.auth import get_user_model

    # The demo company and its price list; its inquiries and quotes in flight would sit in
    # every test's inbox, so the tests of the demo load those parts themselves.
    load_demo()
    users = get_user_model().objects.select_related("employee")
    return {u.username: u for u in users}


@pytest.fixture
def api(cast):
    """`api("sales1")` is an API client logged in as that demo user."""
    from rest_framework.test import APIClient

    def client_for(username: str | None) -> APIClient:
        client = APIClient()
        if username is not None:
            client.force_authenticate(user=cast[username])
        return client

    return client_for


@pytest.fixture(scope="module")
def tiny_company(django_db_setup, django_db_blocker, tmp_path_factory):
    """`fieldsales generate --size tiny --seed 7` on the empty database, for the whole module:
    `.output` is what the command printed, `.ctx` the generator's context (its users, its trips).

    It is made in an outer transaction rolled back when the module ends; each test reads it in
    its own savepoint (request `db` too). Generated once per session and copied back for the
    next module (demo_snapshot.load_kept): a generation takes 10-30 s, a copy about a second."""
    from demo_snapshot import load_tiny_company
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("generated-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_tiny_company()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
