from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from danchu.core import text
from danchu.core.models import AgencyKind, ClockRule, Role

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

register = template.Library()


@register.filter
def vn_date(value: dt.date | None) -> str:
    return text.vn_date(value)


@register.filter
def vn_datetime(value: dt.datetime | None) -> str:
    return text.vn_datetime(value)


@register.filter
def vn_number(value: Any, decimals: int = 0) -> str:
    return "" if value is None else text.vn_number(value, decimals)


@register.filter
def get(mapping: dict[Any, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(key)


@register.filter
def in_force(rule: ClockRule, day: dt.date) -> bool:
    return rule.in_force_on(day)


@register.filter
def audit_verb(verb: str) -> str:
    from danchu.core.audit import VERB_LABELS

    return str(VERB_LABELS.get(verb, verb))


@register.filter
def object_type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@register.filter
def audit_value(value: Any) -> str:
    """A recorded value as a person reads it: dates dd/mm/yyyy, roles and kinds by name."""
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str):
        if ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
            except ValueError:
                return value
        for choices in (Role, AgencyKind):
            if value in choices.values:
                return str(choices(value).label)
    return str(value)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int, param: str = "page") -> str:
    """The link to page ``number`` of a list: the page's own query (search, filters) with only
    ``param`` changed, so a pager never loses what the list shows."""
    query = context["request"].GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"
