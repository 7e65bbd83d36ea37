"""Access to the identity vault: the head designates who may open a letter's identity; each
opening needs a reason and is recorded (shown to the head and the inspection board)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import Membership, User
from danchu.core.services import require
from danchu.letters import vault
from danchu.letters.models import Letter, SealedIdentity, VaultDesignation, VaultOpening
from danchu.letters.services.common import today


@transaction.atomic
def vault_designate(
    *, actor: User | None, letter: Letter, person: User, reason: str
) -> VaultDesignation:
    """The head designates ``person`` (of the organisation) to open this letter's identity."""
    require(actor, "letters.designate", letter)
    errors: dict[str, list[str]] = {}
    if not letter.protected:
        errors["person"] = [_("This letter's identity is not protected.")]
    if (
        not Membership.objects.active(today())
        .filter(person=person, agency__path__startswith=letter.agency.path)
        .exists()
    ):
        errors["person"] = [_("Only a person of this organisation can be designated.")]
    if not reason.strip():
        errors["reason"] = [_("Write why this person needs the identity.")]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    designation, created = VaultDesignation.objects.get_or_create(
        letter=letter,
        person=person,
        ended_at=None,
        defaults={
            "designated_by": actor or person,
            "designated_at": timezone.now(),
            "reason": reason.strip(),
        },
    )
    if created:
        audit_record(
            actor=actor,
            agency=letter.agency,
            verb="vault.designate",
            obj=letter,
            changes={"designated": [None, person.pk], "reason": reason.strip()},
        )
    return designation


@transaction.atomic
def vault_open(*, actor: User, letter: Letter, reason: str) -> vault.Identity:
    """Open the identity of a protected letter: only a designated person, with a reason. The
    opening is recorded before anything is decrypted."""
    require(actor, "letters.view_letter", letter)
    if not letter.protected:
        raise DomainError("not_protected", _("This letter's identity is not protected."))
    if not actor.has_perm("letters.open_vault", letter):
        raise Forbidden(_("Only a person the head designated for this letter may open it."))
    if not reason.strip():
        message = _("Write why you open the identity.")
        raise DomainError("invalid", message, fields={"reason": [message]})
    VaultOpening.objects.create(
        letter=letter, person=actor, reason=reason.strip(), opened_at=timezone.now()
    )
    audit_record(
        actor=actor,
        agency=letter.agency,
        verb="vault.open",
        obj=letter,
        changes={"reason": reason.strip()},
    )
    sealed = SealedIdentity.objects.get(letter=letter)
    return vault.unseal(sealed.token)
