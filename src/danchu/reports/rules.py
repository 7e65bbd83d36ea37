"""Who reads a unit's QCDC report and the city's dashboard.

A unit's report (its figures, the Word and Excel files) is read by the unit's head, deputies,
union executive and administrators, and by the city's steering committee. The city dashboard
compares every organisation of the city: it is the steering committee's (read only).
"""

from __future__ import annotations

import rules

from danchu.core.models import Agency, Role, User
from danchu.core.rules import holds_at_organisation, reads_the_city
from danchu.core.scope import scope_for

# Held on the organisation itself: the head of a subordinate unit does not read the
# department's report.
reads_unit_report = (
    holds_at_organisation(Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE, Role.SYSADMIN)
    | reads_the_city
)


@rules.predicate
def sits_on_the_committee(user: User, city: Agency | None) -> bool:
    """A member of a steering committee of ``city`` (the root organisation above it)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    if city is None:
        return False
    return any(
        g.role == Role.STEERING_MEMBER and g.path.startswith(city.path) for g in scope.grants
    )


rules.add_perm("reports.view_unit", reads_unit_report)
rules.add_perm("reports.view_city", sits_on_the_committee)
