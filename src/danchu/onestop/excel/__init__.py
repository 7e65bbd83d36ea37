"""Excel in and out of the one-stop desk: the procedure catalogue (export, and an import that
reads the same layout back through ``procedure_save``) and the statistics form.

The column names are the workbook's format, not UI text: they stay Vietnamese in any language
so that a file exported in one place imports in another.
"""

from danchu.onestop.excel.catalogue import (
    DOCUMENT_COLUMNS,
    DOCUMENTS,
    NO,
    NOT_XLSX,
    PROCEDURE_COLUMNS,
    PROCEDURES,
    SHEETS,
    STEP_COLUMNS,
    STEPS,
    WHOLE,
    YES,
    ImportReport,
    RejectedRow,
    Rows,
    catalogue_export,
    catalogue_import,
)
from danchu.onestop.excel.statistics import (
    INDICATORS_SHEET,
    STATS_COLUMNS,
    STATS_FIRST_ROW,
    STATS_GROUPS,
    STATS_HEADER_ROW,
    STATS_SHEET,
    STATS_TITLE,
    TOTAL,
    stats_export,
)

__all__ = [
    "DOCUMENTS",
    "DOCUMENT_COLUMNS",
    "INDICATORS_SHEET",
    "NO",
    "NOT_XLSX",
    "PROCEDURES",
    "PROCEDURE_COLUMNS",
    "SHEETS",
    "STATS_COLUMNS",
    "STATS_FIRST_ROW",
    "STATS_GROUPS",
    "STATS_HEADER_ROW",
    "STATS_SHEET",
    "STATS_TITLE",
    "STEPS",
    "STEP_COLUMNS",
    "TOTAL",
    "WHOLE",
    "YES",
    "ImportReport",
    "RejectedRow",
    "Rows",
    "catalogue_export",
    "catalogue_import",
    "stats_export",
]
