"""Helpers shared by the reception and letter pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from danchu.core import selectors as core_selectors
from danchu.core.models import Agency, User

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _unit(request: HttpRequest, pk: int) -> Agency:
    agency = core_selectors.agency_get(actor=_actor(request), pk=pk)
    return agency.organisation or agency


def _need(request: HttpRequest, perm: str, obj: Any) -> None:
    if not _actor(request).has_perm(perm, obj):
        raise PermissionDenied
