"""What every core service uses: the permission check, validation and audit snapshots."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, User
from danchu.core.scope import scope_for


def require(actor: User | None, perm: str, obj: Model) -> None:
    """NotFound when the object is outside what the person may read, Forbidden when it is
    readable but the action is not theirs. ``actor=None`` is the system (CLI, demo, jobs)."""
    if actor is None:
        return
    path = (
        obj.path if isinstance(obj, Agency) else getattr(getattr(obj, "agency", None), "path", "")
    )
    if path and not scope_for(actor).can_read_path(path):
        raise NotFound()
    if not actor.has_perm(perm, obj):
        raise Forbidden()


def _validate(instance: Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc) from exc


def snapshot(instance: Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(instance, f) for f in fields}
