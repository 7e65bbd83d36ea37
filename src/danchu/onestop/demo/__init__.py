"""Demo data of the one-stop desk, on top of the organisation demo of ``danchu.core.demo``.

For each demo department: its procedure catalogue (through ``procedure_save``); a history of
dossiers received from 01/01/2021 to 15/09/2022, all resolved on time and returned, written with
bulk inserts and recorded by one audit event per department (Sở TT&TT: the 8,472 dossiers of the
seed report); and about fifty live dossiers of the last three months in every state, moved
through the services so that each step is audited like real work.

Idempotent: procedures are keyed on their national code, the history is skipped when the unit
already has dossiers received in 2021, the live dossiers when it has any received after
15/09/2022.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model

from danchu.core.models import Agency
from danchu.onestop.demo.applicants import BRANDS, DISTRICTS, ORGANISATIONS, STREETS, Applicant
from danchu.onestop.demo.catalogue import CATALOGUES, Item, _catalogue
from danchu.onestop.demo.common import COMMENTS, REJECTIONS, Desk, _desk
from danchu.onestop.demo.history import HISTORY_END, HISTORY_START, _history
from danchu.onestop.demo.live import _Live
from danchu.onestop.models import (
    Counter,
    Dossier,
    Handover,
    Pause,
    Procedure,
    ProcedureStep,
    ProcedureVersion,
    Rating,
    RequiredDocument,
    Slip,
)

__all__ = [
    "BRANDS",
    "CATALOGUES",
    "COMMENTS",
    "COUNTED",
    "DISTRICTS",
    "HISTORY_END",
    "HISTORY_SIZE",
    "HISTORY_START",
    "LIVE_MIX",
    "ORGANISATIONS",
    "REJECTIONS",
    "RESULT_SUFFIX",
    "STREETS",
    "Applicant",
    "DemoResult",
    "Desk",
    "Item",
    "load_demo",
]

# Per department: dossiers in the history, the symbol of its result documents, live scenarios.
HISTORY_SIZE = {"000.00.13.H26": 8472, "000.00.12.H26": 1500}
RESULT_SUFFIX = {"000.00.13.H26": "STTTT", "000.00.12.H26": "SKHCN"}
# How many live dossiers of each kind (see ``_Live``), per department.
LIVE_MIX = {
    "000.00.13.H26": {
        "returned": 8,
        "rated": 18,
        "late": 1,
        "decided": 3,
        "rejected": 1,
        "step2": 4,
        "step3": 2,
        "step4": 2,
        "due_soon": 3,
        "overdue": 3,
        "supplement": 3,
        "supplied": 2,
        "suspended": 1,
        "withdrawn": 2,
        "refused": 2,
    },
    "000.00.12.H26": {
        "returned": 5,
        "rated": 11,
        "late": 1,
        "decided": 2,
        "rejected": 1,
        "step2": 3,
        "step3": 2,
        "step4": 2,
        "due_soon": 3,
        "overdue": 3,
        "supplement": 2,
        "supplied": 2,
        "suspended": 1,
        "withdrawn": 2,
        "refused": 1,
    },
}
COUNTED: list[type[Model]] = [
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    ProcedureStep,
    Dossier,
    Handover,
    Pause,
    Slip,
    Rating,
    Counter,
]


@dataclass
class DemoResult:
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: int = 0


def load_demo() -> DemoResult:
    """Add the catalogues, the histories and the live dossiers that are missing."""
    before = _rows()
    for code, catalogue in CATALOGUES.items():
        agency = Agency.objects.filter(code=code).first()
        if agency is None:  # the organisation demo was not loaded
            continue
        desk = _desk(agency)
        rng = random.Random(f"onestop-{code}")  # noqa: S311 — demo data, not secrets
        with transaction.atomic():
            items = _catalogue(agency, catalogue)
        with transaction.atomic():
            _history(desk, items, HISTORY_SIZE[code], RESULT_SUFFIX[code], rng)
        with transaction.atomic():
            if not Dossier.objects.filter(agency=agency, received_on__gt=HISTORY_END).exists():
                _Live(desk, items, RESULT_SUFFIX[code], rng).run(LIVE_MIX[code])
    return DemoResult(created=_rows() - before)


def _rows() -> int:
    return sum(model._default_manager.count() for model in COUNTED)
