"""What the public may read: the departments and their cities, a department's catalogue and the
documents it publishes to the public. No person is needed: only public things are returned."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import NotFound
from danchu.core.models import Agency, AgencyKind
from danchu.core.selectors import public_organisation_list
from danchu.disclosure.models import Publication, PublicationFile
from danchu.letters.models import Kind, Letter
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


def catalogue_fields(agency: Agency) -> list[str]:
    return list(
        Procedure.objects.filter(agency=agency, is_published=True, current__isnull=False)
        .order_by("current__field")
        .values_list("current__field", flat=True)
        .distinct()
    )


def procedure(agency: Agency, pk: int) -> Procedure:
    return onestop.procedure_get(actor=None, agency=agency, pk=pk)


def procedure_form(agency: Agency, procedure_pk: int, pk: int) -> ProcedureForm:
    """A form of a published procedure of ``agency``."""
    found = ProcedureForm.objects.filter(
        pk=pk, procedure_id=procedure(agency, procedure_pk).pk
    ).first()
    if found is None:
        raise NotFound(_("There is no such file."))
    return found


def publications(agency: Agency) -> QuerySet[Publication]:
    """What the department published to the public (the portal channel) and has not taken
    down, newest first."""
    today = timezone.localdate()
    return (
        Publication.objects.filter(agency=agency, public=True)
        .filter(Q(posted_until__isnull=True) | Q(posted_until__gte=today))
        .prefetch_related("files")
        .order_by("-published_on", "-id")
    )


def conclusions(agency: Agency) -> QuerySet[Letter]:
    """The conclusions of denunciations the department published (Law 25/2018 Art. 40): the
    letter's redacted matter and its outcome, never a signatory."""
    return Letter.objects.filter(
        agency=agency, kind=Kind.DENUNCIATION, published_on__isnull=False
    ).order_by("-published_on", "-id")


def public_file(agency: Agency, pk: int) -> PublicationFile:
    found = PublicationFile.objects.filter(
        pk=pk, publication__in=publications(agency).values("pk")
    ).first()
    if found is None:
        raise NotFound(_("There is no such file."))
    return found
