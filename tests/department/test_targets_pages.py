"""D1 pages: the 部门 tab, /department/targets/ with progress bars, the GM's company form, the
head's person-by-month grid (a split 0.01 short is refused with the gap on the page), submit
and approve buttons as on the other approval pages."""

from __future__ import annotations

from decimal import Decimal

from targets_support import YEAR, approved_split, months_of, publish_company

from fieldsales.department.models import Target, TargetStatus


def _login(client, cast, who):
    client.force_login(cast[who])
    return client


def test_department_tab_and_home_redirect(client, cast):
    _login(client, cast, "head")

    home = client.get("/")
    assert 'href="/department/"' in home.content.decode()
    assert client.get("/department/").url == "/department/targets/"
    _login(client, cast, "tech")
    assert 'href="/department/"' not in client.get("/").content.decode()
    assert client.get("/department/").status_code == 404


def test_d1_the_gm_publishes_the_company_target_through_the_page(client, cast, sales_department):
    _login(client, cast, "gm")
    page = client.get(f"/department/targets/?year={YEAR}").content.decode()
    assert "制定公司年度目标" in page
    form = {
        "year": YEAR,
        "level": "company",
        "sales_total": "1,000,000.00",
        "collections_total": "800000",
        f"sales_{sales_department.pk}": "999999.99",
        f"collections_{sales_department.pk}": "800000",
    }

    refused = client.post("/department/targets/new/?level=company", form)
    assert refused.status_code == 400
    assert "差 0.01" in refused.content.decode()
    form[f"sales_{sales_department.pk}"] = "1000000"
    saved = client.post("/department/targets/new/?level=company", form)
    target = Target.objects.get()
    assert saved.url == f"/department/targets/{target.pk}/"
    detail = client.get(saved.url).content.decode()
    assert "下达" in detail
    client.post(f"/department/targets/{target.pk}/publish/")
    target.refresh_from_db()
    assert target.status == TargetStatus.APPROVED


def _grid(cast, department, sales1_months):
    form = {"year": YEAR, "level": "department", "department": department.pk}
    plan = {"sales1": ("600000.00", "500000.00"), "sales2": ("400000.00", "300000.00")}
    for who, (sales, collections) in plan.items():
        pk = cast[who].pk
        for measure, amount in (("sales", sales), ("collections", collections)):
            form[f"{measure}_{pk}_year"] = amount
            months = months_of(amount)
            if who == "sales1" and measure == "sales":
                months = sales1_months
            for n, value in enumerate(months, start=1):
                form[f"{measure}_{pk}_m{n}"] = value
    return form


def test_d1_the_heads_grid_refuses_a_split_0_01_short_and_saves_a_good_one(
    client, api, cast, sales_department
):
    publish_company(api, sales_department.pk)
    _login(client, cast, "head")
    url = f"/department/targets/new/?level=department&department={sales_department.pk}&year={YEAR}"
    page = client.get(url).content.decode()
    assert "张伟" in page and "targets-split.js" in page and "1,000,000.00" in page

    refused = client.post(url, _grid(cast, sales_department, months_of("600000.00", "0.01")))
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "张伟 签单额 12 个月合计 599,999.99，全年 600,000.00，差 0.01" in text
    assert 'value="49999.99"' in text  # what was typed stays
    assert not Target.objects.filter(level="department").exists()

    saved = client.post(url, _grid(cast, sales_department, months_of("600000.00")))
    target = Target.objects.get(level="department")
    assert saved.url == f"/department/targets/{target.pk}/"
    assert "提交审批" in client.get(saved.url).content.decode()
    client.post(f"/department/targets/{target.pk}/submit/")
    target.refresh_from_db()
    assert target.status == TargetStatus.SUBMITTED

    _login(client, cast, "gm")
    detail = client.get(f"/department/targets/{target.pk}/").content.decode()
    assert "同意" in detail and "驳回" in detail
    assert f"/department/targets/{target.pk}/" in client.get("/approvals/").content.decode()
    client.post(f"/department/targets/{target.pk}/approve/", {"comment": "好"})
    target.refresh_from_db()
    assert target.status == TargetStatus.APPROVED


def test_d1_the_head_does_not_see_approve_on_their_own_split(client, api, cast, sales_department):
    publish_company(api, sales_department.pk)
    split = approved_split(api, cast, sales_department.pk)
    _login(client, cast, "head")

    page = client.get(f"/department/targets/{split['id']}/").content.decode()

    assert f"/department/targets/{split['id']}/approve/" not in page and "目标调整" in page
    adjusted = client.post(f"/department/targets/{split['id']}/adjust/", {"reason": "调岗"})
    new = Target.objects.get(version=2, level="department")
    assert adjusted.url == f"/department/targets/{new.pk}/edit/"
    assert "调整原因" in client.get(adjusted.url).content.decode()


