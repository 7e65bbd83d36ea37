"""Vietnamese number and date formats: "8.472", "98,5%", "15/09/2022"."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone


def vn_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """Dot for thousands, comma for decimals; half-up rounding as people do by hand."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def vn_percent(part: int | float | Decimal, whole: int | float | Decimal, decimals: int = 1) -> str:
    """``part`` as a share of ``whole``: "98,5%"; a whole percentage loses its ",0"."""
    if not whole:
        return "—"
    share = Decimal(str(part)) * 100 / Decimal(str(whole))
    text = vn_number(share, decimals)
    if "," in text and set(text.split(",")[1]) == {"0"}:
        text = text.split(",")[0]
    return f"{text}%"


def vn_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%H:%M %d/%m/%Y")


def fold(text: str) -> str:
    """Lower case without accents ("Đặng Thu Hà" → "dang thu ha"), for search and sorting."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def name_sort_key(full_name: str) -> str:
    """Vietnamese names sort by the given name (the last word), then the whole name."""
    folded = fold(full_name)
    given = folded.rsplit(" ", 1)[-1]
    return f"{given} {folded}"
