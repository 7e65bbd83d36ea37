"""Rules in force: an agency's own, stricter rule for a statutory clock."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import as_created, audit_record
from danchu.core.clocks import looser_field
from danchu.core.errors import DomainError
from danchu.core.models import Agency, ClockBound, ClockRule, User
from danchu.core.selectors import clock_rule_in_force
from danchu.core.services.common import _validate, require, snapshot

CLOCK_RULE_FIELDS = [
    "code",
    "applies_to",
    "length",
    "unit",
    "start_event",
    "pausable",
    "max_extensions",
    "extension_length",
    "legal_basis",
    "article",
    "effective_from",
    "effective_to",
    "agency_id",
]


def clock_rule_add(
    *,
    actor: User | None,
    agency: Agency,
    code: str,
    length: int,
    unit: str,
    effective_from: dt.date,
    legal_basis: str,
    effective_to: dt.date | None = None,
    max_extensions: int = 0,
    extension_length: int = 0,
    article: str = "",
) -> ClockRule:
    """An agency's own rule for a clock; refused unless stricter than the statute in force."""
    with transaction.atomic():
        require(actor, "core.add_clockrule", agency)
        if length is None or length <= 0:
            raise DomainError(
                "invalid",
                _("The length must be a positive number."),
                fields={"length": [_("Must be greater than 0.")]},
            )
        if effective_to is not None and effective_to < effective_from:
            message = _("The end of the rule's effect cannot be before its start.")
            raise DomainError("invalid", message, fields={"effective_to": [message]})
        statute = clock_rule_in_force(code=code, agency=None, on=effective_from)
        if statute.length == 0:
            raise DomainError(
                "rule_length_per_case",
                _("This clock's length is set case by case; it has no agency rule."),
                fields={"code": [_("Choose another clock.")]},
            )
        rule = ClockRule(
            code=code,
            applies_to=statute.applies_to,
            length=length,
            unit=unit,
            start_event=statute.start_event,
            pausable=statute.pausable,
            restarts_after_pause=statute.restarts_after_pause,
            bound=statute.bound,
            max_extensions=max_extensions,
            extension_length=extension_length,
            legal_basis=legal_basis.strip(),
            article=article.strip(),
            effective_from=effective_from,
            effective_to=effective_to,
            agency=agency,
        )
        _validate(rule)
        if statute.effective_to is not None and (
            effective_to is None or effective_to > statute.effective_to
        ):
            # A later statute may be stricter than this rule: the rule must end with the statute.
            rule.effective_to = statute.effective_to
        field = looser_field(rule, statute)
        if field is not None:
            extensions = (
                _(", extendable %(n)d time(s) by %(len)d %(unit)s each")
                % {
                    "n": statute.max_extensions,
                    "len": statute.extension_length,
                    "unit": statute.get_unit_display(),
                }
                if statute.max_extensions
                else ""
            )
            template = (
                _(
                    "A unit may only make a rule stricter: the statute gives at least "
                    "%(length)d %(unit)s (%(basis)s)."
                )
                if statute.bound == ClockBound.MINIMUM
                else _(
                    "A unit may only make a rule stricter: the statute allows at most "
                    "%(length)d %(unit)s%(extensions)s (%(basis)s)."
                )
            )
            message = template % {
                "length": statute.length,
                "unit": statute.get_unit_display(),
                "extensions": extensions,
                "basis": statute.legal_basis,
            }
            raise DomainError("rule_looser_than_statute", message, fields={field: [message]})
        rule.save()
        audit_record(
            actor=actor,
            agency=agency,
            verb="clock_rule.add",
            obj=rule,
            changes=as_created(snapshot(rule, CLOCK_RULE_FIELDS)),
        )
        return rule
