"""Per-unit sequences (codes, register and slip numbers) that never repeat, also under
concurrent writers. Each app keeps its counters in its own table with ``agency``, ``key`` and
``last`` and a unique constraint on (agency, key)."""

from __future__ import annotations

from django.db import connection, models
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
    """The next value of ``key`` for ``agency``, in one statement: the row is inserted at 1 or
    bumped (``INSERT … ON CONFLICT … DO UPDATE … RETURNING``, SQLite 3.35+ and PostgreSQL). The
    row stays locked until the caller's transaction ends, so two writers never get the same
    number and a rolled-back number is given again."""
    # Names from the model's metadata, quoted; the values go as parameters.
    q = connection.ops.quote_name
    table, agency_id, key_, last = (
        q(n) for n in (model._meta.db_table, "agency_id", "key", "last")
    )
    sql = (
        f"INSERT INTO {table} ({agency_id}, {key_}, {last}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({agency_id}, {key_}) DO UPDATE SET {last} = {table}.{last} + 1 "
        f"RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency.pk, key])
        row = cursor.fetchone()
    return int(row[0])
