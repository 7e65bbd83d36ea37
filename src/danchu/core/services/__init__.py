"""Writes of the core app. Each service checks permission, validates, changes state and appends
its audit event in one transaction."""

from danchu.core.services.calendar_days import calendar_day_add, calendar_day_remove
from danchu.core.services.clock_rules import CLOCK_RULE_FIELDS, clock_rule_add
from danchu.core.services.common import require, snapshot
from danchu.core.services.credentials import (
    TOKEN_PREFIX,
    api_token_create,
    api_token_revoke,
    password_changed,
    token_hash,
)
from danchu.core.services.organisation import (
    AGENCY_FIELDS,
    INCOMPATIBLE,
    MEMBERSHIP_FIELDS,
    ORGANISATION_LEVEL,
    PATH_WIDTH,
    ROLE_PLACES,
    WORKPLACES,
    agency_create,
    agency_update,
    membership_add,
    membership_end,
    person_create,
    person_join,
    person_set_active,
    person_unlock,
)

__all__ = [
    "AGENCY_FIELDS",
    "CLOCK_RULE_FIELDS",
    "INCOMPATIBLE",
    "MEMBERSHIP_FIELDS",
    "ORGANISATION_LEVEL",
    "PATH_WIDTH",
    "ROLE_PLACES",
    "TOKEN_PREFIX",
    "WORKPLACES",
    "agency_create",
    "agency_update",
    "api_token_create",
    "api_token_revoke",
    "calendar_day_add",
    "calendar_day_remove",
    "clock_rule_add",
    "membership_add",
    "membership_end",
    "password_changed",
    "person_create",
    "person_join",
    "person_set_active",
    "person_unlock",
    "require",
    "snapshot",
    "token_hash",
]
