"""Helpers shared by the one-stop pages: the actor, scoped lookups, downloads, the period form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from danchu.core import selectors as core_selectors
from danchu.core.models import Agency, User
from danchu.onestop import selectors
from danchu.onestop.forms import PeriodForm
from danchu.onestop.models import Dossier

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _unit(request: HttpRequest, pk: int) -> Agency:
    return core_selectors.agency_get(actor=_actor(request), pk=pk)


def _need(request: HttpRequest, perm: str, obj: Any) -> None:
    if not _actor(request).has_perm(perm, obj):
        raise PermissionDenied


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return selectors.dossier_get(actor=_actor(request), pk=pk)


def _period(request: HttpRequest) -> PeriodForm:
    return PeriodForm(
        request.GET if "start" in request.GET else None, initial=PeriodForm.this_year()
    )
