"""What the public portal keeps of its own: e-mail codes that prove a citizen's address, and
the follow-up key of each letter sent from the portal. Everything else it shows is read from
the one-stop, letters and publicity apps, never copied."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.letters.models import Letter


class EmailChallenge(models.Model):
    """A 6-digit code sent to an address; only its keyed hash is kept. It proves the address
    once, within its validity, after at most ``ATTEMPTS`` tries; the letter it served deletes
    it, and ``danchu portal_notify`` deletes the others after a day."""

    ATTEMPTS = 5

    email = models.EmailField(_("email"))
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M}"


class Filing(models.Model):
    """A letter sent from the portal: the hash of the key its sender follows it with, the
    sender's proven e-mail address sealed with the vault's keys (to tell them of the answer,
    without opening the letter's identity), and when they were told."""

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="filing")
    key_hash = models.CharField(max_length=64)
    contact = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("letter from the portal")

    def __str__(self) -> str:
        return self.letter.code
