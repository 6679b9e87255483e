"""Numbers typed by people: ASCII digits only, for every amount, id and count.

Python's number constructors (int, Decimal and the binary floating type, and so Django's and
DRF's number fields) read any Unicode digit: "５００" (full-width) and "٥٠٠" (Arabic-Indic)
would be 500. A figure on a claim or an advance must be the figure the paper shows, so every
number field of the API and the pages is one of these, which refuse anything but 0-9 with a
400 naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

# An amount of money as claim-format.md writes it: "300", "300.5", "300.00".
AMOUNT = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,2})?$")
INTEGER = re.compile(r"[-+]?[0-9]+")
DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def ascii_integer(value: Any) -> int | None:
    """`value` as an int when it is one (or a string of ASCII digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def ascii_decimal(value: Any) -> Decimal | None:
    """`value` as a Decimal when it is a number (or a string of ASCII digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    if isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        return Decimal(value.strip())
    return None


def _ascii_text(value: Any, pattern: re.Pattern[str]) -> bool:
    """A string is ASCII digits in the pattern's shape; anything else is left to the field."""
    return not isinstance(value, str) or not value.strip() or bool(pattern.fullmatch(value.strip()))


# ---------------------------------------------------------------- API (DRF) fields


class IntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if not _ascii_text(data, re.compile(r"[-+]?[0-9]+(\.0*)?")):
            self.fail("invalid")
        return super().to_internal_value(data)


class DecimalField(serializers.DecimalField):
    def to_internal_value(self, data: Any) -> Decimal:
        if not _ascii_text(data, DECIMAL):
            self.fail("invalid")
        return super().to_internal_value(data)


class FloatField(serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        if not _ascii_text(data, DECIMAL):
            self.fail("invalid")
        return super().to_internal_value(data)


# ---------------------------------------------------------------- page (form) fields


class FormIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        if not _ascii_text(value, INTEGER):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class FormDecimalField(forms.DecimalField):
    def to_python(self, value: Any) -> Decimal | None:
        if not _ascii_text(value, DECIMAL):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _id_text(value: Any) -> bool:
    """A posted id is ASCII digits within a database integer (SQLite refuses a larger one
    with an OverflowError, not a lookup miss); anything else is left to the field."""
    if not _ascii_text(value, INTEGER):
        return False
    number = ascii_integer(value)
    return number is None or -(2**63) <= number < 2**63


class ModelChoiceField(forms.ModelChoiceField):
    """A row chosen by its id: ASCII digits within a database integer, or not a choice."""

    def to_python(self, value: Any) -> Any:
        if self.to_field_name is None and not _id_text(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if self.to_field_name is None and not _id_text(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
