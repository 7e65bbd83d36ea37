"""The procedure catalogue: a procedure is saved as a new version whenever its content
changes; dossiers keep the version they were received under."""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.audit import audit_record
from danchu.core.errors import DomainError
from danchu.core.models import Agency, Role, User
from danchu.core.services import require
from danchu.core.text import fold
from danchu.onestop.models import (
    HOURS_PER_WORKING_DAY,
    CopyKind,
    Level,
    Procedure,
    ProcedureForm,
    ProcedureStep,
    ProcedureVersion,
    RequiredDocument,
    StepUnit,
)


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    copies: int = 1
    kind: str = CopyKind.ORIGINAL


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    allotted: int
    unit: str = StepUnit.WORKING_DAYS


VERSION_FIELDS = [
    "name",
    "field",
    "level",
    "deciding_agency",
    "deadline_days",
    "fee",
    "online",
    "forms",
    "legal_bases",
]


def _check(
    *,
    code: str,
    name: str,
    field: str,
    level: str,
    deadline_days: int,
    fee: int,
    documents: list[DocumentSpec],
    steps: list[StepSpec],
) -> None:
    errors: dict[str, list[str]] = {}
    if not code.strip():
        errors["code"] = [_("This field is required.")]
    if not name.strip():
        errors["name"] = [_("This field is required.")]
    if not field.strip():
        errors["field"] = [_("This field is required.")]
    if level not in Level.values:
        errors["level"] = [_("Unknown level.")]
    if deadline_days is None or deadline_days <= 0:
        errors["deadline_days"] = [_("The legal deadline must be at least one working day.")]
    if fee is None or fee < 0:
        errors["fee"] = [_("The fee cannot be negative.")]
    for doc in documents:
        if not doc.name.strip() or doc.copies < 1 or doc.kind not in CopyKind.values:
            errors.setdefault("documents", []).append(
                _("Each document needs a name, at least one copy and a known kind.")
            )
            break
    if len(steps) < 3:
        errors["steps"] = [_("The process needs at least three steps: receive, decide, return.")]
    for step in steps:
        if step.role not in Role.values or step.unit not in StepUnit.values or step.allotted < 0:
            errors.setdefault("steps", []).append(
                _("Step “%(name)s” has an unknown role or unit, or a negative time.")
                % {"name": step.name}
            )
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    total_hours = sum(
        s.allotted if s.unit == StepUnit.HOURS else s.allotted * HOURS_PER_WORKING_DAY
        for s in steps
    )
    if total_hours > deadline_days * HOURS_PER_WORKING_DAY:
        message = _(
            "The steps take %(steps)s working days in all, more than the legal deadline of "
            "%(deadline)d working days."
        ) % {
            "steps": f"{total_hours / HOURS_PER_WORKING_DAY:g}".replace(".", ","),
            "deadline": deadline_days,
        }
        raise DomainError("steps_exceed_deadline", message, fields={"steps": [message]})


