"""E-mail pieces the forms share."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)


def subject_line(text):
    """A subject on one line.

    Django refuses a header with a line break (BadHeaderError), which stops header injection but
    turns the submission into a server error after it was saved. A crafted POST can put a line
    break into the contact form's subject, an editor into a survey's title or e-mail subject.
    """
    return " ".join(str(text).split())


def in_portal_language():
    """Staff mail is in the portal's language (settings.LANGUAGE_CODE: the city's staff work in
    Polish), whichever interface the resident wrote from; build staff messages inside this. The
    resident's confirmation follows the resident's interface language."""
    return translation.override(settings.LANGUAGE_CODE)


def labelled(label, value):
    """One "Label: value" line of a staff mail (a function, so that gettext's extractor sees the
    label's msgid, which it does not inside an f-string)."""
    return f"{label}: {value}"


def sender(name, email):
    """Who wrote, for a staff mail: "Jan Kowalski <jan@example.com>", or the address alone."""
    return f"{name} <{email}>" if name.strip() else f"<{email}>"


def compose(subject, body, to, from_email=None):
    return EmailMessage(subject_line(subject), body, from_email or settings.DEFAULT_FROM_EMAIL, to)


def confirmation(subject, body, address, from_email=None):
    """A message to the resident, sent at most once per address per hour (FORMS_CONFIRMATION_SECONDS).

    A confirmation never repeats what the resident typed (the callers say what was received, for
    which consultation and when): an address typed in by a stranger can get one short, plain
    note from the city an hour, never a text of the stranger's choosing.
    """
    message = compose(subject, body, [address], from_email)
    message.once_per_address = address
    return message


def first_confirmation_this_hour(address, scope="forms"):
    """True for the first confirmation to `address` within the hour (per scope: the forms'
    confirmations, the alerts' sign-up mail), False for any other or when the cache is silent."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    seconds = getattr(settings, "FORMS_CONFIRMATION_SECONDS", 3600)
    # add() is atomic (SET NX in Redis): of two submissions at once, one confirmation goes out.
    # If the shared cache does not answer, no confirmation is sent: the submission is stored anyway.
    return bool(cache.add(f"{scope}:confirmation:{digest}", 1, timeout=seconds))


def send_after_commit(*messages):
    """Send the messages once the transaction that stored the submission commits.

    A public POST runs in one transaction (portal/db_faults.py) that may still roll back after
    the form was saved (a lost connection), and then be repeated: an e-mail sent at once would
    announce a submission that was never stored, or go out twice. Committed, the submission is
    safe, so a failing mail server only costs the e-mail, logged as an error with its subject
    and recipients, never the submission or the resident's thank-you page.

    The messages are composed (with any database reads) inside the transaction; sending them
    reads nothing from the database.
    """
    messages = [composed for composed in messages if composed is not None]
    if messages:
        transaction.on_commit(lambda: send_now(messages))


def send_now(messages):
    for message in messages:
        address = getattr(message, "once_per_address", None)
        if address and not first_confirmation_this_hour(address):
            logger.info("Confirmation to one address skipped: one was sent within the hour")
            continue
        try:
            message.send()
        except Exception:  # the submission is committed; only the e-mail is lost
            logger.exception("E-mail %r to %s could not be sent", message.subject, ", ".join(message.to))
