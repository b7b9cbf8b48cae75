"""The portal's own bookkeeping rows."""

import uuid

from django.db import models


class CommittedRequest(models.Model):
    """Proof that a public form post's transaction committed (portal/db_faults.py).

    Written inside the transaction with a fresh random token; if the connection is lost during
    COMMIT, finding the token afterwards tells whether the resident's answers are stored. A
    transaction id cannot: after a crash PostgreSQL may hand the same id to a new transaction.
    Rows older than a day are removed now and then by later posts.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return str(self.token)


class ContentGeneration(models.Model):
    """The content generation: one row, one number, bumped with every change of content.

    Every cached page's key carries it (portal/page_cache.py). The bump is an UPDATE in the
    database that holds the content, in the same transaction as the change, so a purge can never
    be lost: if the database cannot take the bump, the change fails with it.
    """

    value = models.BigIntegerField()

    def __str__(self):
        return str(self.value)
