"""Each demo role walks its daily work on a 390×844 phone and a 1366×900 desktop.

Every page is saved as test-output/screenshots/<role>-<step>-<phone|desktop>.png (full page)
for a person to look at; on the phone, axe-core checks each main page and the walk fails on
any serious or critical violation, and on any page wider than the phone (sideways scrolling).
The printed forms are PDFs: their first page is rendered to a PNG beside the screenshots."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from a11y import axe_violations
from django.contrib.auth import get_user_model
from factories import AdvanceFactory, ClaimFactory, TripFactory, VisitFactory
from helpers import SCREENSHOTS, png_data_url, today

from fieldsales.crm.models import Customer
from fieldsales.crm.visits import services as visits
from fieldsales.trips import services as trip_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


STILL = """*, *::before, *::after { animation-duration: 0s !important;
  animation-delay: 0s !important; transition-duration: 0s !important;
  transition-delay: 0s !important; }"""


class Walk:
    """One role on one screen: `see` saves the page; on the phone it also checks it."""

    def __init__(self, screen, role: str | None, *, name: str = ""):
        self.role, self.size = name or role, screen.name
        self.page = screen(role)
        self.problems: list[str] = []

    def go(self, url: str) -> None:
        self.page.goto(url)

    def see(self, step: str, *, audit: bool = True) -> None:
        page = self.page
        page.wait_for_load_state()
        # A toast caught mid-fade would make the picture and axe's contrast check flaky.
        page.add_style_tag(content=STILL)
        page.evaluate("() => window.scrollTo(0, 0)")  # the sticky top bar at the top
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # In CSS pixels (390 wide on the phone): half the encoding time of the 2x image.
        page.screenshot(
            path=str(SCREENSHOTS / f"{self.role}-{step}-{self.size}.png"),
            full_page=True,
            scale="css",
        )
        if self.size != "phone":
            return
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            self.problems.append(f"{page.url} scrolls sideways on a phone by {overflow}px")
        if audit:
            self.problems.extend(axe_violations(page))

    def print_view(self, step: str, url: str) -> None:
        """A printed form: a PDF download whose first page is saved as a PNG."""
        response = self.page.request.get(url)
        assert response.status == 200, url
        assert response.headers["content-type"] == "application/pdf", url
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm:  # poppler-utils, installed by .ci/run
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            out = SCREENSHOTS / f"{self.role}-{step}-{self.size}"
            subprocess.run(
                [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", out],
                input=response.body(),
                check=True,
                timeout=30,
            )

    def done(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def user(username: str):
    return get_user_model().objects.get(username=username)


def signed_visit(salesperson, customer):
    """Today's visit to `customer`, checked in, recorded and signed by the customer."""
    visit = VisitFactory(customer=customer, actor=salesperson, purpose="送样品")
    visits.visit_check_in(visit=visit, actor=salesperson, latitude="30.27", longitude="120.15")
    visit = visits.visit_record(
        visit=visit,
        actor=salesperson,
        data={"content": "介绍新款组件", "needs": "屋顶约 2MW", "next_step": "送样品"},
    )
    visits.visit_sign(
        visit=visit,
        actor=salesperson,
        signer_name="赵建华",
        signer_title="采购经理",
        satisfaction=4,
        signature=png_data_url(),
    )
    return visit


def open_from_inbox(walk: Walk, number: str, step: str, *, inbox: str = "inbox") -> None:
    walk.go("/approvals/")
    walk.see(inbox)
    walk.page.get_by_text(number).first.click()
    walk.page.wait_for_url(re.compile(r"/\d+/$"))
    walk.see(step)


def approve(walk: Walk) -> None:
    walk.page.get_by_role("button", name="同意").click()
    walk.page.wait_for_url(re.compile(r"/approvals/$"))


# ---------------------------------------------------------------- the walks


