"""Issue 8 items 14 and 15: the API docs need a login and load nothing from other hosts; every
page carries a Content-Security-Policy without inline script, a Permissions-Policy, and the
headers it had before; no template holds an inline script or event handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "fieldsales" / "templates"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


# ---------------------------------------------------------------- item 14


def test_item14_schema_and_docs_need_a_login(cast):
    anonymous = Client()
    assert anonymous.get("/api/schema/").status_code == 401
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/login/?next=/api/docs/")
    assert logged_in(cast["sales1"]).get("/api/schema/").status_code == 200


def test_item14_docs_load_swagger_ui_from_our_static_files_only(cast):
    client = logged_in(cast["sales1"])
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the start script is a file of its own (CSP)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
    assert not re.search(r"https?://", script.content.decode())
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


# ---------------------------------------------------------------- item 15


@pytest.mark.parametrize("path", ["/login/", "/", "/crm/", "/api/docs/", "/admin/"])
def test_item15_pages_carry_the_security_headers(cast, path):
    answer = logged_in(cast["admin"]).get(path)
    assert answer.status_code == 200
    csp = directives(answer["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    policy = answer["Permissions-Policy"]
    assert "geolocation=(self)" in policy
    assert "camera=()" in policy and "microphone=()" in policy
    # The headers it had before stay.
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["Cross-Origin-Opener-Policy"] == "same-origin"


def test_item15_the_api_carries_them_too(api):
    answer = api("sales1").get("/api/trips/")
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    assert "geolocation=(self)" in answer["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_item15_no_template_holds_inline_script(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to fieldsales/static/js"
    assert not INLINE_HANDLER.search(text), "inline on...= handler: use a data- attribute"
    assert not JS_URL.search(text)


def test_item15_pages_with_former_inline_scripts_load_them_from_files(cast, api):
    client = logged_in(cast["sales1"])
    service = client.get("/crm/service/").content.decode()
    assert "data-autosubmit" in service
    assert finders.find("js/claim-form.js")
    assert finders.find("js/app.js")
