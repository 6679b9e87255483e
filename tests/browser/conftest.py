"""Headless Chromium (Debian's) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS

# The two screens every page must serve: a 390×844 phone and a 1366×900 desktop.
SCREENS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1},
}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason="Chromium is not installed at /usr/bin/chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _pages(browser, live_server, screen: str):
    """A page factory for `screen`, and a check (at teardown) that CSP refused nothing."""
    contexts = []
    csp_violations: list[str] = []

    def open_as(username: str | None):
        context = browser.new_context(**SCREENS[screen], locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        # Chromium reports every Content-Security-Policy refusal on the console (issue 8).
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and csp_violations.append(f"{page.url}: {message.text}")
            ),
        )
        page.set_default_timeout(15000)
        page.goto("/login/")
        if username is None:  # signed out, on the login page
            return page
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo-pass-2026")
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        return page

    def close():
        for context in contexts:
            context.close()
        assert not csp_violations, "\n".join(csp_violations)

    return open_as, close


@pytest.fixture
def phone(browser, live_server, cast):
    """A new phone-sized page factory: `phone("sales1")` is logged in as that user
    (`phone(None)`: signed out, on the login page)."""
    open_as, close = _pages(browser, live_server, "phone")
    yield open_as
    close()


@pytest.fixture
def desktop(browser, live_server, cast):
    """The same at desktop size (1366×900): `desktop("finance")`."""
    open_as, close = _pages(browser, live_server, "desktop")
    yield open_as
    close()


@pytest.fixture(params=list(SCREENS))
def screen(request):
    """Runs the test once per screen: `screen.name` is "phone" or "desktop", `screen("gm")`
    opens a page of that size logged in as gm."""
    factory = request.getfixturevalue(request.param)

    def open_as(username: str | None):
        return factory(username)

    open_as.name = request.param
    return open_as
