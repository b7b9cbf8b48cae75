"""How long personal data stays: one number, read by `anonymise_submissions` and shown in every
form's privacy notice, so the notice never promises a period the command does not keep."""

from django.conf import settings

DEFAULT_DAYS = 90


def anonymise_after_days():
    """Days after a consultation's end date after which names, e-mails and personal answers go."""
    return getattr(settings, "FORMS_ANONYMISE_AFTER_DAYS", DEFAULT_DAYS)
