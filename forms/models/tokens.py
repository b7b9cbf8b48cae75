"""Form tokens already used: a form shown once is stored once (a double click, F5, a repeat)."""

import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UsedFormTokenQuerySet(models.QuerySet):
    def claim(self, key):
        """Record the token as used; False if it already was. Call inside the transaction that
        stores the submission: both commit together, or neither does. Two requests with the same
        token at once: the unique key makes the second wait for the first and then fail."""
        try:
            with transaction.atomic():
                self.create(key=key)
        except IntegrityError:
            return False
        return True

    def is_used(self, key):
        return self.filter(key=key).exists()

    def older_than(self, seconds):
        return self.filter(used_at__lt=timezone.now() - datetime.timedelta(seconds=seconds))


class UsedFormToken(models.Model):
    """A hash of a form token that was accepted; rows older than a token's lifetime can go."""

    key = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = UsedFormTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("użyty formularz")
        verbose_name_plural = _("użyte formularze")

    def __str__(self):
        return self.key[:12]
