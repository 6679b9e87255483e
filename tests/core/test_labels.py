"""core.labels: one copy of each vocabulary, registered by the app that owns it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fieldsales.core import labels
from fieldsales.trips.forms import ITEM_KINDS


def test_a_label_follows_the_language_and_an_unknown_key_shows_itself():
    assert labels.label("claim_item_kind", "train") == "火车"
    with translation.override("en"):
        assert labels.label("claim_item_kind", "train") == "Train"
        assert labels.label("claim_item_kind", "train", language="zh-hans") == "火车"
    assert labels.label("claim_item_kind", "rocket") == "rocket"
    assert labels.label("no_such_vocabulary", "x") == "x"


def test_a_vocabulary_is_registered_once():
    labels.register("test_colour", {"red": _("红色")})
    labels.register("test_colour", {"red": _("红色")})  # ready() run again: the same labels
    with pytest.raises(ImproperlyConfigured):
        labels.register("test_colour", {"red": _("红"), "blue": _("蓝")})
    assert labels.labels_of("test_colour") == {"red": "红色"}


def test_the_apps_register_their_vocabularies():
    assert labels.label("role", "dept_head") == "部门负责人"
    assert labels.label("seat", "economy") == "经济舱"
    kinds = labels.labels_of("claim_item_kind")
    assert list(kinds) == [
        "allowance",
        "train",
        "coach",
        "ship",
        "flight",
        "city_bus",
        "taxi",
        "tricycle",
        "lodging",
        "meal",
        "entertainment",
        "other",
    ]


def test_the_page_filter_and_the_claim_form_read_the_one_copy():
    rendered = Template("{% load trip_tags %}{{ 'tricycle'|kind_label }}").render(Context())
    assert rendered == "人力三轮车"
    choices = {kind: str(text) for kind, text in ITEM_KINDS}
    assert choices["tricycle"] == "人力三轮车"
    assert choices["coach"] == "汽车（长途/短途）"  # the form explains what belongs there
    assert "allowance" not in choices
