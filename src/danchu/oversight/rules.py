"""Who may do what with the People's Inspection Board's work, as ``rules`` predicates.

The board's members act for the board; in a unit of 7 staff or fewer there is no board and
the union executive holds its rights (Law 10/2022 Art. 60). The union executive (or the
administrators, who type in the election record) keeps the terms and seats and approves the
programmes. The head answers recommendations and supplies documents; a deputy may, acting for
the head. Every member of the unit reads the board's work; petitions are read by the board and
their named authors only (the selectors narrow it).
"""

from __future__ import annotations

import rules

from danchu.core.models import Agency, Membership, Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city

SMALL_UNIT = 7  # Law 10/2022 Art. 60: no board at 7 staff or fewer


def staff_count(org: Agency) -> int:
    """The people working in the organisation today (any role in any of its units)."""
    return (
        Membership.objects.active()
        .filter(agency__path__startswith=org.path, person__is_active=True)
        .values("person_id")
        .distinct()
        .count()
    )


def is_small(org: Agency) -> bool:
    return staff_count(org) <= SMALL_UNIT


def _org(obj: object) -> Agency | None:
    agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    if not isinstance(agency, Agency):
        return None
    return agency.organisation or agency


is_member = holds_in_organisation(*[r.value for r in Role])
is_board_member = holds_in_organisation(Role.BOARD_MEMBER)
is_union = holds_in_organisation(Role.UNION_EXECUTIVE)
is_head = holds_in_organisation(Role.HEAD)
is_deputy = holds_in_organisation(Role.DEPUTY_HEAD)
is_office = holds_in_organisation(Role.SYSADMIN)


@rules.predicate
def union_in_small_unit(user: User, obj: object) -> bool:
    org = _org(obj)
    return org is not None and is_small(org)


acts_as_board = is_board_member | (is_union & union_in_small_unit)

rules.add_perm("oversight.view", is_member | reads_the_city)
rules.add_perm("oversight.act", acts_as_board)
rules.add_perm("oversight.manage_terms", is_union | is_office)
rules.add_perm("oversight.approve", is_union)
rules.add_perm("oversight.answer", is_head | is_deputy)
rules.add_perm("oversight.petition", is_member)
rules.add_perm("oversight.read_petitions", acts_as_board)
rules.add_perm("oversight.report", acts_as_board | is_union | is_head | is_deputy | reads_the_city)
