"""Who may do what at the one-stop desk, as ``rules`` predicates over (person, object)."""

from __future__ import annotations

import rules

from danchu.core.models import Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city
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
