"""The navigation shell: which sections a person sees, from their roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.models import Role
from danchu.core.scope import scope_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    scope = scope_for(user)
    roles = {g.role for g in scope.grants}
    nav = [
        (reverse("core:home"), _("Home")),
        (reverse("core:unit_list"), _("Units")),
        (reverse("core:person_list"), _("People")),
        (reverse("core:calendar"), _("Working days")),
        (reverse("core:rule_list"), _("Rules in force")),
    ]
    nav.append((reverse("onestop:start"), _("One-stop desk")))
    nav.append((reverse("letters:start"), _("Citizens and letters")))
    nav.append((reverse("disclosure:start"), _("Publicity")))
    nav.append((reverse("tasks:mine"), _("Tasks")))
    nav.append((reverse("oversight:start"), _("Inspection board")))
    nav.append((reverse("conference:start"), _("Conference and dialogue")))
    nav.append((reverse("inspections:home"), _("QCDC inspections")))
    reporting = {Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE, Role.SYSADMIN}
    org = next((g.org_id for g in scope.grants if g.role in reporting and g.org_id), None)
    if org is not None:
        nav.append((reverse("reports:qcdc", kwargs={"unit": org}), _("QCDC report")))
    if scope.is_superuser or Role.STEERING_MEMBER in roles:
        nav.append((reverse("reports:city"), _("City dashboard")))
    if scope.is_superuser or roles & {Role.SYSADMIN, Role.BOARD_MEMBER}:
        nav.append((reverse("core:audit_list"), _("Audit log")))
    return {"nav": nav, "my_roles": sorted(roles)}
