"""Reads of reports and dashboards from a PostgreSQL read replica.

With ``DANCHU_REPLICA_URL`` set, settings declare a second database alias, ``replica``. The
views and API routes that only read finished figures (the QCDC report and its files, the city
dashboard, the service-quality score) run under :func:`reads_from_replica`: every read in them
goes to the replica, which may lag the primary by a few seconds — acceptable for a report of a
past period. That includes the reads that check who may see the report: a role ended a moment
ago still opens it for those few seconds. Everything else, and every write anywhere, goes to
``default``. Without a replica, nothing changes.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = ContextVar("danchu_replica_reads", default=False)
F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send this block's reads to the replica (when there is one)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: F) -> F:
    """A view (page or API route) whose reads all go to the replica. Synchronous views only:
    an async view would run outside the block."""
    if inspect.iscoroutinefunction(view):
        raise TypeError("reads_from_replica takes synchronous views only")

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    # The view's annotations resolved in its own module: django-ninja reads the signature of
    # an API route to parse its parameters, and would resolve them in this module otherwise.
    try:
        signature = inspect.signature(view, eval_str=True)
    except NameError:  # an annotation imported for type checking only: leave it unresolved
        signature = inspect.signature(view)
    wrapped.__signature__ = signature  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        # Explicit: an object read from the replica is still saved to the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: their rows are the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
