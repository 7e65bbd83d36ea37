"""Keyset pagination for the long lists (a unit's dossiers, its letters): the cost of a page does
not grow with the number of rows before it, nor with the size of the list.

- The links a page offers carry a cursor (the sort keys of its last or first row): "next" reads
  the rows after it through the index, "previous" the rows before it — never ``OFFSET``.
- The count is capped: up to ``CAP`` rows are counted, beyond that the pager says "more than"
  (the exact totals are the statistics pages' business).
- ``?page=N`` without a cursor still works (a bookmark, a typed address): it falls back to the
  offset, so it is correct, only not as fast deep in a long list.

The sort keys must end with the primary key, and none of them may be null.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

CAP = 1_000  # counting stops here: "page 3 of more than 40"
OFFSET_LIMIT = 10_000  # a bookmarked ?page=N deeper than this many rows opens the first page


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    number: int
    count: int
    capped: bool  # more rows than ``count``
    size: int
    next_query: str | None
    previous_query: str | None

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return self.next_query is not None or self.previous_query is not None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(model: type[Model], keys: Sequence[str], token: str) -> list[Any] | None:
    """The cursor's values, typed by the model's fields; None for anything malformed."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    typed = []
    for key, value in zip(keys, values, strict=True):
        try:
            field = model._meta.get_field(key.lstrip("-"))
            typed_value = field.to_python(value)  # type: ignore[union-attr]
            if isinstance(typed_value, dt.datetime) and typed_value.tzinfo is not None:
                typed_value = typed_value.astimezone(dt.UTC)
            if isinstance(typed_value, int) and not -(2**63) <= typed_value < 2**63:
                return None
        except (FieldDoesNotExist, ValidationError, TypeError, ValueError, OverflowError):
            return None
        if typed_value is None:
            return None
        typed.append(typed_value)
    return typed


def _beyond(keys: Sequence[str], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows after ``values`` in the order ``keys`` (before them when not ``forward``):
    (k1 past v1) or (k1 = v1 and k2 past v2) or … — and, said once more on its own, k1 not
    before v1, which PostgreSQL turns into the start of an index range (the OR alone it would
    filter row by row from the top of the index)."""
    q = Q(pk__in=[])
    for i, key in enumerate(keys):
        name = key.lstrip("-")
        descending = key.startswith("-")
        lookup = "lt" if descending == forward else "gt"
        term = Q(**{f"{name}__{lookup}": values[i]})
        for prior, value in zip(keys[:i], values[:i], strict=False):
            term &= Q(**{prior.lstrip("-"): value})
        q |= term
    first = keys[0]
    bound = "lte" if first.startswith("-") == forward else "gte"
    return Q(**{f"{first.lstrip('-')}__{bound}": values[0]}) & q


def _reversed(keys: Sequence[str]) -> list[str]:
    return [k[1:] if k.startswith("-") else f"-{k}" for k in keys]


def keyset_page(
    request: HttpRequest, rows: QuerySet[Any], *, keys: Sequence[str], size: int
) -> KeysetPage:
    """One page of ``rows`` in the order ``keys``, from the request's ``after``, ``before`` or
    ``page`` parameter."""
    model = rows.model
    query = request.GET.copy()
    try:
        number = max(1, int(query.get("page", "1")))
    except ValueError:
        number = 1
    if (number - 1) * size > OFFSET_LIMIT:  # beyond what an offset reaches cheaply: page 1
        number = 1
    after = _decode(model, keys, query.get("after", ""))
    before = None if after else _decode(model, keys, query.get("before", ""))
    ordered = rows.order_by(*keys)
    if after is not None:
        found = list(ordered.filter(_beyond(keys, after, forward=True))[: size + 1])
        more_after, more_before = len(found) > size, True
        found = found[:size]
    elif before is not None:
        found = list(
            rows.order_by(*_reversed(keys)).filter(_beyond(keys, before, forward=False))[: size + 1]
        )
        more_before, more_after = len(found) > size, True
        found = list(reversed(found[:size]))
        number = max(1, number)
    else:
        start = (number - 1) * size
        found = list(ordered[start : start + size + 1])
        if not found and number > 1:  # past the end: the first page
            number, start = 1, 0
            found = list(ordered[: size + 1])
        more_after, more_before = len(found) > size, number > 1
        found = found[:size]
    if not found and (after is not None or before is not None):
        # A cursor past the end (rows gone since, an old link): the first page.
        found = list(ordered[: size + 1])
        more_after = len(found) > size
        found = found[:size]
        number, more_before = 1, False
    if not found or not more_before:
        number, more_before = 1, False
    counted = rows.order_by()[: CAP + 1].count()

    def link(direction: str, row: Any, page: int) -> str:
        link_query = query.copy()
        for param in ("after", "before", "page"):
            link_query.pop(param, None)
        link_query[direction] = _encode([getattr(row, k.lstrip("-")) for k in keys])
        link_query["page"] = str(page)
        return f"?{link_query.urlencode()}"

    return KeysetPage(
        rows=found,
        number=number,
        count=min(counted, CAP),
        capped=counted > CAP,
        size=size,
        next_query=link("after", found[-1], number + 1) if found and more_after else None,
        previous_query=link("before", found[0], number - 1) if found and more_before else None,
    )
