"""Who may do what with plans and tasks, as ``rules`` predicates.

Every member reads the tasks they take part in (the selectors narrow the rest); the leaders,
the board and the administrators read all of the organisation's; the head, the deputies and
the division heads assign and keep plans; the lead (the person, or the head of the lead unit)
reports progress, asks for more time and submits the completion; the supporters report
progress; the assigner (or the head) decides extensions and accepts or returns the work.
"""

from __future__ import annotations

import rules

from danchu.core.models import Role, User
from danchu.core.rules import holds_in_organisation, reads_the_city
from danchu.core.scope import scope_for
from danchu.tasks.models import Task

is_member = holds_in_organisation(*[r.value for r in Role])
is_head = holds_in_organisation(Role.HEAD)
is_leader = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD)
is_assigner = holds_in_organisation(Role.HEAD, Role.DEPUTY_HEAD, Role.DIVISION_HEAD)
is_office = holds_in_organisation(Role.SYSADMIN)
is_board = holds_in_organisation(Role.BOARD_MEMBER, Role.UNION_EXECUTIVE)


@rules.predicate
def leads(user: User, task: object) -> bool:
    """The lead person, or the head of the lead unit (its division head, or the head of a
    subordinate unit) — not the department's head above it, who assigns and accepts."""
    if not isinstance(task, Task):
        return False
    if task.lead_person_id is not None:
        return task.lead_person_id == user.pk
    lead_unit = task.lead_unit
    if lead_unit is None:
        return False
    return any(
        g.path.startswith(lead_unit.path) and g.role in (Role.DIVISION_HEAD, Role.HEAD)
        for g in scope_for(user).grants
    )


@rules.predicate
def supports(user: User, task: object) -> bool:
    if not isinstance(task, Task):
        return False
    scope = scope_for(user)
    for s in task.supports.select_related("unit"):
        if s.person_id == user.pk:
            return True
        if s.unit is not None and scope.roles_over(s.unit.path) & {
            Role.DIVISION_HEAD,
            Role.STAFF,
        }:
            return True
    return False


@rules.predicate
def assigned_it(user: User, task: object) -> bool:
    return isinstance(task, Task) and task.assigner_id == user.pk


rules.add_perm("tasks.view", is_member | reads_the_city)
rules.add_perm("tasks.view_all", is_leader | is_office | is_board | reads_the_city)
rules.add_perm("tasks.assign", is_assigner)
rules.add_perm("tasks.manage_plans", is_leader | is_office)
rules.add_perm("tasks.report", leads | supports)
rules.add_perm("tasks.lead", leads)
rules.add_perm("tasks.decide", assigned_it | is_head)
