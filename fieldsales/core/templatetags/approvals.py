"""`{% chain_steps document as chain %}`: a document's whole approval chain for its page."""

from __future__ import annotations

from typing import Any

from django import template

from fieldsales.core.workflow import Chain, chain_steps

register = template.Library()


@register.simple_tag(name="chain_steps")
def chain_steps_tag(document: Any) -> Chain:
    return chain_steps(document)
