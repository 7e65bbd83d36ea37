"""Who may do what with the city's inspections of QCDC, as ``rules`` predicates.

The steering committee's members keep the checklist, make the plans, add inspections (surprise
ones included), announce and cancel them, see all of them and close them when every
requirement is met. The delegation's members record findings; its leader starts the
inspection and writes the conclusion with its requirements. In the inspected unit, every
member reads an inspection once it is visible to the unit (a periodic one from its
announcement, a surprise one from its start); the head, the deputies and the unit's
administrators write and submit the self-report. The requirements' tasks are followed in the
tasks app, by their leads.
"""

from __future__ import annotations

import rules

from danchu.core.models import Agency, Role, User
from danchu.core.rules import holds_at_organisation, holds_in_organisation
from danchu.core.scope import scope_for


def _committee(obj: object) -> Agency | None:
    if isinstance(obj, Agency):
        return obj
    inspection = getattr(obj, "inspection", obj)
    committee = getattr(inspection, "committee", None)
    if isinstance(committee, Agency):
        return committee
    agency = getattr(obj, "agency", None)  # a plan or a criterion: its agency is the committee
    return agency if isinstance(agency, Agency) else None


@rules.predicate
def on_the_committee(user: User, obj: object) -> bool:
    committee = _committee(obj)
    scope = scope_for(user)
    if committee is None:
        return False
    return scope.is_superuser or any(
        g.role == Role.STEERING_MEMBER and g.path == committee.path for g in scope.grants
    )


@rules.predicate
def in_the_delegation(user: User, obj: object) -> bool:
    inspection = getattr(obj, "inspection", obj)
    members = getattr(inspection, "members", None)
    return members is not None and members.filter(person=user).exists()


@rules.predicate
def leads_the_delegation(user: User, obj: object) -> bool:
    inspection = getattr(obj, "inspection", obj)
    members = getattr(inspection, "members", None)
    return members is not None and members.filter(person=user, is_leader=True).exists()


@rules.predicate
def visible_to_unit(user: User, obj: object) -> bool:
    from danchu.inspections.models import Inspection, Kind, State

    inspection = getattr(obj, "inspection", obj)
    if not isinstance(inspection, Inspection):
        return False
    if inspection.state in (State.IN_PROGRESS, State.CONCLUDED, State.CLOSED):
        return True
    return inspection.kind == Kind.PERIODIC and inspection.state == State.ANNOUNCED


is_unit_member = holds_in_organisation(*[r.value for r in Role])
# On the organisation itself: a subordinate unit's head does not write the department's report.
writes_self_report = holds_at_organisation(Role.HEAD, Role.DEPUTY_HEAD, Role.SYSADMIN)


@rules.predicate
def hidden_surprise(user: User, obj: object) -> bool:
    """A surprise not yet started, and the person works in the inspected organisation (a
    department's head may sit on the steering committee) without being in the delegation:
    they must not learn of it."""
    from danchu.inspections.models import Inspection, Kind, State

    inspection = getattr(obj, "inspection", obj)
    if not isinstance(inspection, Inspection):
        return False
    if inspection.kind != Kind.SURPRISE or inspection.state != State.PLANNED:
        return False
    return is_unit_member(user, inspection) and not in_the_delegation(user, inspection)


rules.add_perm("inspections.plan", on_the_committee & ~hidden_surprise)
rules.add_perm(
    "inspections.view", (on_the_committee & ~hidden_surprise) | (visible_to_unit & is_unit_member)
)
rules.add_perm("inspections.find", in_the_delegation)
rules.add_perm("inspections.lead", leads_the_delegation)
rules.add_perm("inspections.report", visible_to_unit & writes_self_report)
