"""Factories for tests. Units are created through the service so that paths are right."""

from __future__ import annotations

import datetime as dt
import itertools

from danchu.core import services
from danchu.core.models import Agency, AgencyKind, Membership, User

_seq = itertools.count(1)
PASSWORD = "Mat-khau-thu-2026"


def make_unit(
    *,
    parent: Agency | None = None,
    kind: str = AgencyKind.DIVISION,
    name: str | None = None,
    code: str | None = None,
) -> Agency:
    n = next(_seq)
    return services.agency_create(
        actor=None, code=code or f"U{n:04d}", name=name or f"Đơn vị {n}", kind=kind, parent=parent
    )


def make_person(
    *,
    agency: Agency,
    username: str | None = None,
    full_name: str | None = None,
    password: str = PASSWORD,
) -> User:
    n = next(_seq)
    return services.person_create(
        actor=None,
        agency=agency,
        username=username or f"user{n}",
        full_name=full_name or f"Nguyễn Văn {n}",
        password=password,
    )


def give_role(
    person: User,
    agency: Agency,
    role: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Membership:
    return services.membership_add(
        actor=None,
        person=person,
        agency=agency,
        role=role,
        start=start or dt.date(2020, 1, 1),
        end=end,
    )


def ensure_statutory_rules() -> None:
    """Reload the statutory clock rules if a transactional test flushed them.

    pytest-django empties the database after a transactional test, data migrations included;
    the rules are loaded again by the same migration functions (they are idempotent)."""
    from importlib import import_module

    from django.apps import apps

    from danchu.core.models import ClockRule

    if ClockRule.objects.filter(agency=None).exists():
        return
    for name in (
        "core.migrations.0002_statutory_rules",
        "core.migrations.0004_onestop_rules",
        "core.migrations.0006_minimum_periods",
        "letters.migrations.0002_handling_rule",
        "disclosure.migrations.0002_information_request_rule",
        "oversight.migrations.0002_board_term_rule",
        "conference.migrations.0002_rules",
    ):
        migration = import_module(f"danchu.{name}")
        loader = getattr(migration, "load", None) or migration.mark
        loader(apps, None)
