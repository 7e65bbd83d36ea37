"""Writes of the city's inspections: each checks permission, validates, writes and audits in
one transaction.

Life of an inspection: planned → (periodic) announced → in progress → concluded → closed; a
surprise inspection goes from planned straight to in progress, so the unit learns of it only
then. The unit's self-report is drafted, figures computed from its records, when it learns of
the inspection; it refreshes its figures while it is a draft and freezes them on submission.
Concluding needs a finding for every criterion and turns each requirement into a task with
one lead in the unit, assigned in the name of the unit's head; closing needs every such task
accepted as done.

Dates: a person acts today; only the system (``actor=None``: the demo, imports of earlier
records) gives another day with ``on``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import counters
from danchu.core.audit import as_created, audit_record
from danchu.core.errors import DomainError, invalid
from danchu.core.figures import Section, unit_sections
from danchu.core.models import Agency, AgencyKind, Membership, Role, User
from danchu.core.services.common import require
from danchu.inspections.models import (
    GROUP_ORDER,
    SETTLED_TASK_STATES,
    Counter,
    Criterion,
    Finding,
    Group,
    Inspection,
    Kind,
    Member,
    Plan,
    PlanState,
    Rating,
    ReportState,
    Requirement,
    Scoring,
    SelfReport,
    State,
)
from danchu.tasks import services as tasks
from danchu.tasks.models import SourceKind

PROSE_KEYS = ("overview", "proposals")
MAX_PROSE = 20_000


def today() -> dt.date:
    return timezone.localdate()


def _day(actor: User | None, on: dt.date | None) -> dt.date:
    """A person acts today; the system may record an earlier day."""
    return on if actor is None and on is not None else today()


def _record(
    actor: User | None, obj: Any, agency: Agency, verb: str, changes: dict[str, Any]
) -> None:
    audit_record(actor=actor, agency=agency, verb=verb, obj=obj, changes=changes)


def _too_long(**values: str) -> dict[str, list[str]]:
    return {
        name: [_("At most %(n)d characters.") % {"n": 500}]
        for name, value in values.items()
        if len(value or "") > 500
    }


def _committee_errors(committee: Agency) -> None:
    if committee.kind != AgencyKind.COMMITTEE:
        raise DomainError("not_committee", _("Inspections are planned by a steering committee."))


def _city_path(agency: Agency) -> str:
    return agency.path.split(".")[0] + "."


def _is_steering_member(person: User, committee: Agency, on: dt.date) -> bool:
    return (
        Membership.objects.active(on)
        .filter(person=person, agency=committee, role=Role.STEERING_MEMBER)
        .exists()
    )


def _lock(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("agency", "committee", "plan")
        .get(pk=inspection.pk)
    )


def _must_be(inspection: Inspection, *states: str) -> None:
    if inspection.state not in states:
        raise DomainError(
            "wrong_state",
            _("This inspection is %(state)s: that cannot be done now.")
            % {"state": inspection.get_state_display().lower()},
        )


# The checklist -----------------------------------------------------------------------------


@transaction.atomic
def criterion_create(
    *,
    actor: User | None,
    committee: Agency,
    group: str,
    code: str,
    title: str,
    evidence: str,
    scoring: str,
    max_points: int | None,
    guide: str,
) -> Criterion:
    """Add a line to the committee's checklist. A criterion needs what evidence satisfies it
    and how it is scored (the method, the maximum points and the guide)."""
    _committee_errors(committee)
    require(actor, "inspections.plan", committee)
    errors: dict[str, list[str]] = {}
    if group not in Group.values:
        errors["group"] = [_("Choose the group of the criterion.")]
    if not code.strip():
        errors["code"] = [_("Give the criterion a code, e.g. 3.2.")]
    elif len(code.strip()) > 12:
        errors["code"] = [_("At most %(n)d characters.") % {"n": 12}]
    elif Criterion.objects.filter(agency=committee, code=code.strip()).exists():
        errors["code"] = [_("The checklist already has a criterion with this code.")]
    if not title.strip():
        errors["title"] = [_("Say what is checked.")]
    if not evidence.strip():
        errors["evidence"] = [_("Say what evidence satisfies the criterion.")]
    if scoring not in Scoring.values:
        errors["scoring"] = [_("Choose how the criterion is scored.")]
    if not max_points or max_points <= 0 or max_points > 100:
        errors["max_points"] = [_("Give the criterion's points: between 1 and 100.")]
    if not guide.strip():
        errors["guide"] = [_("Say how the criterion is scored.")]
    errors |= _too_long(title=title)
    invalid(errors)
    assert max_points is not None
    criterion = Criterion.objects.create(
        agency=committee,
        group=group,
        code=code.strip(),
        title=title.strip(),
        evidence=evidence.strip(),
        scoring=scoring,
        max_points=max_points,
        guide=guide.strip(),
    )
    _record(
        actor,
        criterion,
        committee,
        "criterion.create",
        as_created({"code": criterion.code, "group": group, "max_points": max_points}),
    )
    return criterion


@transaction.atomic
def criterion_retire(*, actor: User | None, criterion: Criterion) -> Criterion:
    """Take a criterion out of use for inspections planned from now on (those planned keep
    it)."""
    require(actor, "inspections.plan", criterion)
    if criterion.is_active:
        criterion.is_active = False
        criterion.save(update_fields=["is_active"])
        _record(
            actor, criterion, criterion.agency, "criterion.retire", {"is_active": [True, False]}
        )
    return criterion


# Plans -------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    committee: Agency,
    year: int | None,
    title: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> Plan:
    _committee_errors(committee)
    require(actor, "inspections.plan", committee)
    errors: dict[str, list[str]] = {}
    if not year or not 2000 <= year <= 2100:
        errors["year"] = [_("Give the plan's year.")]
    elif Plan.objects.filter(agency=committee, year=year).exists():
        errors["year"] = [_("The committee already has a plan for %(year)s.") % {"year": year}]
    if not title.strip():
        errors["title"] = [_("Give the plan a title.")]
    errors |= _too_long(title=title)
    if len(decision_number) > 60:
        errors["decision_number"] = [_("At most %(n)d characters.") % {"n": 60}]
    invalid(errors)
    assert year is not None
    plan = Plan.objects.create(
        agency=committee,
        year=year,
        title=title.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        created_by=actor,
    )
    _record(actor, plan, committee, "inspection_plan.create", as_created({"year": year}))
    return plan


@transaction.atomic
def plan_approve(*, actor: User | None, plan: Plan, on: dt.date | None = None) -> Plan:
    require(actor, "inspections.plan", plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise DomainError("approved", _("This plan is already approved."))
    if not Inspection.objects.filter(plan=plan).exists():
        raise DomainError("empty_plan", _("Add the plan's inspections before approving it."))
    plan.state, plan.approved_on = PlanState.APPROVED, _day(actor, on)
    plan.save(update_fields=["state", "approved_on"])
    _record(actor, plan, plan.agency, "inspection_plan.approve", {"state": ["draft", "approved"]})
    return plan


# Inspections -------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *,
    actor: User | None,
    plan: Plan,
    unit: Agency | None,
    kind: str,
    scheduled_on: dt.date | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    leader: User | None,
    members: Sequence[User] = (),
    criteria: Sequence[Criterion] | None = None,
    scope_note: str = "",
    on: dt.date | None = None,
) -> Inspection:
    """Put an inspection of ``unit`` into ``plan``: periodic ones while the plan is a draft or
    after, surprise ones at any time. The unit must be in the committee's city; the delegation
    (its leader and members) are members of the committee; the criteria default to the whole
    checklist in use. The unit sees nothing of it yet."""
    committee = plan.agency
    require(actor, "inspections.plan", plan)
    day = _day(actor, on)
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose periodic or surprise.")]
    if unit is None:
        errors["unit"] = [_("Choose the unit to inspect.")]
    elif not unit.path.startswith(_city_path(committee)) or unit.kind == AgencyKind.COMMITTEE:
        errors["unit"] = [_("The committee inspects only units of its own city.")]
    elif not unit.is_active:
        errors["unit"] = [_("This unit no longer exists.")]
    elif unit.organisation_id not in (None, unit.pk):
        # A division reports through its department: the figures, the self-report and the
        # requirements' head are the organisation's.
        errors["unit"] = [
            _(
                "Inspect an organisation (a department, a commune, a subordinate unit with "
                "its own staff)."
            )
        ]
    if scheduled_on is None:
        errors["scheduled_on"] = [_("Give the date of the inspection.")]
    elif scheduled_on.year != plan.year:
        errors["scheduled_on"] = [
            _("The date must fall in the plan's year (%(year)s).") % {"year": plan.year}
        ]
    if period_start is None:
        errors["period_start"] = [_("Give the start of the period the unit reports on.")]
    if period_end is None:
        errors["period_end"] = [_("Give the end of the period the unit reports on.")]
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = [_("The end date is before the start date.")]
    elif scheduled_on is not None and period_end > scheduled_on:
        errors["period_end"] = [_("The period reported on must end by the inspection's date.")]
    if leader is None:
        errors["leader"] = [_("Choose the leader of the delegation.")]
    else:
        people = [leader, *[m for m in members if m.pk != leader.pk]]
        outside = [p for p in people if not _is_steering_member(p, committee, day)]
        inside = [p for p in people if unit is not None and _works_in(p, unit)]
        if outside:
            errors["members"] = [
                _("%(name)s is not a member of the steering committee.")
                % {"name": outside[0].get_full_name()}
            ]
        elif inside:
            errors["members"] = [
                _("%(name)s works in the inspected unit and cannot inspect it.")
                % {"name": inside[0].get_full_name()}
            ]
    chosen = list(criteria) if criteria is not None else None
    if chosen is not None and any(c.agency_id != committee.pk or not c.is_active for c in chosen):
        errors["criteria"] = [_("Choose criteria of the committee's checklist in use.")]
    elif chosen is None:
        chosen = list(Criterion.objects.filter(agency=committee, is_active=True))
    if not chosen and "criteria" not in errors:
        errors["criteria"] = [_("The inspection needs at least one criterion.")]
    invalid(errors)
    assert unit is not None and leader is not None
    assert scheduled_on and period_start and period_end
    inspection = Inspection.objects.create(
        plan=plan,
        committee=committee,
        agency=unit,
        number=counters.next_number(Counter, committee, f"inspection:{plan.year}"),
        kind=kind,
        scheduled_on=scheduled_on,
        period_start=period_start,
        period_end=period_end,
        scope_note=scope_note.strip(),
        created_by=actor,
    )
    inspection.criteria.set(chosen)
    Member.objects.bulk_create(
        [Member(inspection=inspection, person=leader, is_leader=True)]
        + [Member(inspection=inspection, person=m) for m in members if m.pk != leader.pk]
    )
    # Recorded in the committee's chain: the unit's audit must not reveal a surprise.
    _record(
        actor,
        inspection,
        committee,
        "inspection.create",
        as_created(
            {
                "unit": unit.name,
                "kind": kind,
                "scheduled_on": scheduled_on,
                "leader": leader.get_full_name(),
                "members": [m.get_full_name() for m in members],
                "criteria": len(chosen),
            }
        ),
    )
    return inspection


def _figures(inspection: Inspection) -> list[dict[str, Any]]:
    sections = unit_sections(
        agency=inspection.agency, start=inspection.period_start, end=inspection.period_end
    )
    return [section_data(s) for s in sections]


def section_data(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": str(section.title),
        "figures": [
            {
                "key": f.key,
                "label": str(f.label),
                "value": f.value.isoformat() if isinstance(f.value, dt.date) else f.value,
                "kind": f.kind,
                "shown": f.shown,
            }
            for f in section.figures
        ],
    }


def _draft_report(inspection: Inspection) -> SelfReport:
    report, _created = SelfReport.objects.get_or_create(
        inspection=inspection,
        defaults={"figures": _figures(inspection), "computed_at": timezone.now()},
    )
    return report


@transaction.atomic
def inspection_announce(
    *, actor: User | None, inspection: Inspection, on: dt.date | None = None
) -> Inspection:
    """Tell the unit of a periodic inspection: it sees it from now on, with its self-report
    drafted from its records for the period."""
    require(actor, "inspections.plan", inspection)
    inspection = _lock(inspection)
    if inspection.kind != Kind.PERIODIC:
        raise DomainError(
            "surprise",
            _("A surprise inspection is not announced: the unit learns of it when it starts."),
        )
    _must_be(inspection, State.PLANNED)
    inspection.state, inspection.announced_on = State.ANNOUNCED, _day(actor, on)
    inspection.save(update_fields=["state", "announced_on"])
    _draft_report(inspection)
    _record(
        actor,
        inspection,
        inspection.agency,
        "inspection.announce",
        {"state": [State.PLANNED, State.ANNOUNCED]},
    )
    return inspection


@transaction.atomic
def inspection_start(
    *, actor: User | None, inspection: Inspection, on: dt.date | None = None
) -> Inspection:
    """The delegation's leader opens the inspection at the unit: a periodic one once
    announced, a surprise one from its plan (the unit learns of it now and gets its
    self-report drafted)."""
    require(actor, "inspections.lead", inspection)
    inspection = _lock(inspection)
    before = inspection.state
    if inspection.kind == Kind.PERIODIC:
        _must_be(inspection, State.ANNOUNCED)
    else:
        _must_be(inspection, State.PLANNED)
    inspection.state, inspection.started_on = State.IN_PROGRESS, _day(actor, on)
    inspection.save(update_fields=["state", "started_on"])
    _draft_report(inspection)
    _record(
        actor,
        inspection,
        inspection.agency,
        "inspection.start",
        {"state": [before, State.IN_PROGRESS], "kind": [None, inspection.kind]},
    )
    return inspection


@transaction.atomic
def inspection_cancel(*, actor: User | None, inspection: Inspection, reason: str) -> Inspection:
    require(actor, "inspections.plan", inspection)
    inspection = _lock(inspection)
    _must_be(inspection, State.PLANNED, State.ANNOUNCED)
    if not reason.strip():
        invalid({"reason": [_("Say why the inspection is cancelled.")]})
    before = inspection.state
    inspection.state, inspection.cancel_reason = State.CANCELLED, reason.strip()
    inspection.save(update_fields=["state", "cancel_reason"])
    # A surprise inspection cancelled before it started stays unknown to the unit.
    chain = inspection.agency if before == State.ANNOUNCED else inspection.committee
    _record(actor, inspection, chain, "inspection.cancel", {"state": [before, State.CANCELLED]})
    return inspection


# The self-report ---------------------------------------------------------------------------


def _before_conclusion(report: SelfReport) -> None:
    if report.inspection.state not in (State.ANNOUNCED, State.IN_PROGRESS):
        raise DomainError(
            "concluded", _("The inspection is concluded: the self-report can no longer change.")
        )


def _report_lock(report: SelfReport) -> SelfReport:
    return (
        SelfReport.objects.select_for_update(of=("self",))
        .select_related("inspection__agency", "inspection__committee")
        .get(pk=report.pk)
    )


@transaction.atomic
def self_report_refresh(*, actor: User | None, report: SelfReport) -> SelfReport:
    """Compute the figures again from the records (a draft only)."""
    report = _report_lock(report)
    require(actor, "inspections.report", report.inspection)
    if report.state != ReportState.DRAFT:
        raise DomainError("submitted", _("The report is submitted: its figures are final."))
    report.figures, report.computed_at = _figures(report.inspection), timezone.now()
    report.save(update_fields=["figures", "computed_at"])
    _record(actor, report, report.inspection.agency, "self_report.refresh", {})
    return report


def prose_keys(report: SelfReport) -> list[str]:
    """The parts of the report the unit writes: an overview, a text per section of figures,
    its proposals."""
    return ["overview", *[s["key"] for s in report.figures], "proposals"]


@transaction.atomic
def self_report_edit(
    *, actor: User | None, report: SelfReport, prose: dict[str, str]
) -> SelfReport:
    """The unit writes the text around the figures; the figures themselves are not
    editable."""
    report = _report_lock(report)
    require(actor, "inspections.report", report.inspection)
    if report.state != ReportState.DRAFT:
        raise DomainError("submitted", _("The report is submitted: it can no longer change."))
    _before_conclusion(report)
    allowed = set(prose_keys(report))
    errors: dict[str, list[str]] = {}
    for key, text in prose.items():
        if key not in allowed:
            errors[key] = [_("The figures are computed from the records: they cannot be typed.")]
        elif len(text or "") > MAX_PROSE:
            errors[key] = [_("At most %(n)d characters.") % {"n": MAX_PROSE}]
    invalid(errors)
    old = dict(report.prose)
    new = {**old, **{k: (v or "").strip() for k, v in prose.items()}}
    report.prose = new
    report.save(update_fields=["prose"])
    changed = sorted(k for k in new if new.get(k) != old.get(k))
    _record(actor, report, report.inspection.agency, "self_report.edit", {"parts": changed})
    return report


@transaction.atomic
def self_report_submit(
    *, actor: User | None, report: SelfReport, on: dt.date | None = None
) -> SelfReport:
    """Send the report to the delegation with its figures as they stand now (computed again
    at this moment, then frozen)."""
    report = _report_lock(report)
    require(actor, "inspections.report", report.inspection)
    if report.state != ReportState.DRAFT:
        raise DomainError("submitted", _("The report is already submitted."))
    _before_conclusion(report)
    if not (report.prose.get("overview") or "").strip():
        invalid({"overview": [_("Write the report's overview before submitting it.")]})
    if report.inspection.period_end > _day(actor, on):
        raise DomainError(
            "period_open",
            _("The period reported on ends on %(day)s: its figures are final from then on.")
            % {"day": report.inspection.period_end.strftime("%d/%m/%Y")},
        )
    report.figures, report.computed_at = _figures(report.inspection), timezone.now()
    report.state, report.submitted_on = ReportState.SUBMITTED, _day(actor, on)
    report.submitted_by = actor
    report.save(update_fields=["figures", "computed_at", "state", "submitted_on", "submitted_by"])
    _record(
        actor,
        report,
        report.inspection.agency,
        "self_report.submit",
        {"state": [ReportState.DRAFT, ReportState.SUBMITTED]},
    )
    return report


# Findings and the conclusion ---------------------------------------------------------------


def points_for(criterion: Criterion, rating: str, points: int | None) -> int | None:
    """Points of a finding: a met/partly/not-met criterion scores its maximum, half (rounded
    down) or nothing; a points criterion takes the delegation's figure (None when missing)."""
    if criterion.scoring == Scoring.MET:
        shares: dict[str, int] = {
            Rating.MET: criterion.max_points,
            Rating.PARTLY: criterion.max_points // 2,
            Rating.NOT_MET: 0,
        }
        return shares.get(rating)
    return points