def procedure_save(
    *,
    actor: User | None,
    agency: Agency,
    code: str,
    name: str,
    field: str,
    deadline_days: int,
    steps: list[StepSpec],
    documents: list[DocumentSpec] | None = None,
    level: str = Level.PROVINCIAL,
    deciding_agency: str = "",
    fee: int = 0,
    online: bool = False,
    forms: str = "",
    legal_bases: str = "",
) -> Procedure:
    """Create a procedure, or give it a new version when any of its content changed.

    Refused when the steps' allotted times add up to more than the legal deadline.
    """
    documents = documents or []
    with transaction.atomic():
        require(actor, "onestop.manage_catalogue", agency)
        _check(
            code=code,
            name=name,
            field=field,
            level=level,
            deadline_days=deadline_days,
            fee=fee,
            documents=documents,
            steps=steps,
        )
        procedure, created = Procedure.objects.select_for_update().get_or_create(
            agency=agency, code=code.strip()
        )
        content = {
            "name": name.strip(),
            "field": field.strip(),
            "level": level,
            "deciding_agency": deciding_agency.strip() or agency.name,
            "deadline_days": deadline_days,
            "fee": fee,
            "online": online,
            "forms": forms.strip(),
            "legal_bases": legal_bases.strip(),
        }
        current = procedure.current
        if current is not None and _same(current, content, documents, steps):
            return procedure
        number = (current.number + 1) if current else 1
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=number,
            search_text=fold(f"{procedure.code} {content['name']} {content['field']}"),
            **content,
        )
        RequiredDocument.objects.bulk_create(
            RequiredDocument(version=version, order=i, **asdict(d))
            for i, d in enumerate(documents, 1)
        )
        ProcedureStep.objects.bulk_create(
            ProcedureStep(version=version, order=i, **asdict(s)) for i, s in enumerate(steps, 1)
        )
        procedure.current = version
        procedure.save(update_fields=["current"])
        before = {f: getattr(current, f) for f in VERSION_FIELDS} if current else {}
        audit_record(
            actor=actor,
            agency=agency,
            verb="procedure.create" if created else "procedure.new_version",
            obj=procedure,
            changes={
                f: [before.get(f), content[f]]
                for f in VERSION_FIELDS
                if before.get(f) != content[f]
            }
            | {"version": [number - 1 or None, number]},
        )
        return procedure


def _same(
    version: ProcedureVersion,
    content: dict[str, object],
    documents: list[DocumentSpec],
    steps: list[StepSpec],
) -> bool:
    if any(getattr(version, k) != v for k, v in content.items()):
        return False
    old_docs = [DocumentSpec(d.name, d.copies, d.kind) for d in version.documents.all()]
    old_steps = [StepSpec(s.name, s.role, s.allotted, s.unit) for s in version.steps.all()]
    return old_docs == documents and old_steps == steps


def procedure_set_published(
    *, actor: User | None, procedure: Procedure, published: bool
) -> Procedure:
    with transaction.atomic():
        procedure = (
            Procedure.objects.select_for_update().select_related("agency").get(pk=procedure.pk)
        )
        require(actor, "onestop.manage_catalogue", procedure.agency)
        if procedure.is_published != published:
            audit_record(
                actor=actor,
                agency=procedure.agency,
                verb="procedure.publish",
                obj=procedure,
                changes={"is_published": [procedure.is_published, published]},
            )
            procedure.is_published = published
            procedure.save(update_fields=["is_published"])
        return procedure


FORM_KINDS = (*uploads.PDF, ".doc", ".docx", ".xls", ".xlsx", ".odt")
MAX_FORM = 10 * uploads.MB


@transaction.atomic
def procedure_form_add(
    *, actor: User | None, procedure: Procedure, file: uploads.FileIn
) -> ProcedureForm:
    """Attach a form citizens download with the procedure (PDF, Word, Excel, at most 10 MB)."""
    require(actor, "onestop.manage_catalogue", procedure.agency)
    errors = uploads.upload_errors([file], kinds=FORM_KINDS, max_bytes=MAX_FORM)
    if errors:
        raise DomainError("invalid", errors["file"][0], fields=errors)
    form = ProcedureForm(procedure=procedure, name=file.name, size=len(file.data))
    form.file.save(file.name, ContentFile(file.data), save=True)
    audit_record(
        actor=actor,
        agency=procedure.agency,
        verb="procedure.form_add",
        obj=procedure,
        changes={"form": [None, file.name]},
    )
    return form


@transaction.atomic
def procedure_form_remove(*, actor: User | None, form: ProcedureForm) -> None:
    procedure = form.procedure
    require(actor, "onestop.manage_catalogue", procedure.agency)
    stored = form.file.name
    form.delete()
    transaction.on_commit(functools.partial(default_storage.delete, stored), robust=True)
    audit_record(
        actor=actor,
        agency=procedure.agency,
        verb="procedure.form_remove",
        obj=procedure,
        changes={"form": [form.name, None]},
    )
