"""A drop-down that never lists a whole table (issue 15).

`SearchSelect` renders the first `shown` rows of its field's queryset and the chosen row as
options; `SearchCheckboxes` does the same for a multiple choice, as checkboxes. When there are
more rows they add `data-search-url`: static/js/search-select.js puts a search box above the
drop-down (or the checkboxes) and fills the options from that JSON endpoint
(`{"results": [{"id", "label", "data": {name: value}}]}`), each `data` pair becoming a
`data-<name>` attribute of its option. Validation is the field's own: a row outside the
queryset is not a choice, whatever a page posted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fieldsales.core.numbers import ascii_integer

SHOWN = 50  # options a drop-down lists before it asks for a search


class _FewChoices:
    """What the searchable widgets share: list only the first `shown` rows of the field's
    queryset and the chosen ones, and say where to search for the rest (`search`)."""

    choices: Any

    def __init__(
        self,
        url_name: str,
        *,
        query: str = "",
        attrs: dict[str, Any] | None = None,
        shown: int = SHOWN,
    ) -> None:
        super().__init__(attrs)  # type: ignore[call-arg]  # the Django widget's, next in line
        self.url_name = url_name
        self.query = query
        self.shown = shown
        self.more = False

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        full = self.choices
        queryset = getattr(full, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        self.choices = few_choices(full, queryset, value, self)
        try:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = full

    def search(self) -> dict[str, str]:
        """The search box's address and texts, once optgroups found more rows; else {}."""
        if not self.more:
            return {}
        return {
            "data-search-url": reverse(self.url_name) + (f"?{self.query}" if self.query else ""),
            "data-search-placeholder": str(_("输入名称或编号搜索")),
            "data-search-found": str(_("找到 %s 个，请在下面选择")),
            "data-search-none": str(_("没有找到")),
        }


class SearchSelect(_FewChoices, forms.Select):
    """A `<select>` of a ModelChoiceField's first rows, searchable for the rest.

    `url_name` names the JSON endpoint; `query` is added to its address (a scope such as
    "status=active"). The endpoint applies the same visibility as the field's queryset.
    """

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> Any:
        context = super().get_context(name, value, attrs)  # runs optgroups: sets self.more
        context["widget"]["attrs"].update(self.search())
        return context


class SearchCheckboxes(_FewChoices, forms.CheckboxSelectMultiple):
    """Checkboxes for a ModelMultipleChoiceField's first rows and the ticked ones; when there
    are more, the list's wrapper carries the search attributes and the script adds the
    rows found as further checkboxes (the ticked ones stay)."""

    template_name = "core/widgets/search_checkboxes.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> Any:
        context = super().get_context(name, value, attrs)
        context["widget"]["search"] = self.search()
        return context


def few_choices(full: Any, queryset: Any, value: list[Any], widget: _FewChoices) -> list[Any]:
    """The empty choice, the chosen rows not among the first ones, then the first rows."""
    rows = list(queryset[: widget.shown + 1])
    widget.more = len(rows) > widget.shown
    rows = rows[: widget.shown]
    listed = {row.pk for row in rows}
    ids = (ascii_integer(v) for v in value)
    chosen = [pk for pk in ids if pk is not None and 0 < pk < 2**63 and pk not in listed]
    if chosen:
        rows = list(queryset.filter(pk__in=chosen)) + rows
    empty = [("", full.field.empty_label)] if full.field.empty_label is not None else []
    return empty + [full.choice(row) for row in rows]
