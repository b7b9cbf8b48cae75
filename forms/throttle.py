"""Counting attempts per address or per account in the shared cache, checked and counted at once.

`allow(scope, subject, limit, window)` counts one attempt in a fixed window and says whether it
is within the limit. The count is Redis's own INCR (`cache.add` then `cache.incr`), so parallel
workers and servers can never let more through than the limit: the check is the count.

If the shared cache cannot answer, the attempt is allowed: residents are never refused because
the cache is down (the honeypot, the fill time and the one-use form token need no cache).

`ThrottleMiddleware` applies the same counter to Wagtail's own forms that guess or mail: the
admin's password reset and the page and collection password forms, per client address and per
account (the e-mail typed, the restriction guessed at).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.client_address import client_address


def _key(scope, subject, bucket):
    # Hashed: the key holds no address or e-mail, and has a fixed length whatever was typed.
    digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{bucket}"


def allow(scope, subject, limit, window, now=None):
    """Count one attempt; 0 if it is within the limit, else the seconds until the window ends."""
    now = time.time() if now is None else now
    key = _key(scope, subject, int(now // window))
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a new window
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    if count is None or count <= limit:  # None: the shared cache did not answer
        return 0
    return max(1, math.ceil(window - now % window))


def wait_message(seconds, lead):
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "%(lead)s Spróbuj ponownie za %(minutes)d minutę.",
        "%(lead)s Spróbuj ponownie za %(minutes)d minut.",
        minutes,
    ) % {"lead": lead, "minutes": minutes}


# url name -> (scope, the POST field or URL argument naming the account, setting of (per address,
# per account, window in seconds))
THROTTLED_VIEWS = {
    "wagtailadmin_password_reset": ("password-reset", "email", "THROTTLE_PASSWORD_RESET"),
    "wagtailcore_authenticate_with_password": ("page-password", "page_view_restriction_id", "THROTTLE_PAGE_PASSWORD"),
    "wagtaildocs_authenticate_with_password": ("collection-password", "restriction_id", "THROTTLE_PAGE_PASSWORD"),
}


def _account(request, view_kwargs, field):
    return view_kwargs.get(field) if field in view_kwargs else request.POST.get(field, "")


class ThrottleMiddleware:
    """Answers 429 with a Polish explanation when an address or an account tries too often."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        throttled = THROTTLED_VIEWS.get(request.resolver_match.url_name)
        if throttled is None:
            return None
        scope, field, setting = throttled
        per_address, per_account, window = getattr(settings, setting)
        wait = allow(f"{scope}:address", client_address(request), per_address, window) or allow(
            f"{scope}:account", _account(request, view_kwargs, field), per_account, window
        )
        if not wait:
            return None
        message = wait_message(wait, _("Zbyt wiele prób w krótkim czasie."))
        response = TemplateResponse(request, "forms/throttled.html", {"message": message}, status=429)
        response["Retry-After"] = str(wait)
        return response
