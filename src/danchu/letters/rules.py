"""Who may do what with reception and letters, as ``rules`` predicates over (person, object).

Reading a letter (always the redacted copy): the head and deputies, the reception officers,
the inspection board (it supervises complaint handling), the letter's handling officer and
leader, and the steering committee (read only). Opening a protected identity is not a role:
only the people the head designated for that letter may, one recorded opening at a time.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from danchu.core.models import Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city
from danchu.letters.models import Letter

is_leader = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD)
is_head = holds_in_organisation(Role.HEAD)
is_reception = holds_in_organisation(Role.PETITIONS_OFFICER)
is_board = holds_in_organisation(Role.BOARD_MEMBER)
is_member = holds_in_organisation(*[r.value for r in Role])


@rules.predicate
def is_case_person(user: User, letter: Letter) -> bool:
    return isinstance(letter, Letter) and user.pk in (letter.handler_id, letter.leader_id)


@rules.predicate
def is_designated(user: User, letter: Letter) -> bool:
    if not isinstance(letter, Letter) or not letter.protected:
        return False
    return letter.designations.filter(
        person_id=user.pk, ended_at__isnull=True, designated_at__lte=timezone.now()
    ).exists()


rules.add_perm("letters.view", is_leader | is_reception | is_board | reads_the_city)
rules.add_perm(
    "letters.view_letter", is_leader | is_reception | is_board | is_case_person | reads_the_city
)
rules.add_perm("letters.receive", is_reception | is_leader)
rules.add_perm("letters.handle", is_reception | is_leader | is_case_person)
# Who handles and who answers for a case is decided by the reception office or a leader, not
# by the handler.
rules.add_perm("letters.assign", is_reception | is_leader)
rules.add_perm("letters.designate", is_head)
rules.add_perm("letters.open_vault", is_designated)
rules.add_perm("letters.view_openings", is_head | is_board)
rules.add_perm("letters.view_stats", is_member | reads_the_city)
