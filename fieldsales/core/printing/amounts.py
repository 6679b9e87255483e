"""An amount as a form prints it: figures and capitals side by side."""

from __future__ import annotations

from decimal import Decimal

from fieldsales.core.money import amount_in_capitals, format_yuan


def money(amount: Decimal | str) -> dict[str, str]:
    """An amount in figures and in capitals, which must agree (forms.md): `figures` ¥1,692.00,
    `capitals` 人民币壹仟陆佰玖拾贰元整, `words` the capitals without 人民币."""
    amount = Decimal(amount)
    capitals = amount_in_capitals(amount)
    return {
        "figures": format_yuan(amount),
        "capitals": capitals,
        "words": capitals.removeprefix("人民币"),
    }
