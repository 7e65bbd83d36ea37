from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from danchu.core import text
from danchu.core.models import ClockRule

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
