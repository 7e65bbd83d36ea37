"""Pages of the one-stop desk: parse, call a selector or a service, render."""

from danchu.onestop.views.catalogue import (
    catalogue_export,
    catalogue_import,
    procedure_detail,
    procedure_form_add,
    procedure_form_file,
    procedure_form_remove,
    procedure_list,
)
from danchu.onestop.views.common import DOCX, PAGE_SIZE, XLSX
from danchu.onestop.views.documents import (
    process_control,
    process_control_docx,
    register,
    register_docx,
    slip,
    slip_docx,
)
from danchu.onestop.views.dossiers import (
    ACTIONS,
    Action,
    dossier_action,
    dossier_detail,
    dossier_list,
    intake,
    queue,
    start,
)
from danchu.onestop.views.public import LOOKUP, public_lookup
from danchu.onestop.views.statistics import stats

__all__ = [
    "ACTIONS",
    "DOCX",
    "LOOKUP",
    "PAGE_SIZE",
    "XLSX",
    "Action",
    "catalogue_export",
    "catalogue_import",
    "dossier_action",
    "dossier_detail",
    "dossier_list",
    "intake",
    "procedure_detail",
    "procedure_form_add",
    "procedure_form_file",
    "procedure_form_remove",
    "procedure_list",
    "process_control",
    "process_control_docx",
    "public_lookup",
    "queue",
    "register",
    "register_docx",
    "slip",
    "slip_docx",
    "start",
    "stats",
]
