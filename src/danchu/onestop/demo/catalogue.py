"""The demo departments' procedure catalogues, loaded through procedure_save."""

from __future__ import annotations

import math
from dataclasses import dataclass

from danchu.core.models import Agency
from danchu.onestop import services
from danchu.onestop.demo.catalogue_khcn import KHCN_PROCEDURES
from danchu.onestop.demo.catalogue_tttt import TTTT
from danchu.onestop.demo.procedures import ProcedureData, process
from danchu.onestop.models import HOURS_PER_WORKING_DAY, Procedure, ProcedureStep, ProcedureVersion

# The catalogues as the national portal lists them. Codes are invented in the national pattern;
# names, fields, deadlines, fees and legal bases follow what a provincial Sở TT&TT and Sở KH&CN
# publish. Every procedure has the same five-step internal process whose allotted times add up
# exactly to its legal deadline (see ``process``).
CATALOGUES: dict[str, list[ProcedureData]] = {
    "000.00.13.H26": TTTT,
    "000.00.12.H26": KHCN_PROCEDURES,
}


@dataclass
class Item:
    """A procedure of the catalogue with its current version and its steps' allotments."""

    procedure: Procedure
    version: ProcedureVersion
    data: ProcedureData
    steps: list[ProcedureStep]

    @property
    def step_days(self) -> list[int]:
        return [math.ceil(s.allotted_hours / HOURS_PER_WORKING_DAY) for s in self.steps]


def _catalogue(agency: Agency, catalogue: list[ProcedureData]) -> list[Item]:
    saved = [
        services.procedure_save(
            actor=None,
            agency=agency,
            code=data.code,
            name=data.name,
            field=data.field,
            deadline_days=data.deadline_days,
            steps=process(data.deadline_days),
            documents=list(data.documents),
            fee=data.fee,
            online=data.online,
            legal_bases=data.legal_bases,
        )
        for data in catalogue
    ]
    versions = ProcedureVersion.objects.prefetch_related("steps").in_bulk(
        [p.current_id for p in saved]
    )
    items = []
    for procedure, data in zip(saved, catalogue, strict=True):
        version = versions[procedure.current_id]
        items.append(Item(procedure, version, data, list(version.steps.all())))
    return items