def test_salesperson_walk(screen):
    sales1 = user("sales1")
    customer = Customer.objects.get(code="C-0001")
    visit = VisitFactory(customer=customer, actor=sales1, purpose="介绍新款组件")
    signed = signed_visit(sales1, Customer.objects.get(code="C-0003"))
    claimed = ClaimFactory(
        trip=TripFactory(traveller=sales1, status="approved"), status="submitted"
    )
    unclaimed = TripFactory(traveller=sales1, status="approved")
    signed_out = Walk(screen, None, name="guest")
    signed_out.see("login")

    walk = Walk(screen, "sales1")
    walk.problems = signed_out.problems
    page = walk.page
    walk.see("home")

    walk.go("/trips/new/")
    page.get_by_role("button", name="提交审批").click()  # nothing filled in: the errors
    page.locator(".has-error").first.wait_for()
    walk.see("trip-form-errors")
    page.select_option("select[name=purpose]", "new_market")
    page.select_option("select[name=province]", "浙江省")
    page.wait_for_selector("select[name=city] option[value='宁波市']", state="attached")
    page.select_option("select[name=city]", "宁波市")
    page.fill("input[name=depart]", (today() + timedelta(days=30)).isoformat())
    page.fill("input[name=return_date]", (today() + timedelta(days=31)).isoformat())
    page.fill("textarea[name=note]", "走访宁波的光伏安装商")
    page.locator("#estimate").get_by_text("200.00").wait_for()
    walk.see("trip-form")
    page.get_by_role("button", name="提交审批").click()
    page.wait_for_url(re.compile(r"/trips/\d+/$"))
    walk.see("trip-detail")
    walk.go("/trips/")
    walk.see("trip-list")

    walk.go("/crm/")
    walk.see("customer-list")
    walk.go(f"/crm/customers/{customer.pk}/")
    walk.see("customer-detail")
    walk.go(f"/crm/visits/{visit.pk}/")
    walk.see("visit-check-in")
    walk.go(f"/crm/visits/{signed.pk}/")
    walk.see("visit-signed")
    walk.go(f"/crm/visits/{signed.pk}/feedback/")
    walk.see("visit-feedback")
    walk.go("/crm/pipeline/")
    walk.see("pipeline")

    walk.go(f"/trips/{unclaimed.pk}/claim/")
    walk.see("claim-form")
    walk.go(f"/claims/{claimed.pk}/")
    walk.see("claim-detail")
    walk.go("/claims/")
    walk.see("claim-list")
    walk.done()


def test_head_walk(screen):
    trip = TripFactory(traveller=user("sales1"), status="submitted")
    ClaimFactory(trip=TripFactory(traveller=user("sales2"), status="approved"), status="submitted")
    VisitFactory(customer=Customer.objects.get(code="C-0001"), actor=user("sales1"))
    walk = Walk(screen, "head")
    walk.see("home")
    open_from_inbox(walk, trip.number, "trip-to-decide")
    approve(walk)
    walk.see("inbox-after")
    for step, url in [
        ("team-trips", "/trips/?scope=visible"),
        ("team-claims", "/claims/?scope=visible"),
        ("team-customers", "/crm/"),
        ("team-visits", "/crm/visits/?who=all"),
        ("team-pipeline", "/crm/pipeline/"),
    ]:
        walk.go(url)
        walk.see(step)
    walk.done()


def test_gm_walk(screen):
    trip = TripFactory(traveller=user("sales1"), status="submitted")
    trip_services.trip_decide(trip=trip, actor=user("head"), action="approve", comment="同意")
    walk = Walk(screen, "gm")
    walk.see("home")
    open_from_inbox(walk, trip.number, "trip-to-decide")
    approve(walk)
    walk.see("inbox-after")
    for step, url in [
        ("trip-list", "/trips/?scope=visible"),
        ("claim-list", "/claims/?scope=visible"),
        ("customer-list", "/crm/"),
        ("pipeline", "/crm/pipeline/"),
    ]:
        walk.go(url)
        walk.see(step)
    walk.done()


