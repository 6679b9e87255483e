"""Money for documents: rounding to the fen, ¥ figures, and amounts in capitals (forms.md)."""

from __future__ import annotations

from decimal import Decimal

from fieldsales.policy.money import fen

__all__ = ["amount_in_capitals", "fen", "format_yuan"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
# Units inside a four-digit section, highest first, and the section units (万, 亿, 万亿).
_SECTION_UNITS = ("仟", "佰", "拾", "")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _section(number: int) -> str:
    """0 < number < 10000 in capitals; a run of inner zeros is one 零 (forms.md rule 4)."""
    out: list[str] = []
    pending_zero = False
    for position, unit in enumerate(_SECTION_UNITS):
        digit = number // 10 ** (3 - position) % 10
        if digit == 0:
            pending_zero = pending_zero or bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + unit)
    return "".join(out)


def _yuan(number: int) -> str:
    """The whole yuan in capitals, 万 and 亿 sections joined by at most one 零."""
    sections: list[int] = []
    while number:
        sections.append(number % 10000)
        number //= 10000
    if len(sections) > len(_BIG_UNITS):
        raise ValueError("amount too large for capitals")
    out: list[str] = []
    pending_zero = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            pending_zero = pending_zero or bool(out)
            continue
        # A lower section without its thousands digit, or after an empty one, starts with 零.
        if out and (pending_zero or section < 1000):
            out.append("零")
        pending_zero = False
        out.append(_section(section) + _BIG_UNITS[index])
    return "".join(out)


def amount_in_capitals(amount: Decimal) -> str:
    """¥1409.50 → 人民币壹仟肆佰零玖元伍角, by the central bank's rules of forms.md."""
    rounded = fen(amount)
    if rounded < 0:
        raise ValueError("an amount in capitals cannot be negative")
    cents = int(rounded * 100)
    yuan, jiao, fen_digit = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "人民币零元整"
    out = "人民币"
    if yuan:
        out += _yuan(yuan) + "元"
        # Rule 4: 零 after 元 when the 元 digit is zero before a 角, or 角 is zero before a 分.
        if (jiao and yuan % 10 == 0) or (not jiao and fen_digit):
            out += "零"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen_digit:
        out += _DIGITS[fen_digit] + "分"
    elif not jiao:
        out += "整"
    return out


def format_yuan(amount: Decimal) -> str:
    """¥1,692.00: rounded to the fen, thousands separated, a minus sign before the ¥."""
    rounded = fen(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}¥{abs(rounded):,.2f}"
