"""The printed forms of forms.md, read back with pdftotext: what the clerk sees on paper."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from factories import AdvanceFactory, ClaimFactory, TripFactory
from helpers import png_data_url, today

from fieldsales.crm.models import Customer, VisitSignature
from fieldsales.trips import printing, services
from fieldsales.trips.models import Advance, Claim, Receipt, Trip

pytestmark = [pytest.mark.django_db, pytest.mark.urls("print_urls")]

HANGZHOU = [{"province": "浙江", "city": "杭州"}]
ITEMS = [
    {
        "id": "t1",
        "kind": "train",
        "amount": "73.50",
        "hours": 1.2,
        "seat": "second_class",
        "invoice": True,
    },
    {
        "id": "x1",
        "kind": "taxi",
        "amount": "26.00",
        "city": "义乌市",
        "reason": "night_work",
        "from": "义乌站",
        "to": "客户工厂",
        "note": "21:40 到站，赶往客户工厂送样",
    },
    {"id": "h1", "kind": "lodging", "amount": "180.00", "invoice": True},
]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-layout", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_info(pdf: bytes, tmp_path, tool: str = "pdfinfo") -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    command = [tool, "-list", str(path)] if tool == "pdfimages" else [tool, str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def line_with(text: str, word: str) -> str:
    """The one line holding `word`, its runs of layout spaces squeezed to one."""
    (line,) = [
        line for line in (" ".join(raw.split()) for raw in text.splitlines()) if word in line
    ]
    return line


def squeezed(text: str) -> list[str]:
    return [" ".join(raw.split()) for raw in text.splitlines()]


def approved_trip(cast) -> Trip:
    return TripFactory(
        traveller=cast["sales1"],
        destinations=HANGZHOU,
        # The trip starts today: a report is accepted once the trip has started.
        depart=today(),
        return_date=today() + timedelta(days=1),
        customers=[Customer.objects.get(code="C-0001").pk],
        note="拜访杭州客户",
        status="approved",
        comments=["", "同意"],  # the GM agrees in words
    )


def paid_advance(cast, trip: Trip) -> Advance:
    return AdvanceFactory(trip=trip, amount=Decimal("300.00"), status="paid")


def file_report(cast, trip: Trip) -> None:
    customer = Customer.objects.get(code="C-0001")
    services.trip_report_file(
        trip=trip,
        actor=cast["sales1"],
        data={
            "route": "金华—杭州—金华",
            "results": "客户有意向",
            "orders_signed": "无",
            "follow_up": "下周寄样",
            "visits": [
                {
                    "customer": customer.pk,
                    "visited_on": today(),
                    "content": "介绍新款组件",
                    "satisfaction": 4,
                    "signer_name": "赵经理",
                    "signature": png_data_url(120, 40),
                }
            ],
        },
    )


def approved_claim(cast, trip: Trip, items=ITEMS) -> Claim:
    return ClaimFactory(trip=trip, items=items, status="approved")


@pytest.fixture
def story(cast):
    """The API lifecycle story: trip, advance of 300 paid, report with feedback, claim approved."""
    trip = approved_trip(cast)
    advance = paid_advance(cast, trip)
    file_report(cast, trip)
    claim = approved_claim(cast, trip)
    return {"trip": Trip.objects.get(pk=trip.pk), "advance": advance, "claim": claim}


# ---------------------------------------------------------------- 差旅费报销单


def test_claim_pdf_heads_the_form_like_the_clerks_paper(story, tmp_path):
    claim = story["claim"]
    text = pdf_text(printing.claim_pdf(claim), tmp_path)
    assert line_with(text, "浙江诚兴光伏公司") == "浙江诚兴光伏公司"
    assert line_with(text, "差 旅 费 报 销 单") == "差 旅 费 报 销 单"
    filled = printing.cn_date(claim.submitted_at)
    assert line_with(text, "填报日期") == (
        f"部门：销售部 填报日期：{filled} 编号：{claim.number} 附单据 张"
    )
    assert line_with(text, "出差人") == (
        f"出差人 张伟 职务 销售员 出差事由 拜访客户（浙江省杭州市） 出差时间 "
        f"自{printing.cn_date(claim.trip.depart)}至{printing.cn_date(claim.trip.return_date)} "
        "共 2 天"
    )


def test_claim_pdf_counts_the_receipts_attached(story, cast, tmp_path):
    claim = story["claim"]
    for item in ("t1", "h1"):
        Receipt.objects.create(
            claim=claim,
            item=item,
            file=ContentFile(b"%PDF-1.4", name=f"{item}.pdf"),
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
            original_name=f"{item}.pdf",
            uploaded_by=cast["sales1"],
        )
    text = pdf_text(printing.claim_pdf(claim), tmp_path)
    assert line_with(text, "附单据").endswith(f"编号：{claim.number} 附单据 2 张")


def test_claim_pdf_total_in_capitals_and_figures(story, tmp_path):
    text = pdf_text(printing.claim_pdf(story["claim"]), tmp_path)
    assert line_with(text, "报销总额") == "报销总额 人民币（大写）：贰佰玖拾玖元伍角 ¥299.50"
    assert line_with(text, "合 计") == "合 计 73.50 200.00 0.00 26.00 0.00 ¥299.50"


def test_claim_pdf_fills_only_the_return_box(story, tmp_path):
    text = pdf_text(printing.claim_pdf(story["claim"]), tmp_path)
    assert line_with(text, "应退还") == "预借 ¥300.00 应退还 ¥0.50 人民币伍角 应补付"
    assert "¥-" not in text


def test_claim_pdf_fills_only_the_pay_box_without_advance(cast, tmp_path):
    claim = approved_claim(cast, approved_trip(cast), items=ITEMS[:1])
    text = pdf_text(printing.claim_pdf(claim), tmp_path)
    assert line_with(text, "应补付") == "预借 ¥0.00 应退还 应补付 ¥273.50 人民币贰佰柒拾叁元伍角"


def test_claim_pdf_explains_the_cut_line_p3_4(story, tmp_path):
    text = pdf_text(printing.claim_pdf(story["claim"]), tmp_path)
    assert line_with(text, "P3.4") == (
        "1. 住宿费：申报 ¥180.00，核定 ¥0.00，核减 ¥180.00 —— P3.4 住宿费已含在每日补贴中"
    )
    assert line_with(text, "核减说明") == "核减说明 申报 ¥279.50，核定 ¥299.50（含出差补贴）。"


def test_claim_pdf_detail_rows(story, tmp_path):
    text = pdf_text(printing.claim_pdf(story["claim"]), tmp_path)
    assert line_with(text, "火车二等座") == "火车二等座 1 73.50 73.50"
    assert line_with(text, "出租车") == "义乌站 客户工厂 出租车 26.00 26.00"
    trip = story["claim"].trip
    assert line_with(text, "杭州市 2") == (
        f"{trip.depart.month} {trip.depart.day} 金华 {trip.return_date.month} "
        f"{trip.return_date.day} 杭州市 2 100.00 200.00 200.00"
    )


def test_claim_pdf_prints_approval_records_not_signatures(story, tmp_path):
    text = pdf_text(printing.claim_pdf(story["claim"]), tmp_path)
    on = printing.cn_date(story["claim"].approved_at)
    assert f"部门负责人 王强：同意 {on}" in text
    assert f"财务 刘芳：同意 {on}" in text
    signs = line_with(text, "财务审核")
    assert signs.startswith("部门负责人 财务审核 出纳 报销人 审批记录")


def test_claim_pdf_on_a5_landscape_and_a4(story, tmp_path):
    a5 = pdf_info(printing.claim_pdf(story["claim"]), tmp_path)
    a4 = pdf_info(printing.claim_pdf(story["claim"], paper="A4"), tmp_path)
    assert line_with(a5, "Page size") == "Page size: 595.276 x 419.528 pts"
    assert line_with(a4, "Page size") == "Page size: 595.276 x 841.89 pts (A4)"
    assert line_with(a5, "Pages") == "Pages: 1"


# ---------------------------------------------------------------- 出差申请单


def test_trip_pdf_with_lower_part_from_the_report(story, tmp_path):
    trip = story["trip"]
    text = pdf_text(printing.trip_pdf(trip), tmp_path)
    span = f"自{printing.cn_date(trip.depart)}至{printing.cn_date(trip.return_date)} 共 2 天"
    assert line_with(text, "出 差 申 请 单") == "出 差 申 请 单"
    assert line_with(text, "随行人员") == "出差人 张伟 部门 销售部 职务 销售员 随行人员 无"
    assert line_with(text, "出差事由") == (
        "出差事由 拜访客户：杭州阳光新能源科技有限公司。拜访杭州客户"
    )
    assert f"出差时间 {span}" in squeezed(text)
    assert line_with(text, "实际出差时间") == f"实际出差时间 {span} 变更理由 无变更"
    assert line_with(text, "出差报告提要") == "出差报告提要 金华—杭州—金华；客户有意向；无"
    assert line_with(text, "合计大写") == (
        "合计大写 人民币（大写）：贰佰元整 补贴按制度（P3）估算，车船费按票据实报"
    )
    on = printing.cn_date(trip.approved_at)
    assert f"部门负责人 王强：同意 {on}" in text
    assert f"总经理 陈建国：同意 {on}（同意）" in text


def test_trip_pdf_budget_and_advance(story, tmp_path):
    text = pdf_text(printing.trip_pdf(story["trip"]), tmp_path)
    assert line_with(text, "¥200.00") == "¥200.00 ¥200.00 ¥300.00"


def test_trip_pdf_before_the_report_leaves_the_lower_part_blank(cast, tmp_path):
    text = pdf_text(printing.trip_pdf(approved_trip(cast)), tmp_path)
    assert line_with(text, "实际出差时间") == "实际出差时间 变更理由"
    assert line_with(text, "出差报告提要") == "出差报告提要"


# ---------------------------------------------------------------- 借款单


def test_advance_pdf_amount_in_capitals_and_p2_4(story, tmp_path):
    advance = story["advance"]
    text = pdf_text(printing.advance_pdf(advance), tmp_path)
    assert line_with(text, "借 款 单") == "借 款 单"
    assert line_with(text, "借款金额") == "借款金额 人民币（大写）：叁佰元整 小写 ¥300.00"
    assert line_with(text, "借款人") == (
        f"借款日期 {printing.cn_date(advance.created_at)} 借款人 张伟 部门 销售部"
    )
    assert "前账不清，后账不借（P2.4）" in text
    assert line_with(text, "付讫") == f"出纳 付讫 {printing.cn_date(advance.paid_at)} 经办：刘芳"
    on = printing.cn_date(advance.approved_at)
    assert f"财务 刘芳：同意 {on}" in text
    assert f"总经理 陈建国：同意 {on}" in text
    assert line_with(text, "领款人").startswith("总经理 财务审核 出纳 领款人 审批记录")


def test_advance_pdf_names_the_trip_when_no_reason_given(story, tmp_path):
    trip = story["trip"]
    text = pdf_text(printing.advance_pdf(story["advance"]), tmp_path)
    assert line_with(text, "借款事由") == (
        f"借款事由 {trip.number} 赴浙江省杭州市拜访客户（{printing.cn_date(trip.depart)}至"
        f"{printing.cn_date(trip.return_date)}）预支差旅费"
    )


# ---------------------------------------------------------------- 客户拜访反馈表


def test_feedback_pdf_embeds_signature_and_prints_hash(story, tmp_path):
    feedback = VisitSignature.objects.get(visit__trip=story["trip"])
    pdf = printing.feedback_pdf(feedback)
    text = pdf_text(pdf, tmp_path)
    assert line_with(text, "客 户 拜 访 反 馈 表") == "客 户 拜 访 反 馈 表"
    # Issue 8 item 5: the version the customer signed, when, and the keyed seal checked now.
    signed_time = f"{timezone.localtime(feedback.signed_at):%Y-%m-%d %H:%M}"
    assert line_with(text, "客户签字版本") == f"客户签字版本：版本 1 签字时间：{signed_time}"
    assert line_with(text, "电子封印") == (
        f"电子封印（HMAC-SHA256，密钥 dev，客户签字时生成）：{feedback.content_hash} "
        "打印时校验：校验一致"
    )
    # Item 10: the one 4-level scale; the report's 4 is 非常满意.
    assert line_with(text, "满意度") == "满意度 ✓ 非常满意 满意 一般 不满意"
    signed_on = printing.cn_date(feedback.signed_at)
    assert f"客户签字 （赵经理） 日期 {signed_on}" in squeezed(text)
    # Item 10: the day of the visit (visited_on) is printed as 拜访日期.
    assert line_with(text, "拜访日期").startswith(f"拜访日期 {printing.cn_date(today())} 起止时间")
    images = [line.split() for line in pdf_info(pdf, tmp_path, tool="pdfimages").splitlines()]
    assert [line[3:5] for line in images if line[2:3] == ["image"]] == [["120", "40"]]
    assert line_with(pdf_info(pdf, tmp_path), "Page size") == "Page size: 595.276 x 841.89 pts (A4)"


def test_feedback_pdf_says_when_the_content_was_changed(story, tmp_path):
    from fieldsales.crm.models import Visit

    Visit.objects.filter(trip=story["trip"]).update(content="改过的内容")
    feedback = VisitSignature.objects.get(visit__trip=story["trip"])
    text = pdf_text(printing.feedback_pdf(feedback), tmp_path)
    assert "打印时校验：签字后内容被改动" in text


# ---------------------------------------------------------------- 出差报告


def test_trip_report_pdf(story, tmp_path):
    trip = story["trip"]
    text = pdf_text(printing.trip_report_pdf(trip), tmp_path)
    assert line_with(text, "出 差 报 告") == "出 差 报 告"
    assert line_with(text, "申请单号") == f"出差人 张伟 同行人 无 申请单号 {trip.number}"
    assert line_with(text, "赵经理") == (
        f"{printing.cn_date(today())} 杭州阳光新能源科技有限公司 赵经理 介绍新款组件 非常满意"
    )
    assert line_with(text, "¥299.50") == "¥200.00 ¥299.50 ¥300.00"
    assert "八、部门经理意见" in text


# ---------------------------------------------------------------- views


def test_claim_print_view_is_an_inline_pdf_with_chinese_filename(story, client, cast):
    client.force_login(cast["sales1"])
    claim = story["claim"]
    response = client.get(reverse("trips:claim_print", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"inline; filename=\"{claim.number}.pdf\"; filename*=UTF-8''"
        f"%E5%B7%AE%E6%97%85%E8%B4%B9%E6%8A%A5%E9%94%80%E5%8D%95-{claim.number}.pdf"
    )
    assert response.content.startswith(b"%PDF-")


def test_paper_a4_switches_the_page_size(story, client, cast, tmp_path):
    client.force_login(cast["finance"])
    url = reverse("trips:claim_print", args=[story["claim"].pk])
    response = client.get(url, {"paper": "A4"})
    assert line_with(pdf_info(response.content, tmp_path), "Page size") == (
        "Page size: 595.276 x 841.89 pts (A4)"
    )


def test_other_salesperson_gets_404_for_claim_pdf(story, client, cast):
    client.force_login(cast["sales2"])
    response = client.get(reverse("trips:claim_print", args=[story["claim"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "key"),
    [("trip_print", "trip"), ("advance_print", "advance"), ("report_print", "trip")],
)
def test_other_salesperson_gets_404_for_every_form(story, client, cast, name, key):
    client.force_login(cast["sales2"])
    assert client.get(reverse(f"trips:{name}", args=[story[key].pk])).status_code == 404


def test_other_salesperson_gets_404_for_feedback_pdf(story, client, cast):
    feedback = VisitSignature.objects.get(visit__trip=story["trip"])
    client.force_login(cast["sales2"])
    assert client.get(reverse("trips:feedback_print", args=[feedback.visit_id])).status_code == 404


@pytest.mark.parametrize("username", ["sales1", "head", "gm", "finance"])
def test_those_who_see_the_trip_print_every_form(story, client, cast, username):
    feedback = VisitSignature.objects.get(visit__trip=story["trip"])
    client.force_login(cast[username])
    urls = [
        reverse("trips:trip_print", args=[story["trip"].pk]),
        reverse("trips:advance_print", args=[story["advance"].pk]),
        reverse("trips:claim_print", args=[story["claim"].pk]),
        reverse("trips:feedback_print", args=[feedback.visit_id]),
        reverse("trips:report_print", args=[story["trip"].pk]),
    ]
    assert [client.get(url)["Content-Type"] for url in urls] == ["application/pdf"] * 5


def test_report_print_before_the_report_is_404(cast, client):
    trip = approved_trip(cast)
    client.force_login(cast["sales1"])
    assert client.get(reverse("trips:report_print", args=[trip.pk])).status_code == 404


def test_anonymous_is_sent_to_login(story, client):
    response = client.get(reverse("trips:claim_print", args=[story["claim"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
