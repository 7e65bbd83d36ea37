"""Who may do what with publicity and consultation, as ``rules`` predicates.

Every member reads what is addressed to them (the selectors narrow it by audience); the head,
the deputies and the administrators (the office that keeps the register) publish and keep the
regulations; a regulation's owner issues its versions; the leaders open consultations and the
consultation's owner answers the comments; the board reads everything to supervise.
"""

from __future__ import annotations

import rules

from danchu.core.models import Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city
from danchu.disclosure.models import Consultation, Regulation

is_member = holds_in_organisation(*[r.value for r in Role])
is_leader = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD)
is_office = holds_in_organisation(Role.SYSADMIN)
is_board = holds_in_organisation(Role.BOARD_MEMBER)


@rules.predicate
def owns(user: User, obj: object) -> bool:
    if isinstance(obj, Regulation | Consultation):
        return obj.owner_id == user.pk
    return False


rules.add_perm("disclosure.view", is_member | reads_the_city)
rules.add_perm("disclosure.view_all", is_leader | is_office | is_board | reads_the_city)
rules.add_perm("disclosure.publish", is_leader | is_office)
rules.add_perm("disclosure.manage_regulations", is_leader | is_office)
rules.add_perm("disclosure.add_version", is_leader | is_office | owns)
rules.add_perm("disclosure.disseminate", is_leader | is_office)
rules.add_perm("disclosure.consult", is_leader)
rules.add_perm("disclosure.answer_comments", is_leader | owns)
rules.add_perm("disclosure.take_part", is_member)
rules.add_perm("disclosure.answer_requests", is_leader | is_office)