def test_finance_walk(screen):
    advance = AdvanceFactory(trip=TripFactory(traveller=user("sales1"), status="approved"))
    claim = ClaimFactory(trip=TripFactory(traveller=user("sales2"), status="approved"))
    trip_services.claim_submit(claim=claim, actor=claim.trip.traveller)
    trip_services.claim_decide(claim=claim, actor=user("head"), action="approve", comment="")
    walk = Walk(screen, "finance")
    page = walk.page
    walk.see("home")

    # the advance: finance approves it, the GM too, then finance pays it
    open_from_inbox(walk, advance.number, "advance-to-decide")
    approve(walk)
    trip_services.advance_decide(advance=advance, actor=user("gm"), action="approve", comment="")
    walk.go(f"/advances/{advance.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="登记付款").click()
    page.get_by_text("已付款").first.wait_for()
    walk.see("advance-paid")

    # the claim: finance approves the second step, then pays the difference
    open_from_inbox(walk, claim.number, "claim-to-decide", inbox="inbox-2")
    approve(walk)
    walk.go(f"/claims/{claim.pk}/")
    walk.see("claim-to-pay")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("登记已")).click()
    page.get_by_text("已结算").first.wait_for()
    walk.see("claim-paid")

    walk.go("/claims/?scope=visible")
    walk.see("claim-list")
    walk.go("/trips/?scope=visible")
    walk.see("trip-list")
    if walk.size == "desktop":  # the clerk prints at her desk; the PDF is the same on both
        walk.print_view("print-advance", f"/advances/{advance.pk}/print/")
        walk.print_view("print-claim", f"/claims/{claim.pk}/print/")
        walk.print_view("print-trip", f"/trips/{claim.trip.pk}/print/")
    walk.done()


def test_admin_walk(screen):
    walk = Walk(screen, "admin")
    walk.see("home")
    walk.go("/approvals/")
    walk.see("inbox")
    # Django's own admin: saved to look at, not audited (its markup is Django's).
    walk.go("/admin/")
    walk.see("django-admin", audit=False)
    walk.go("/admin/trips/policyversion/")
    walk.see("policy-versions", audit=False)
    walk.page.locator("#result_list a").first.click()
    walk.see("policy-version", audit=False)
    walk.done()


# ---------------------------------------------------------------- selling (issue 11)


def test_selling_walk(screen):
    """sales1 looks up prices and builds a quote; head decides a quote from the inbox; gm
    decides the tender; finance reads the prices."""
    from fieldsales.demo import sales_inquiries, sales_quotes
    from fieldsales.sales.models import Inquiry, PriceList, ProductCategory, Quote

    cast = {u.username: u for u in get_user_model().objects.all()}
    sales_inquiries.load(cast)
    sales_quotes.load(cast)
    walk = Walk(screen, "sales1", name="sales1-selling")
    for step, url in [
        ("prices", "/sales/"),
        (
            "prices-modules",
            f"/sales/prices/?category={ProductCategory.objects.get(name='光伏组件').pk}",
        ),
        ("quotes", "/sales/quotes/"),
        ("quote-new", f"/sales/quotes/new/?customer={Customer.objects.get(code='C-0001').pk}"),
        ("inquiries", "/sales/inquiries/"),
        ("inquiry-new", "/sales/inquiries/new/"),
    ]:
        walk.go(url)
        walk.see(step)
    walk.done()

    waiting = Quote.objects.get(status="submitted")
    walk = Walk(screen, "head", name="head-selling")
    open_from_inbox(walk, waiting.number, "quote-to-decide")
    approve(walk)
    walk.go("/sales/price-lists/")
    walk.see("price-lists")
    walk.done()

    tender = Inquiry.objects.get(kind="tender")
    walk = Walk(screen, "gm", name="gm-selling")
    open_from_inbox(walk, tender.number, "tender-to-decide")
    walk.go(f"/sales/price-lists/{PriceList.objects.get().pk}/")
    walk.see("price-list")
    walk.done()

    walk = Walk(screen, "tech", name="tech")
    walk.see("home")
    walk.go(f"/sales/inquiries/{tender.pk}/")
    walk.see("question-to-answer")
    walk.done()

    walk = Walk(screen, "finance", name="finance-selling")
    walk.go("/sales/prices/")
    walk.see("prices")
    walk.done()