def test_d1_targets_page_shows_progress_bars(client, api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    _login(client, cast, "gm")

    page = client.get(f"/department/targets/?year={YEAR}").content.decode()

    assert 'id="company-progress"' in page and 'id="department-progress"' in page
    assert page.count('role="progressbar"') == 2 + 2 + 2 * 2
    assert "张伟" in page and "李娜" in page


def test_d1_people_rows_are_paged(client, api, cast, sales_department, monkeypatch):
    # The GM's company has hundreds of salespeople: their rows come a page at a time (issue
    # 15), with the page's people only in the category table too.
    from fieldsales.department.targets import views

    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    monkeypatch.setattr(views, "PEOPLE_PAGE", 1)
    _login(client, cast, "gm")

    first = client.get(f"/department/targets/?year={YEAR}").content.decode()
    second = client.get(f"/department/targets/?year={YEAR}&page=2").content.decode()

    def people(page):
        part = page[page.index('id="people-progress"') :]
        return part[: part.index("</section>")].count('class="progress-row"')

    assert people(first) == people(second) == 1
    assert ("张伟" in first) != ("张伟" in second) and ("李娜" in first) != ("李娜" in second)
    assert f"?year={YEAR}&page=2" in first and 'class="pagination"' in first
    assert 'id="company-progress"' in second  # the company and departments stay on every page


def test_d1_a_salesperson_sees_only_their_own_bars(client, api, cast, sales_department):
    publish_company(api, sales_department.pk)
    approved_split(api, cast, sales_department.pk)
    _login(client, cast, "sales1")

    page = client.get(f"/department/targets/?year={YEAR}").content.decode()

    assert "张伟" in page and "李娜" not in page and 'id="company-progress"' not in page


def test_d1_progress_on_home(client, api, cast, sales_department, settings):
    from django.utils import timezone

    year = timezone.localdate().year
    gm = api("gm")
    payload = {
        "year": year,
        "level": "company",
        "sales_total": "100.00",
        "collections_total": "0.00",
        "departments": [{"department": sales_department.pk, "sales": "100.00", "collections": "0"}],
    }
    gm.post(
        f"/api/targets/{gm.post('/api/targets/', payload, format='json').json()['id']}/publish/"
    )

    _login(client, cast, "gm")
    assert 'id="home-targets"' in client.get("/").content.decode()
    _login(client, cast, "head")
    assert "销售部" in client.get("/").content.decode().split('id="home-targets"')[1][:2000]
    _login(client, cast, "sales1")  # no split yet: no personal target
    assert 'id="home-targets"' not in client.get("/").content.decode()
    _login(client, cast, "tech")
    assert 'id="home-targets"' not in client.get("/").content.decode()


def test_d1_the_heads_grid_splits_sales_by_product_category(client, api, cast, sales_department):
    from fieldsales.department.models import TargetLine
    from fieldsales.sales.catalogue.models import ProductCategory

    modules = ProductCategory.objects.create(name="网格测试组件")
    inverters = ProductCategory.objects.create(name="网格测试逆变器")
    publish_company(api, sales_department.pk)
    _login(client, cast, "head")
    url = f"/department/targets/new/?level=department&department={sales_department.pk}&year={YEAR}"
    page = client.get(url).content.decode()
    pk = cast["sales1"].pk
    assert f'name="sales_{pk}_c{modules.pk}"' in page
    assert f'name="collections_{pk}_c{modules.pk}"' not in page  # sales only

    form = _grid(cast, sales_department, months_of("600000.00"))
    form[f"sales_{pk}_c{modules.pk}"] = "400000.00"
    form[f"sales_{pk}_c{inverters.pk}"] = "199999.99"
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "按产品类别合计 599,999.99，全年 600,000.00，差 0.01" in refused.content.decode()

    form[f"sales_{pk}_c{inverters.pk}"] = "200000.00"
    saved = client.post(url, form)
    assert saved.status_code == 302
    lines = TargetLine.objects.filter(salesperson=cast["sales1"], category__isnull=False)
    assert {(line.category_id, line.amount) for line in lines} == {
        (modules.pk, Decimal("400000.00")),
        (inverters.pk, Decimal("200000.00")),
    }
    edit = client.get(f"/department/targets/{lines[0].target_id}/edit/").content.decode()
    assert f'name="sales_{pk}_c{modules.pk}" value="400000.00"' in edit
