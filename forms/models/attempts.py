"""Attempts counted per address or account and time window (forms/throttle.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptWindow(models.Model):
    """How many attempts one scope and subject made in one fixed window.

    The key holds a hash, never an address or an e-mail. Rows whose window has ended are
    deleted as new windows start (forms/throttle.py), so the table stays small.
    """

    key = models.CharField(max_length=128, primary_key=True)
    attempts = models.PositiveIntegerField(default=0)
    # A Unix time: compared in SQL without time zone conversions on every database.
    expires = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("okno prób")
        verbose_name_plural = _("okna prób")

    def __str__(self):
        return f"{self.key}: {self.attempts}"
