"""Request bodies the API accepts: JSON no deeper than a claim needs, text that is Unicode.

Every API view (and the token view) parses with these, so a body nested thousands deep or a
string holding a lone surrogate (`"\\ud800"`, which SQLite stores and every page showing it
then fails to encode) is a 400 before any serializer or service sees it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# A claim is {"items": [{"...": ...}]}: depth 3. Twenty leaves room for any honest body.
MAX_DEPTH = 20


def check_text(value: str) -> None:
    """A string the database and every page can hold: no lone surrogate (U+D800–U+DFFF)."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ParseError(_("请求内容包含无效的字符（孤立的代理项 U+D800–U+DFFF）"))


def check_tree(data: Any) -> None:
    """Every string (keys included) is valid text, and nothing nests deeper than MAX_DEPTH."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise ParseError(_("请求内容嵌套过深（最多 %(n)d 层）") % {"n": MAX_DEPTH})
            if isinstance(value, dict):
                for key, item in value.items():
                    check_text(str(key))
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, bounded: a body too deep for Python's parser is a 400, not a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("请求内容嵌套过深（最多 %(n)d 层）") % {"n": MAX_DEPTH}) from error
        check_tree(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_tree(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        check_tree(dict(result.data.lists()))
        return result


PARSERS = [JSONParser, FormParser, MultiPartParser]
