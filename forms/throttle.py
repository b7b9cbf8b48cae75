"""Counting attempts per address or per account, checked and counted in one atomic step.

`allow(scope, subject, limit, window)` counts one attempt in a fixed window and says whether it
is within the limit. The count is one SQL statement (`INSERT ... ON CONFLICT DO UPDATE SET
attempts = attempts + 1 RETURNING attempts`) on the database every app server shares, so
parallel workers and servers can never let more through than the limit: the check is the
count. It holds in every supported set-up, with or without Redis (Django's database cache
counts with a read and a write, which two workers can interleave), and survives a Redis outage.
On a public form post it runs inside the post's own transaction (portal/db_faults.py): a second
post from the same address waits for the first to commit, and a post that is rolled back is not
counted.

`ThrottleMiddleware` applies the same counter to Wagtail's own forms that guess or mail: the
admin's password reset and the page and collection password forms, per client address and per
account (the e-mail typed, the restriction guessed at).
"""

import datetime
import hashlib
import math
import time

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from home.client_address import rate_limit_key


def _key(scope, subject, bucket):
    # Hashed: the key holds no address or e-mail, and has a fixed length whatever was typed.
    digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{bucket}"


def allow(scope, subject, limit, window, now=None):
    """Count one attempt; 0 if it is within the limit, else the seconds until the window ends."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    attempts = _count(_key(scope, subject, bucket), expires=(bucket + 1) * window)
    if attempts <= limit:
        return 0
    return max(1, math.ceil(window - now % window))


def _count(key, expires):
    quote = connection.ops.quote_name
    # Looked up, not imported: the models import the forms that import this module.
    table, key_column = quote(apps.get_model("forms", "AttemptWindow")._meta.db_table), quote("key")
    with connection.cursor() as cursor:
        # PostgreSQL and SQLite (3.35+) both run this as one atomic statement.
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, attempts, expires) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key_column}) DO UPDATE SET attempts = {table}.attempts + 1 RETURNING attempts",
            [key, expires],
        )
        attempts = cursor.fetchone()[0]
        if attempts == 1:  # a new window: windows that have ended go
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [int(time.time())])  # noqa: S608
    return attempts


def wait_message(seconds, lead):
    """`lead` and the time of day (local) from which the resident can try again."""
    retry_at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds))
    return _("%(lead)s Spróbuj ponownie po %(time)s.") % {"lead": lead, "time": formats.time_format(retry_at, "H:i")}


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
        wait = allow(f"{scope}:address", rate_limit_key(request), per_address, window) or allow(
            f"{scope}:account", _account(request, view_kwargs, field), per_account, window
        )
        if not wait:
            return None
        message = wait_message(wait, _("Zbyt wiele prób w krótkim czasie."))
        response = TemplateResponse(request, "forms/throttled.html", {"message": message}, status=429)
        response["Retry-After"] = str(wait)
        return response
