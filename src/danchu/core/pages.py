"""What every app's pages share: the person asking, the organisation a page is about (read
through the person's scope, then checked against the page's permission), the units and the
people of an organisation for pickers, the status of a form page and a one-button action's
message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from danchu.core import selectors
from danchu.core.errors import DomainError
from danchu.core.models import Agency, User


def actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def organisation(request: HttpRequest, pk: int, perm: str) -> Agency:
    """The organisation of unit ``pk``: not found outside the person's scope, forbidden
    without ``perm`` there."""
    person = actor(request)
    agency = selectors.agency_get(actor=person, pk=pk)
    org = agency.organisation or agency
    if not person.has_perm(perm, org):
        raise PermissionDenied
    return org


def units_of(org: Agency) -> Any:
    return Agency.objects.filter(path__startswith=org.path, is_active=True).order_by("path")


def people_of(request: HttpRequest, org: Agency) -> Any:
    return selectors.person_list(actor=actor(request), agency=org)


def form_status(request: HttpRequest) -> int:
    """A form page answers 400 when it comes back to a POST (the refusal is on the form)."""
    return 400 if request.method == "POST" else 200


def flash(request: HttpRequest, call: Callable[[], object], done: str) -> object | None:
    """Run a service for a one-button action: its result with ``done`` as the page's message
    (none if ``done`` is empty), or None with the refusal as the message. Not found and forbidden
    go to their pages."""
    try:
        result = call()
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return None
    if done:
        messages.success(request, done)
    return result
