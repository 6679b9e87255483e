"""Issue 10, item 13: the audit log reads as sentences (刘芳批准了报销单, 核准金额 ¥2,531.00),
in Chinese and in English, never as `key=value` and never naming a stored line id."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from factories import ClaimFactory, TripFactory

from fieldsales.core import audit_text
from fieldsales.core.audit import audit, audit_trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(cast):
    trip = TripFactory(traveller=cast["sales1"], status="approved")
    return ClaimFactory(
        trip=trip,
        items=[
            {"id": "i4", "kind": "train", "amount": "73.50", "seat": "second_class"},
            {"id": "i9", "kind": "taxi", "amount": "26.00", "city": "义乌市", "reason": "no_bus"},
        ],
    )


def trail(claim):
    return audit_text.describe_trail(audit_trail(claim), claim)


def test_an_approval_reads_as_a_sentence_with_the_money_as_phrases(cast, claim):
    audit(
        document=claim,
        actor=cast["finance"],
        action="approve",
        from_status="submitted",
        to_status="approved",
        data={"claimed": "2531.00", "reimbursed": "2531.00", "advance": "0.00"},
    )
    entry = trail(claim)[-1]
    assert entry["sentence"] == "刘芳批准了报销单"
    assert entry["details"] == ["申报金额 ¥2,531.00", "核准金额 ¥2,531.00"]
    assert entry["status"] == "状态由“审批中”变为“已批准”"


def test_a_line_is_named_by_number_and_kind_never_by_its_id(cast, claim):
    audit(
        document=claim,
        actor=cast["head"],
        action="override",
        data={"item": "i9", "amount": "20.00", "rule": "P9"},
    )
    audit(document=claim, actor=cast["head"], action="note", data={"item": "gone"})
    override, note = trail(claim)[-2:]
    assert override["sentence"] == "王强调整了一行的核准金额（P9）"
    assert override["details"] == ["明细 第2行 出租车", "金额 ¥20.00", "依据 P9"]
    assert note["details"] == ["明细 已删除的一行"]
    for entry in trail(claim):
        shown = " ".join([entry["sentence"], *entry["details"], entry["status"]])
        assert not re.search(r"\bi\d+\b", shown)
        assert "=" not in shown


def test_an_unknown_action_shows_its_label_and_unknown_data_is_not_shown(cast, claim):
    audit(document=claim, actor=cast["sales1"], action="special_case", data={"secret": "x"})
    audit(document=claim, actor=None, action="claim_approved")
    person, system = trail(claim)[-2:]
    assert person["sentence"] == "张伟：认定特殊情况"
    assert person["details"] == []
    assert system["sentence"] == "系统：报销单已批准"


def test_the_sentences_follow_the_language(cast, claim):
    audit(
        document=claim,
        actor=cast["finance"],
        action="approve",
        data={"reimbursed": "2531.00"},
    )
    with translation.override("en"):
        entry = trail(claim)[-1]
        # Built from the English catalogue's words (the sentence, the noun, the label).
        noun = pgettext("audit", "报销单")
        assert entry["sentence"] == gettext("%(actor)s批准了%(document)s") % {
            "actor": "刘芳",
            "document": noun,
        }
        assert entry["details"] == [
            gettext("%(label)s %(value)s") % {"label": gettext("核准金额"), "value": "¥2,531.00"}
        ]
        # The money prints one way in every language.
        assert "¥2,531.00" in entry["details"][0]
        # The label of an already-translated word is English.
        assert gettext("核准金额") != "核准金额"


def test_a_document_nobody_registered_still_reads_as_a_sentence(cast):
    trip = TripFactory(traveller=cast["sales1"])
    user = cast["sales1"]
    audit(document=user, actor=cast["admin"], action="approve")
    entry = audit_text.describe_trail(audit_trail(user), user)[-1]
    assert entry["sentence"].endswith("批准了单据")
    assert audit_text.describe_trail(audit_trail(trip), trip)[0]["sentence"].endswith(
        "创建了出差申请"
    )
