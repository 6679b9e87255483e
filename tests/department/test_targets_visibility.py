"""D1 visibility: a salesperson reads their own target, a head or manager the department's,
the GM and finance every one; anyone else gets 404 (API and pages)."""

from __future__ import annotations

import pytest
from targets_support import YEAR, approved_split, publish_company


@pytest.fixture
def targets(api, cast, sales_department):
    company = publish_company(api, sales_department.pk)
    split = approved_split(api, cast, sales_department.pk)
    return company, split


def test_d1_a_salesperson_reads_only_their_own_lines(api, cast, targets):
    company, split = targets

    mine = api("sales1").get(f"/api/targets/{split['id']}/")

    assert mine.status_code == 200
    assert {p["salesperson"] for p in mine.json()["people"]} == {cast["sales1"].pk}
    assert mine.json()["sales_total"] is None  # the department's figure is not theirs
    assert api("sales1").get(f"/api/targets/{company['id']}/").status_code == 404
    listed = api("sales1").get("/api/targets/").json()["results"]
    assert [t["id"] for t in listed] == [split["id"]]


def test_d1_a_salesperson_does_not_see_a_draft_split(api, cast, sales_department, targets):
    _company, split = targets
    draft = api("head").post(f"/api/targets/{split['id']}/adjust/", {"reason": "调"}, format="json")

    assert api("sales1").get(f"/api/targets/{draft.json()['id']}/").status_code == 404


def test_d1_the_head_reads_the_department_and_its_line_of_the_company(api, cast, targets):
    company, split = targets

    assert {
        p["salesperson"] for p in api("head").get(f"/api/targets/{split['id']}/").json()["people"]
    } == {
        cast["sales1"].pk,
        cast["sales2"].pk,
    }
    assert len(api("head").get(f"/api/targets/{company['id']}/").json()["departments"]) == 1


@pytest.mark.parametrize("reader", ["gm", "finance"])
def test_d1_the_gm_and_finance_read_everything(api, reader, targets):
    listed = api(reader).get("/api/targets/").json()["results"]

    assert len(listed) == 2


@pytest.mark.parametrize("outsider", ["admin", "tech", "buyer"])
def test_d1_others_get_404(api, client, cast, outsider, targets):
    _company, split = targets

    assert api(outsider).get(f"/api/targets/{split['id']}/").status_code == 404
    assert api(outsider).get("/api/targets/").json()["results"] == []
    assert api(outsider).get(f"/api/targets/progress/?year={YEAR}").status_code == 404
    client.force_login(cast[outsider])
    assert client.get(f"/department/targets/{split['id']}/").status_code == 404
    assert client.get("/department/targets/").status_code == 404


def test_d1_progress_of_someone_else_is_404(api, cast, sales_department, targets):
    sales1 = api("sales1")

    assert (
        sales1.get(
            f"/api/targets/progress/?year={YEAR}&salesperson={cast['sales2'].pk}"
        ).status_code
        == 404
    )
    assert (
        sales1.get(
            f"/api/targets/progress/?year={YEAR}&department={sales_department.pk}"
        ).status_code
        == 404
    )
    own = sales1.get(f"/api/targets/progress/?year={YEAR}&salesperson={cast['sales1'].pk}")
    assert own.status_code == 200
    assert [p["id"] for p in own.json()["people"]] == [cast["sales1"].pk]
    everything = sales1.get(f"/api/targets/progress/?year={YEAR}").json()
    assert [p["id"] for p in everything["people"]] == [cast["sales1"].pk]
    assert everything["departments"] == [] and everything["company"] is None


@pytest.mark.parametrize("reader", ["gm", "finance", "head", "sales1", "sales2"])
def test_d1_a_listed_target_reads_as_its_own_page(api, reader, targets):
    """The list reads its page's lines as plain values (selectors.line_rows); each target in
    it is what its own page shows, lines limited alike."""
    listed = api(reader).get("/api/targets/").json()["results"]
    assert listed
    for body in listed:
        alone = api(reader).get(f"/api/targets/{body['id']}/").json()
        alone.pop("versions")
        assert body == alone
