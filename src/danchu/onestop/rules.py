"""Who may do what at the one-stop desk, as ``rules`` predicates over (person, object)."""

from __future__ import annotations

import rules

from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.onestop.models import Dossier

CASE_READERS = {
    Role.HEAD,
    Role.DEPUTY_HEAD,
    Role.DIVISION_HEAD,
    Role.ONESTOP_OFFICER,
    Role.HANDLING_OFFICER,
    Role.SYSADMIN,
    Role.BOARD_MEMBER,
}


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
        return scope.is_superuser or bool(scope.roles_in_organisation(agency.path) & wanted)

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


@rules.predicate
def is_assignee(user: User, dossier: Dossier) -> bool:
    return isinstance(dossier, Dossier) and dossier.assignee_id == user.pk


@rules.predicate
def heads_the_division(user: User, dossier: Dossier) -> bool:
    if not isinstance(dossier, Dossier) or dossier.division is None:
        return False
    return Role.DIVISION_HEAD in scope_for(user).roles_over(dossier.division.path)


is_leader = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD)
is_desk = holds_in_organisation(Role.ONESTOP_OFFICER)
is_member = holds_in_organisation(*[r.value for r in Role])

rules.add_perm(
    "onestop.manage_catalogue", holds_in_organisation(Role.SYSADMIN, Role.HEAD, Role.DEPUTY_HEAD)
)
rules.add_perm("onestop.view_catalogue", is_member | reads_the_city)
rules.add_perm("onestop.receive", is_desk)
rules.add_perm("onestop.view_dossier", holds_in_organisation(*CASE_READERS) | reads_the_city)
# Moving a dossier on: its assignee, the head of its division, or the unit's leaders.
rules.add_perm("onestop.handle", is_assignee | heads_the_division | is_leader)
# Supplements, returns and withdrawals happen at the desk.
rules.add_perm("onestop.desk", is_desk | is_leader)
rules.add_perm("onestop.apologise", heads_the_division | is_leader)
rules.add_perm("onestop.suspend", heads_the_division | is_leader)
rules.add_perm("onestop.view_stats", is_member | reads_the_city)
