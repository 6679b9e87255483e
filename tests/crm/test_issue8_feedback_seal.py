"""Issue 8 item 5: signed feedback proves itself (keyed seal, key versions, signed versions)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import subprocess
from datetime import UTC, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from factories import TripFactory
from helpers import png_data_url, today

from fieldsales.core import seals
from fieldsales.core.audit import audit_trail
from fieldsales.core.errors import InvalidTransition
from fieldsales.crm.models import Customer, SatisfactionSurvey, Visit, VisitSignature
from fieldsales.crm.visits import feedback as visits_feedback
from fieldsales.crm.visits import services as visits_services

pytestmark = pytest.mark.django_db

HANGZHOU = ("30.274150", "120.155070")
RECORD = {
    "content": "介绍新款 550W 组件",
    "needs": "屋顶 2MW",
    "agreements": "下周出方案",
    "objections": "担心交货期",
    "next_step": "送样品",
}
K1 = base64.b64encode(b"1" * 32).decode()
K2 = base64.b64encode(b"2" * 32).decode()


def signed(cast, **extra):
    customer = Customer.objects.get(code="C-0001")
    visit = visits_services.visit_plan(
        actor=cast["sales1"], customer=customer, data={"date": today(), "purpose": "介绍新款组件"}
    )
    visit = visits_services.visit_check_in(
        visit=visit, actor=cast["sales1"], latitude=HANGZHOU[0], longitude=HANGZHOU[1]
    )
    visit = visits_services.visit_record(visit=visit, actor=cast["sales1"], data=RECORD)
    return visits_services.visit_sign(
        visit=visit,
        actor=cast["sales1"],
        signer_name="赵建华",
        signer_title="采购经理",
        satisfaction=4,
        comments="服务周到",
        signature=png_data_url(),
        **extra,
    )


def fresh(signature: VisitSignature) -> VisitSignature:
    return VisitSignature.objects.select_related("visit__customer", "visit__salesperson").get(
        pk=signature.pk
    )


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "feedback.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return "\n".join(" ".join(line.split()) for line in result.stdout.splitlines())


def legacy_plain_sha256(signature: VisitSignature) -> str:
    """What the old crm.services.visit_feedback_hash computed (frozen in crm migration 0007)."""
    module = importlib.import_module("fieldsales.crm.migrations.0007_feedback_seal_versions")
    return module.legacy_hash(signature, signature.visit)


def printed(client, cast, visit_pk, tmp_path, query=""):
    """The feedback page, its PDF and the trips print route, as sales1 sees them."""
    client.force_login(cast["sales1"])
    page = client.get(reverse("crm:visit_feedback", args=[visit_pk]) + query)
    pdf = client.get(reverse("crm:visit_feedback_pdf", args=[visit_pk]) + query)
    trips_pdf = client.get(reverse("trips:feedback_print", args=[visit_pk]) + query)
    assert (page.status_code, pdf.status_code, trips_pdf.status_code) == (200, 200, 200)
    return (
        page.content.decode(),
        pdf_text(pdf.content, tmp_path),
        pdf_text(trips_pdf.content, tmp_path),
    )


# ---------------------------------------------------------------- the keyed seal


def test_item5_seal_is_an_hmac_under_the_current_key_version(cast):
    signature = signed(cast)
    payload = visits_feedback.visit_feedback_payload(fresh(signature))
    assert signature.seal_key == "dev"  # no FEEDBACK_SEAL_KEYS: derived from SECRET_KEY
    assert signature.content_hash == hmac.new(seals.keys()["dev"], payload, "sha256").hexdigest()
    assert signature.content_hash != hashlib.sha256(payload).hexdigest()
    # Everything the customer signed is in it: record, signer, time, drawing, visit, customer.
    decoded = json.loads(payload)
    assert decoded[1:4] == [signature.visit_id, "C-0001", "sales1"]
    assert RECORD["content"] in decoded and "赵建华" in decoded and "服务周到" in decoded
    assert decoded[-2] == signature.signed_at.astimezone(UTC).isoformat()
    png = base64.b64decode(png_data_url().split(",", 1)[1])
    assert decoded[-1] == hashlib.sha256(png).hexdigest()
    assert visits_feedback.visit_feedback_seal_status(fresh(signature)) == "intact"


@pytest.mark.parametrize(
    "change",
    [
        {"comments": "服务很差"},
        {"signer_name": "李四"},
        {"signed_at": "2020-01-01T00:00:00Z"},
        {"signature_png": b"\x89PNG\r\n\x1a\nforged"},
        {"content": "改过的洽谈内容"},
    ],
)
def test_item5_a_row_changed_with_a_recomputed_plain_sha256_is_altered(cast, change):
    # Before: the forger recomputed the plain SHA-256 and the form printed 校验一致.
    signature = signed(cast)
    VisitSignature.objects.filter(pk=signature.pk).update(**change)
    changed = fresh(signature)
    for forged in (
        legacy_plain_sha256(changed),
        hashlib.sha256(visits_feedback.visit_feedback_payload(changed)).hexdigest(),
    ):
        VisitSignature.objects.filter(pk=signature.pk).update(content_hash=forged)
        assert visits_feedback.visit_feedback_seal_status(fresh(signature)) == "altered"


def test_item5_page_and_pdf_say_altered_after_a_db_change_with_a_recomputed_hash(
    cast, client, tmp_path
):
    signature = signed(cast)
    Visit.objects.filter(pk=signature.visit_id).update(content="改过的洽谈内容")
    VisitSignature.objects.filter(pk=signature.pk).update(content="改过的洽谈内容")
    VisitSignature.objects.filter(pk=signature.pk).update(
        content_hash=legacy_plain_sha256(fresh(signature))
    )
    page, pdf, trips_pdf = printed(client, cast, signature.visit_id, tmp_path)
    assert '<span class="warn">签字后内容被改动</span>' in page
    assert "校验一致" not in page
    for text in (pdf, trips_pdf):
        assert "打印时校验：签字后内容被改动" in text
        assert "校验一致" not in text
    detail = client.get(reverse("crm:visit_detail", args=[signature.visit_id])).content.decode()
    assert '<span class="badge badge-rejected">签字后内容被改动</span>' in detail


def test_item5_the_visit_record_changed_in_the_db_breaks_the_signed_version(cast):
    signature = signed(cast)
    Visit.objects.filter(pk=signature.visit_id).update(objections="无")
    assert visits_feedback.visit_feedback_seal_status(fresh(signature)) == "altered"


# ---------------------------------------------------------------- key rotation


def test_item5_a_v1_seal_verifies_after_v2_becomes_current(cast, client, tmp_path):
    with override_settings(FEEDBACK_SEAL_KEYS=f"v1:{K1}"):
        first = signed(cast)
    assert first.seal_key == "v1"
    with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{K2},v1:{K1}"):
        assert visits_feedback.visit_feedback_seal_status(fresh(first)) == "intact"
        visit = visits_services.visit_record(
            visit=Visit.objects.get(pk=first.visit_id),
            actor=cast["sales1"],
            data=RECORD | {"agreements": "下周出方案，先送样"},
        )
        second = visits_services.visit_sign(
            visit=visit, actor=cast["sales1"], signer_name="赵建华", signature=png_data_url()
        )
        assert (second.version, second.seal_key) == (2, "v2")
        assert visits_feedback.visit_feedback_seal_status(fresh(first)) == "intact"
        assert visits_feedback.visit_feedback_seal_status(fresh(second)) == "intact"
        _page, pdf, _trips = printed(client, cast, first.visit_id, tmp_path, "?version=1")
        assert "电子封印（HMAC-SHA256，密钥 v1，客户签字时生成）" in pdf
        assert "打印时校验：校验一致" in pdf
    # The same label with another key: the seal does not match.
    other = base64.b64encode(b"3" * 32).decode()
    with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{K2},v1:{other}"):
        assert visits_feedback.visit_feedback_seal_status(fresh(first)) == "altered"


def test_item5_an_unknown_key_version_cannot_verify(cast, client, tmp_path, api):
    with override_settings(FEEDBACK_SEAL_KEYS=f"v1:{K1}"):
        signature = signed(cast)
    # v1 retired: its seals cannot be checked any more; they are not called intact.
    with override_settings(FEEDBACK_SEAL_KEYS=f"v2:{K2}"):
        assert visits_feedback.visit_feedback_seal_status(fresh(signature)) == "unverifiable"
        assert visits_feedback.visit_feedback_intact(fresh(signature)) is False
        page, pdf, trips_pdf = printed(client, cast, signature.visit_id, tmp_path)
        assert '<span class="warn">无法校验</span>' in page
        assert "打印时校验：无法校验" in pdf
        assert "打印时校验：无法校验" in trips_pdf
        feedback = api("sales1").get(f"/api/visits/{signature.visit_id}/").data["feedback"]
        assert (feedback["seal_status"], feedback["seal_status_label"]) == (
            "unverifiable",
            "无法校验",
        )
        assert feedback["intact"] is False
    # A label that was never ours (written into the row) is "cannot verify" too.
    VisitSignature.objects.filter(pk=signature.pk).update(seal_key="v9")
    with override_settings(FEEDBACK_SEAL_KEYS=f"v1:{K1}"):
        assert visits_feedback.visit_feedback_seal_status(fresh(signature)) == "unverifiable"


def test_item5_seal_keys_are_parsed_strictly():
    assert list(seals.parse_keys(f"v2:{K2}, v1:{K1}")) == ["v2", "v1"]
    assert seals.parse_keys(f"v1:{K1}")["v1"] == b"1" * 32
    for bad in (f"{K1}", "v1:c2hvcnQ=", f"v1:{K1},v1:{K2}", f"dev:{K1}", f"sha256:{K1}", "v1:*"):
        with pytest.raises(Exception, match="FEEDBACK_SEAL_KEYS"):
            seals.parse_keys(bad)


# ---------------------------------------------------------------- an edit after signing


def test_item5_a_correction_after_signing_is_a_new_version_and_the_signed_one_prints(
    cast, client, tmp_path
):
    signature = signed(cast)
    visit = visits_services.visit_record(
        visit=Visit.objects.get(pk=signature.visit_id),
        actor=cast["sales1"],
        data=RECORD | {"content": "介绍新款 600W 组件"},
    )
    assert (visit.record_version, visit.content) == (2, "介绍新款 600W 组件")
    kept = fresh(signature)
    assert (kept.version, kept.content) == (1, "介绍新款 550W 组件")
    assert visits_feedback.visit_feedback_seal_status(kept) == "intact"
    assert [e.action for e in audit_trail(visit)][-1] == "revise"
    # The page: version 2 awaits the customer's signature; version 1 stays, intact.
    client.force_login(cast["sales1"])
    detail = client.get(reverse("crm:visit_detail", args=[visit.pk])).content.decode()
    assert "记录已更正为版本 2，客户尚未签字" in detail
    assert "客户签字的版本：版本 1" in detail
    assert 'id="sign-form"' in detail
    # The printed form is the version the customer signed, with the old content.
    page, pdf, trips_pdf = printed(client, cast, visit.pk, tmp_path)
    assert "介绍新款 550W 组件" in page and "600W" not in page
    assert "客户签字版本：版本 1" in page
    for text in (pdf, trips_pdf):
        assert "介绍新款 550W 组件" in text and "600W" not in text
        assert "客户签字版本：版本 1 签字时间：" in text
        assert "此后拜访记录已更正为版本 2，客户尚未签字" in text
        assert "打印时校验：校验一致" in text
    # The customer signs version 2; version 1 stays readable and printable.
    again = visits_services.visit_sign(
        visit=visit,
        actor=cast["sales1"],
        signer_name="赵建华",
        satisfaction=3,
        signature=png_data_url(),
    )
    assert (again.version, again.content) == (2, "介绍新款 600W 组件")
    assert SatisfactionSurvey.objects.get(visit=visit).score == 3
    with pytest.raises(InvalidTransition):
        visits_services.visit_sign(
            visit=visit, actor=cast["sales1"], signer_name="赵建华", signature=png_data_url()
        )
    _page, pdf, _trips = printed(client, cast, visit.pk, tmp_path)
    assert "客户签字版本：版本 2" in pdf and "600W" in pdf
    page, pdf, trips_pdf = printed(client, cast, visit.pk, tmp_path, "?version=1")
    assert "550W" in page and "550W" in pdf and "550W" in trips_pdf
    assert "客户签字版本：版本 1" in pdf
    assert all(
        visits_feedback.visit_feedback_seal_status(row) == "intact"
        for row in VisitSignature.objects.filter(visit=visit)
    )
    assert (
        client.get(reverse("crm:visit_feedback", args=[visit.pk]) + "?version=3").status_code == 404
    )
    assert (
        client.get(reverse("trips:feedback_print", args=[visit.pk]) + "?version=3").status_code
        == 404
    )


def test_item5_the_api_exposes_version_and_seal_status(cast, api):
    signature = signed(cast)
    sales = api("sales1")
    url = f"/api/visits/{signature.visit_id}"
    data = sales.get(f"{url}/").data
    assert data["record_version"] == 1
    feedback = data["feedback"]
    assert (feedback["version"], feedback["seal_key"], feedback["seal_status"]) == (
        1,
        "dev",
        "intact",
    )
    assert (feedback["seal_status_label"], feedback["current"]) == ("校验一致", True)
    response = sales.post(f"{url}/record/", RECORD | {"next_step": "下周送样品"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["record_version"] == 2
    assert (response.data["feedback"]["version"], response.data["feedback"]["current"]) == (
        1,
        False,
    )
    assert response.data["feedback"]["next_step"] == "送样品"
    response = sales.post(
        f"{url}/sign/", {"signer_name": "赵建华", "signature": png_data_url()}, format="json"
    )
    assert response.status_code == 200, response.data
    assert [(v["version"], v["seal_status"]) for v in response.data["signed_versions"]] == [
        (1, "intact"),
        (2, "intact"),
    ]
    assert (response.data["feedback"]["version"], response.data["feedback"]["current"]) == (2, True)
    VisitSignature.objects.filter(visit_id=signature.visit_id, version=1).update(comments="差")
    versions = sales.get(f"{url}/").data["signed_versions"]
    assert [(v["version"], v["seal_status_label"]) for v in versions] == [
        (1, "签字后内容被改动"),
        (2, "校验一致"),
    ]
    assert sales.get("/api/visits/").status_code == 200


def test_item5_a_trip_visit_is_corrected_until_the_claim_is_approved(cast, api):
    from helpers import days_from_today

    sales = api("sales1")
    customer = Customer.objects.get(code="C-0001")
    trip = TripFactory(
        traveller=cast["sales1"],
        depart=today() - timedelta(days=1),
        return_date=today(),
        customers=[customer.pk],
        status="approved",
    ).pk
    entry = {
        "customer": customer.pk,
        "visited_on": days_from_today(0),
        "content": "介绍新款组件",
        "satisfaction": 4,
        "signer_name": "赵经理",
        "signature": png_data_url(),
    }
    report = sales.post(
        f"/api/trips/{trip}/report/", {"route": "金华—杭州", "visits": [entry]}, format="json"
    )
    assert report.status_code == 200, report.data
    [row] = report.data["report"]["visits"]
    assert (row["version"], row["seal_status"]) == (1, "intact")
    visit = Visit.objects.get(pk=row["visit"])
    corrected = sales.post(
        f"/api/visits/{visit.pk}/record/", {"content": "介绍新款组件，报价"}, format="json"
    )
    assert (corrected.status_code, corrected.data["record_version"]) == (200, 2)
    # The trip report keeps showing what the customer signed (version 1).
    [row] = sales.get(f"/api/trips/{trip}/").data["report"]["visits"]
    assert (row["content"], row["version"], row["seal_status"]) == ("介绍新款组件", 1, "intact")
    claim = sales.post("/api/claims/", {"trip": trip, "items": []}, format="json").data
    sales.post(f"/api/claims/{claim['id']}/submit/")
    api("head").post(f"/api/claims/{claim['id']}/approve/")
    api("finance").post(f"/api/claims/{claim['id']}/approve/")
    late = sales.post(f"/api/visits/{visit.pk}/record/", {"content": "再改"}, format="json")
    assert late.status_code == 409
    assert "报销单已批准，拜访记录不能再修改" in str(late.data)
    assert Visit.objects.get(pk=visit.pk).content == "介绍新款组件，报价"
