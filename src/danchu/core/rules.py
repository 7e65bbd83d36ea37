"""Permissions of the core app, as ``rules`` predicates over (person, unit or object)."""

from __future__ import annotations

import rules

from danchu.core.models import Agency, ApiToken, Role, User
from danchu.core.scope import scope_for


def _path_of(obj: object) -> str | None:
    if isinstance(obj, Agency):
        return obj.path
    agency = getattr(obj, "agency", None)
    return agency.path if isinstance(agency, Agency) else None


def has_role_over(*roles: str) -> rules.Predicate:
    """True when the person holds one of ``roles`` covering the object's unit."""
    wanted = set(roles)

    @rules.predicate(name=f"has_role_over({','.join(sorted(wanted))})")
    def predicate(user: User, obj: object) -> bool:
        path = _path_of(obj)
        if path is None:
            return False
        scope = scope_for(user)
        return scope.is_superuser or bool(scope.roles_over(path) & wanted)

    return predicate


@rules.predicate
def can_read_unit(user: User, obj: object) -> bool:
    path = _path_of(obj)
    return path is not None and scope_for(user).can_read_path(path)


@rules.predicate
def is_token_owner(user: User, token: ApiToken) -> bool:
    return token.owner_id == user.pk


def _agency(obj: object) -> Agency | None:
    if isinstance(obj, Agency):
        return obj
    agency = getattr(obj, "agency", None)
    return agency if isinstance(agency, Agency) else None


def holds_in_organisation(*roles: str) -> rules.Predicate:
    wanted = set(roles)

    @rules.predicate(name=f"holds_in_organisation({','.join(sorted(wanted))})")
    def predicate(user: User, obj: object) -> bool:
        agency = _agency(obj)
        if agency is None:
            return False
        scope = scope_for(user)
        return scope.is_superuser or bool(scope.roles_in_organisation(agency) & wanted)

    return predicate


def holds_at_organisation(*roles: str) -> rules.Predicate:
    """True when the person holds one of ``roles`` on the organisation node itself (the head
    of the department, not the head of a subordinate unit inside it)."""
    wanted = set(roles)

    @rules.predicate(name=f"holds_at_organisation({','.join(sorted(wanted))})")
    def predicate(user: User, obj: object) -> bool:
        agency = _agency(obj)
        if agency is None:
            return False
        scope = scope_for(user)
        org_id = agency.organisation_id or agency.pk
        return scope.is_superuser or any(
            g.role in wanted and g.org_id == org_id and g.path == g.org_path for g in scope.grants
        )

    return predicate


@rules.predicate
def reads_the_city(user: User, obj: object) -> bool:
    """A steering-committee member reads every unit (figures and cases) and changes none."""
    agency = _agency(obj)
    scope = scope_for(user)
    return (
        agency is not None
        and Role.STEERING_MEMBER in {g.role for g in scope.grants}
        and (scope.can_read_path(agency.path))
    )


is_admin_over = has_role_over(Role.SYSADMIN)
is_head_over = has_role_over(Role.HEAD)

rules.add_perm("core.view_agency", can_read_unit)
# The organisation's tree, people and memberships are kept by its administrators.
rules.add_perm("core.change_agency", is_admin_over)
rules.add_perm("core.add_membership", is_admin_over)
rules.add_perm("core.change_membership", is_admin_over)
# The calendar additions and stricter rules rest on the head's decision; an administrator
# enters them.
rules.add_perm("core.change_calendar", is_admin_over | is_head_over)
rules.add_perm("core.add_clockrule", is_admin_over | is_head_over)
rules.add_perm("core.view_audit", has_role_over(Role.SYSADMIN, Role.BOARD_MEMBER))
rules.add_perm("core.revoke_apitoken", is_token_owner)
