"""One row per submission: post/redirect/get with a form token accepted once.

Every public form (contact, survey, embedded in another page, and any form added later) hands a
valid POST to `accept`: it answers 303 See Other to the form's thank-you view, so F5 on the
thank-you page only reads it again. The form's token (forms/spam.py) is recorded as used in the
same transaction that stores the row, under a unique key: a double click, a resent POST (Back,
then Send again) or a request repeated after a lost connection (portal's database fault
middleware) stores one row and sends one set of e-mails, which go out after the commit.
"""

from django.db import transaction
from django.http import HttpResponseRedirect

from . import spam
from .models.tokens import UsedFormToken


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def accept(request, form, store, thanks_url):
    """Store a valid form once and redirect to its thank-you view; None if the rate limit refused
    it (the form then carries the error and is shown again with every value).

    `store()` saves the row and registers the e-mails (forms.mail.send_after_commit); it runs
    only for a token not used before.
    """
    if UsedFormToken.objects.is_used(form.token_key):
        return HttpResponseSeeOther(thanks_url)
    if not spam.check_rate_limit(request, form):
        return None
    with transaction.atomic():
        if UsedFormToken.objects.claim(form.token_key):
            store()
    return HttpResponseSeeOther(thanks_url)
