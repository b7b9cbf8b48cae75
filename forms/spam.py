"""Anti-spam for the public forms: a honeypot, a minimum fill time and a per-address rate limit.

Settings (each optional; defaults in brackets):
- FORMS_MIN_FILL_SECONDS [3]: a form sent sooner than this after it was shown is refused.
- FORMS_RATE_LIMIT_COUNT [5] and FORMS_RATE_LIMIT_WINDOW [600]: accepted submissions per client
  address per window (seconds). Counted in the default cache, so with Redis the limit holds
  across every app process. The benchmark raises the count (bench/bench_settings.py).
  While Redis is unavailable (portal/cache.py) each app process counts in its own memory, so the
  limit still holds per process: it degrades to at most COUNT x processes, never to no limit,
  and never refuses residents because the cache is down. The honeypot and the minimum fill
  time need no cache at all.
A refused resident sees why in the error summary, and the form comes back with every value.
"""

import math
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.cache import shared_cache_unavailable

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
_SIGNING_SALT = "forms.spam.started"
# This process's own counts, used while the shared cache is unavailable.
_local_counts = LocMemCache("forms-rate-limit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def min_fill_seconds():
    return getattr(settings, "FORMS_MIN_FILL_SECONDS", 3)


def rate_limit():
    return getattr(settings, "FORMS_RATE_LIMIT_COUNT", 5), getattr(settings, "FORMS_RATE_LIMIT_WINDOW", 600)


def start_token(at=None):
    """A signed timestamp of when the form was shown; tests pass `at` to make an older one."""
    return signing.dumps(at if at is not None else time.time(), salt=_SIGNING_SALT)


def _started_at(token):
    try:
        return float(signing.loads(token, salt=_SIGNING_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class SpamProtectionMixin(forms.Form):
    """Hidden fields and checks every public form shares."""

    website = forms.CharField(
        required=False,
        label=_("Nie wypełniaj tego pola"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[STARTED_FIELD] = start_token()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _(
                    "Formularz wygląda na wypełniony automatycznie (wypełnione ukryte pole). "
                    "Jeśli to pomyłka, wyślij go ponownie albo napisz do nas e-mailem."
                ),
                code="honeypot",
            )
        started = _started_at(cleaned_data.get(STARTED_FIELD))
        if started is None:
            # A missing or forged token: give a fresh one, so sending again works.
            self.data = self.data.copy()
            self.data[STARTED_FIELD] = start_token()
            raise forms.ValidationError(
                _("Nie udało się sprawdzić formularza. Sprawdź odpowiedzi i wyślij go ponownie."), code="token"
            )
        if time.time() - started < min_fill_seconds():
            raise forms.ValidationError(
                _(
                    "Formularz został wysłany zbyt szybko po otwarciu, jak robią to programy rozsyłające spam. "
                    "Sprawdź odpowiedzi i wyślij go ponownie."
                ),
                code="too_fast",
            )
        return cleaned_data

    @property
    def protection_fields(self):
        return [self[HONEYPOT_FIELD], self[STARTED_FIELD]]


def client_address(request):
    # REMOTE_ADDR only: behind a proxy, configure it to set the real address (X-Forwarded-For is forgeable).
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_key(request, now, window):
    # Fixed windows: add() and incr() are atomic in Redis, so parallel processes count correctly.
    return f"forms:rate:{client_address(request)}:{int(now // window)}"


def seconds_until_allowed(request):
    """0 if this address may send another form now, else how long it must wait."""
    count, window = rate_limit()
    now = time.time()
    key = _rate_key(request, now, window)
    sent = cache.get(key, 0)
    if shared_cache_unavailable(cache):
        sent = _local_counts.get(key, 0)
    if sent < count:
        return 0
    return math.ceil(window - now % window)


def _count(counts, key, window):
    counts.add(key, 0, timeout=window + 1)
    try:
        counts.incr(key)
    except ValueError:  # expired between add() and incr()
        counts.set(key, 1, timeout=window + 1)


def record_submission(request):
    """Count an accepted submission against the address's limit."""
    _limit, window = rate_limit()
    key = _rate_key(request, time.time(), window)
    if not shared_cache_unavailable(cache):
        _count(cache, key, window)
    if shared_cache_unavailable(cache):
        _count(_local_counts, key, window)


def check_rate_limit(request, form):
    """Add a form-wide error when the address has sent too many forms; True if it may send."""
    wait = seconds_until_allowed(request)
    if not wait:
        return True
    minutes = max(1, math.ceil(wait / 60))
    form.add_error(
        None,
        ngettext(
            "Z tego adresu wysłano w krótkim czasie zbyt wiele formularzy. Twoje odpowiedzi są zachowane: "
            "wyślij je ponownie za %(minutes)d minutę.",
            "Z tego adresu wysłano w krótkim czasie zbyt wiele formularzy. Twoje odpowiedzi są zachowane: "
            "wyślij je ponownie za %(minutes)d minut.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return False
