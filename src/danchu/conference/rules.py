"""Who may do what with the staff conference and the dialogues, as ``rules`` predicates.

The head chairs the conference with the union executive: they (a deputy, an administrator
of the unit) convene it, keep its roll and agenda and run its polls, and so does the
secretary named for that conference. The union nominates the board's candidates. Every
member of the unit reads the conference and the dialogues, signs a request for an
extraordinary conference and asks questions; the head (a deputy) answers; the board may
require a dialogue. The city's steering committee reads it all."""

from __future__ import annotations

import rules

from danchu.core.models import Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city
from danchu.oversight.rules import acts_as_board

is_member = holds_in_organisation(*[r.value for r in Role])
is_organiser = holds_in_organisation(
    Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE, Role.SYSADMIN
)
is_union = holds_in_organisation(Role.UNION_EXECUTIVE, Role.SYSADMIN)
is_leader = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD)


@rules.predicate
def is_secretary(user: User, obj: object) -> bool:
    conference = getattr(obj, "conference", obj)
    return getattr(conference, "secretary_id", None) == user.pk


rules.add_perm("conference.view", is_member | reads_the_city)
rules.add_perm("conference.convene", is_organiser)
rules.add_perm("conference.run", is_organiser | is_secretary)
rules.add_perm("conference.nominate", is_union)
rules.add_perm("conference.sign", is_member)
rules.add_perm("dialogue.view", is_member | reads_the_city)
rules.add_perm("dialogue.manage", is_organiser)
rules.add_perm("dialogue.ask", is_member)
rules.add_perm("dialogue.answer", is_leader)
rules.add_perm("dialogue.require", acts_as_board)
