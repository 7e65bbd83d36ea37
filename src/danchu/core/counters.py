"""Per-unit sequences (codes, register and slip numbers) that never repeat, also under
concurrent writers. Each app keeps its counters in its own table with ``agency``, ``key`` and
``last`` and a unique constraint on (agency, key)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from danchu.core.models import Agency


def next_number(model: type[Model], agency: Agency, key: str) -> int:
    """The next value of ``key`` for ``agency``: the row is created if missing (a concurrent
    creator is ignored), then locked and bumped in the caller's transaction."""
    manager: Any = model._default_manager
    manager.bulk_create([model(agency=agency, key=key)], ignore_conflicts=True)
    counter = manager.select_for_update().get(agency=agency, key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return int(counter.last)
