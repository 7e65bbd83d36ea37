"""Per-unit sequences (codes, register and slip numbers) that never repeat, also under
concurrent writers. Each app keeps its counters in its own table with ``agency``, ``key`` and
``last`` and a unique constraint on (agency, key)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Model

from danchu.core.models import Agency


class CounterBase(models.Model):
    """The fields of an app's counter table: each app names its own unique constraint."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.key}: {self.last}"


def next_number(model: type[Model], agency: Agency, key: str) -> int:
    """The next value of ``key`` for ``agency``: the row is created if missing (a concurrent
    creator is ignored), then locked and bumped in the caller's transaction."""
    manager: Any = model._default_manager
    manager.bulk_create([model(agency=agency, key=key)], ignore_conflicts=True)
    counter = manager.select_for_update().get(agency=agency, key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return int(counter.last)
