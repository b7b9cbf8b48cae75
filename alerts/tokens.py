"""Signed links in the alerts' mails (django.core.signing): nothing to store, nothing to guess.

A confirmation link expires after CONFIRMATION_DAYS; the links to change the choices and to
unsubscribe hold as long as the subscription does (a deleted subscriber's links find nobody).
"""

from django.core import signing

from .models.subscriptions import CONFIRMATION_DAYS

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"
MAX_AGE = {CONFIRM: CONFIRMATION_DAYS * 24 * 3600, MANAGE: None, UNSUBSCRIBE: None}


def make(purpose, subscriber_id):
    return signing.dumps(subscriber_id, salt=purpose)


def subscriber_id(purpose, token):
    """The subscriber id a token was made for, or None if it is forged, garbled or expired."""
    try:
        value = signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return value if isinstance(value, int) else None