@transaction.atomic
def finding_record(
    *,
    actor: User,
    inspection: Inspection,
    criterion: Criterion,
    rating: str,
    note: str,
    points: int | None = None,
) -> Finding:
    """A member of the delegation records (or corrects) what was found on one criterion."""
    require(actor, "inspections.find", inspection)
    inspection = _lock(inspection)
    _must_be(inspection, State.IN_PROGRESS)
    errors: dict[str, list[str]] = {}
    if not inspection.criteria.filter(pk=criterion.pk).exists():
        errors["criterion"] = [_("Choose a criterion of this inspection.")]
    if rating not in Rating.values:
        errors["rating"] = [_("Say whether the criterion is met.")]
    if not note.strip():
        errors["note"] = [_("Say what the delegation found and on what evidence.")]
    scored = points_for(criterion, rating, points)
    if criterion.scoring == Scoring.POINTS and (
        scored is None or not 0 <= scored <= criterion.max_points
    ):
        errors["points"] = [
            _("Give the points: between 0 and %(max)d.") % {"max": criterion.max_points}
        ]
    invalid(errors)
    assert scored is not None
    old = Finding.objects.filter(inspection=inspection, criterion=criterion).first()
    before = {"rating": old.rating, "points": old.points} if old else {}
    finding, _created = Finding.objects.update_or_create(
        inspection=inspection,
        criterion=criterion,
        defaults={"rating": rating, "points": scored, "note": note.strip(), "recorded_by": actor},
    )
    _record(
        actor,
        finding,
        inspection.committee,
        "inspection.finding",
        {
            "criterion": criterion.code,
            "rating": [before.get("rating"), rating],
            "points": [before.get("points"), scored],
        },
    )
    return finding


