"""What the public may read: the departments and their cities, a department's catalogue and the
documents it publishes to the public. No person is needed: only public things are returned."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danchu.core.errors import NotFound
from danchu.core.models import Agency, AgencyKind
from danchu.core.selectors import public_organisation_list
from danchu.disclosure import selectors as disclosure
from danchu.disclosure.models import Publication, PublicationFile
from danchu.letters import selectors as letters
from danchu.letters.models import Letter
from danchu.onestop import selectors as onestop
from danchu.onestop.models import Procedure, ProcedureForm


def organisation(code: str) -> Agency:
    found = public_organisation_list().filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such department."))
    return found


def cities() -> QuerySet[Agency]:
    return Agency.objects.filter(kind=AgencyKind.CITY, is_active=True).order_by("path")


def city(code: str) -> Agency:
    found = cities().filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no such city."))
    return found


def catalogue(
    agency: Agency, *, query: str = "", field: str = "", level: str = ""
) -> QuerySet[Procedure]:
    return onestop.procedure_list(actor=None, agency=agency, query=query, field=field, level=level)


def procedure(agency: Agency, pk: int) -> Procedure:
    return onestop.procedure_get(actor=None, agency=agency, pk=pk)


def catalogue_fields(agency: Agency) -> list[str]:
    return onestop.public_fields(agency)


def procedure_form(agency: Agency, procedure_pk: int, pk: int) -> ProcedureForm:
    """A form of a published procedure of ``agency``."""
    found = onestop.public_procedure_forms(procedure(agency, procedure_pk)).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such file."))
    return found


def publications(agency: Agency) -> QuerySet[Publication]:
    return disclosure.public_publications(agency)


def public_file(agency: Agency, pk: int) -> PublicationFile:
    found = disclosure.public_publication_files(agency).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such file."))
    return found


def conclusions(agency: Agency) -> QuerySet[Letter]:
    return letters.published_conclusions(agency)
