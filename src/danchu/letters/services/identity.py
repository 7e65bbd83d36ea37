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
from danchu.letters.services.common import scrub, today


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
    (reason,) = scrub(letter, reason)
    designation, created = VaultDesignation.objects.get_or_create(
        letter=letter,
        person=person,
        ended_at=None,
        defaults={
            "designated_by": actor or person,
            "designated_at": timezone.now(),
            "reason": reason,
        },
    )
    if created:
        audit_record(
            actor=actor,
            agency=letter.agency,
            verb="vault.designate",
            obj=letter,
            changes={"designated": [None, person.pk], "reason": reason},
        )
    return designation


@transaction.atomic
def vault_revoke(*, actor: User | None, letter: Letter, person: User) -> VaultDesignation:
    """The head ends a person's designation for this letter (a new handler, a closed case)."""
    require(actor, "letters.designate", letter)
    designation = (
        VaultDesignation.objects.select_for_update()
        .filter(letter=letter, person=person, ended_at=None)
        .first()
    )
    if designation is None:
        message = _("This person is not designated for this letter.")
        raise DomainError("invalid", message, fields={"person": [message]})
    designation.ended_at = timezone.now()
    designation.save(update_fields=["ended_at"])
    audit_record(
        actor=actor,
        agency=letter.agency,
        verb="vault.revoke",
        obj=letter,
        changes={"designated": [person.pk, None]},
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
    sealed = SealedIdentity.objects.get(letter=letter)
    identity = vault.unseal(sealed.token)
    # The reason is read by the head and the board: it must not name the person either.
    reason = vault.redact(reason.strip(), identity.people)
    VaultOpening.objects.create(
        letter=letter, person=actor, reason=reason, opened_at=timezone.now()
    )
    audit_record(
        actor=actor, agency=letter.agency, verb="vault.open", obj=letter, changes={"reason": reason}
    )
    return identity