@dataclass(frozen=True)
class RequirementIn:
    text: str
    lead: User | None
    due_on: dt.date | None
    group: str = ""


def _works_in(person: User, unit: Agency) -> bool:
    org = unit.organisation or unit
    return (
        person.is_active
        and Membership.objects.active()
        .filter(person=person, agency__path__startswith=org.path)
        .exists()
    )


def _head_of(unit: Agency, on: dt.date) -> User | None:
    org = unit.organisation or unit
    membership = (
        Membership.objects.active(on)
        .filter(agency=org, role=Role.HEAD)
        .select_related("person")
        .order_by("-start", "pk")
        .first()
    )
    return membership.person if membership else None


@transaction.atomic
def inspection_conclude(
    *,
    actor: User | None,
    inspection: Inspection,
    conclusion: str,
    requirements: Sequence[RequirementIn],
    conclusion_number: str = "",
    without_requirements: bool = False,
    on: dt.date | None = None,
) -> Inspection:
    """The leader concludes: every criterion has a finding; each requirement becomes a task
    in the unit with one lead (a person working there) and a deadline, assigned in the name of
    the unit's head, who accepts its completion. Nothing is written if anything is wrong."""
    require(actor, "inspections.lead", inspection)
    inspection = _lock(inspection)
    _must_be(inspection, State.IN_PROGRESS)
    day = _day(actor, on)
    errors: dict[str, list[str]] = {}
    if not conclusion.strip():
        errors["conclusion"] = [_("Write the conclusion.")]
    if len(conclusion_number) > 60:
        errors["conclusion_number"] = [_("At most %(n)d characters.") % {"n": 60}]
    missing = inspection.criteria.exclude(
        pk__in=Finding.objects.filter(inspection=inspection).values("criterion")
    ).order_by(GROUP_ORDER, "code")
    if missing.exists():
        errors["findings"] = [
            _("Record a finding on every criterion first; missing: %(codes)s.")
            % {"codes": ", ".join(c.code for c in missing)}
        ]
    if not requirements and not without_requirements:
        errors["requirements"] = [
            _(
                "Give the conclusion's requirements, or confirm that it has none (it cannot be "
                "changed afterwards)."
            )
        ]
    for i, req in enumerate(requirements, 1):
        if not req.text.strip():
            errors[f"requirements.{i}.text"] = [_("Say what the unit must do.")]
        if req.lead is None:
            errors[f"requirements.{i}.lead"] = [
                _("Requirement %(n)d has no lead: choose the one person in the unit who leads it.")
                % {"n": i}
            ]
        elif not _works_in(req.lead, inspection.agency):
            errors[f"requirements.{i}.lead"] = [
                _("%(name)s does not work in the inspected unit.")
                % {"name": req.lead.get_full_name()}
            ]
        if req.due_on is None:
            errors[f"requirements.{i}.due_on"] = [
                _("Give requirement %(n)d a deadline.") % {"n": i}
            ]
        elif req.due_on < day:
            errors[f"requirements.{i}.due_on"] = [_("The deadline cannot be in the past.")]
        if req.group and req.group not in Group.values:
            errors[f"requirements.{i}.group"] = [_("Choose the group of the requirement.")]
    head = _head_of(inspection.agency, day)
    if requirements and head is None:
        errors["requirements"] = [
            _("The unit has no head today to assign the requirements' tasks in the name of.")
        ]
    invalid(errors)
    for i, req in enumerate(requirements, 1):
        assert req.lead is not None and req.due_on is not None
        try:
            task = tasks.task_create(
                actor=None,
                assigner=head,
                agency=inspection.agency,
                title=req.text.strip()[:500],
                description=req.text.strip(),
                deliverable=_("A report on carrying out the requirement, with evidence"),
                authority=_(
                    "Conclusion of the QCDC inspection %(number)s of the steering committee"
                )
                % {"number": conclusion_number.strip() or str(inspection)},
                leads=[req.lead],
                start_on=day,
                due_on=req.due_on,
                source_kind=SourceKind.INSPECTION,
                source_id=inspection.pk,
                source_label=_("QCDC inspection %(year)s/%(number)s")
                % {"year": inspection.plan.year, "number": inspection.number},
                assigned_on=day,
            )
        except DomainError as exc:
            fields = {f"requirements.{i}.{k}": v for k, v in exc.fields.items()}
            raise DomainError(exc.code, exc.message, fields=fields or None) from exc
        Requirement.objects.create(
            inspection=inspection, number=i, group=req.group, text=req.text.strip(), task=task
        )
    inspection.state, inspection.concluded_on = State.CONCLUDED, day
    inspection.conclusion = conclusion.strip()
    inspection.conclusion_number = conclusion_number.strip()
    inspection.save(update_fields=["state", "concluded_on", "conclusion", "conclusion_number"])
    _record(
        actor,
        inspection,
        inspection.agency,
        "inspection.conclude",
        {
            "state": [State.IN_PROGRESS, State.CONCLUDED],
            "requirements": [r.text.strip()[:120] for r in requirements],
        },
    )
    return inspection


