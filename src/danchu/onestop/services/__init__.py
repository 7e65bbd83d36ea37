"""Writes of the one-stop desk. Every service checks permission, validates, changes state and
appends its audit event in one transaction; side effects (mail) run after commit."""

from danchu.onestop.services.catalogue import (
    DocumentSpec,
    StepSpec,
    procedure_form_add,
    procedure_form_remove,
    procedure_save,
    procedure_set_published,
)
from danchu.onestop.services.citizens import dossier_mark_overdue, dossier_rate
from danchu.onestop.services.intake import dossier_receive, dossier_refuse_intake
from danchu.onestop.services.processing import (
    dossier_advance,
    dossier_apologise,
    dossier_decide,
    dossier_receive_supplement,
    dossier_request_supplement,
    dossier_resume,
    dossier_return,
    dossier_send_back,
    dossier_suspend,
    dossier_withdraw,
)

__all__ = [
    "DocumentSpec",
    "StepSpec",
    "dossier_advance",
    "dossier_apologise",
    "dossier_decide",
    "dossier_mark_overdue",
    "dossier_rate",
    "dossier_receive",
    "dossier_receive_supplement",
    "dossier_refuse_intake",
    "dossier_request_supplement",
    "dossier_resume",
    "dossier_return",
    "dossier_send_back",
    "dossier_suspend",
    "dossier_withdraw",
    "procedure_form_add",
    "procedure_form_remove",
    "procedure_save",
    "procedure_set_published",
]
