"""Money for documents: amounts in capitals (forms.md), ¥ figures, rounding to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fieldsales.core.money import amount_in_capitals, fen, format_yuan


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        # The table of forms.md.
        ("0.50", "人民币伍角"),
        ("15.00", "人民币壹拾伍元整"),
        ("123.45", "人民币壹佰贰拾叁元肆角伍分"),
        ("1409.50", "人民币壹仟肆佰零玖元伍角"),
        ("6007.14", "人民币陆仟零柒元壹角肆分"),
        ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
        ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
        ("3000.00", "人民币叁仟元整"),
        # Zero, a leading ten, 万 and 亿 with zeros between them.
        ("0.00", "人民币零元整"),
        ("0.05", "人民币伍分"),
        ("10.00", "人民币壹拾元整"),
        ("10.50", "人民币壹拾元零伍角"),
        ("100000000.00", "人民币壹亿元整"),
        ("1000010.00", "人民币壹佰万零壹拾元整"),
        ("100010000.00", "人民币壹亿零壹万元整"),
        ("100000001.00", "人民币壹亿零壹元整"),
        ("10001000.00", "人民币壹仟万壹仟元整"),
        ("1692.00", "人民币壹仟陆佰玖拾贰元整"),
        ("999999999.99", "人民币玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amount_in_capitals(amount, capitals):
    assert amount_in_capitals(Decimal(amount)) == capitals


def test_amount_in_capitals_rounds_half_up_first():
    assert amount_in_capitals(Decimal("1.005")) == "人民币壹元零壹分"


def test_amount_in_capitals_refuses_negative():
    with pytest.raises(ValueError):
        amount_in_capitals(Decimal("-1.00"))


@pytest.mark.parametrize(
    ("amount", "figure"),
    [("1692", "¥1,692.00"), ("0", "¥0.00"), ("1234567.891", "¥1,234,567.89"), ("-0.50", "-¥0.50")],
)
def test_format_yuan(amount, figure):
    assert format_yuan(Decimal(amount)) == figure


@pytest.mark.parametrize(
    ("value", "rounded"), [("200.005", "200.01"), ("0.004", "0.00"), ("2.345", "2.35")]
)
def test_fen_rounds_half_up_to_the_fen(value, rounded):
    assert str(fen(Decimal(value))) == rounded