def open_requirements(inspection: Inspection) -> list[Requirement]:
    return [
        r
        for r in inspection.requirements.select_related("task")
        if r.task.state not in SETTLED_TASK_STATES
    ]


@transaction.atomic
def inspection_close(
    *, actor: User | None, inspection: Inspection, on: dt.date | None = None
) -> Inspection:
    """The committee closes a concluded inspection once every requirement's task is done."""
    require(actor, "inspections.plan", inspection)
    inspection = _lock(inspection)
    _must_be(inspection, State.CONCLUDED)
    still = open_requirements(inspection)
    if still:
        raise DomainError(
            "requirements_open",
            _("%(n)d requirement(s) are not met yet: %(numbers)s.")
            % {"n": len(still), "numbers": ", ".join(str(r.number) for r in still)},
        )
    inspection.state, inspection.closed_on = State.CLOSED, _day(actor, on)
    inspection.save(update_fields=["state", "closed_on"])
    _record(
        actor,
        inspection,
        inspection.agency,
        "inspection.close",
        {"state": [State.CONCLUDED, State.CLOSED]},
    )
    return inspection


@transaction.atomic
def requirement_withdraw(
    *, actor: User | None, requirement: Requirement, reason: str
) -> Requirement:
    """The committee withdraws a requirement it no longer holds the unit to (its task is
    cancelled, with the reason); the unit itself cannot cancel or extend it."""
    inspection = _lock(requirement.inspection)
    require(actor, "inspections.plan", inspection)
    _must_be(inspection, State.CONCLUDED)
    if not reason.strip():
        invalid({"reason": [_("Say why the requirement is withdrawn.")]})
    requirement = Requirement.objects.select_related("task").get(pk=requirement.pk)
    if requirement.task.state in SETTLED_TASK_STATES:
        raise DomainError("settled", _("This requirement is already done or withdrawn."))
    tasks.task_cancel(actor=None, task=requirement.task, reason=reason.strip())
    _record(
        actor,
        requirement,
        inspection.agency,
        "requirement.withdraw",
        {"number": requirement.number, "reason": reason.strip()},
    )
    return requirement
