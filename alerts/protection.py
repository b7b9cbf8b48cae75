"""Spam protection for the sign-up form, on the forms app's rules (forms/spam.py, forms/throttle.py,
forms/submissions.py), which alerts does not import (it sits beside forms, not above it).

- A honeypot field, and a signed token saying when the form was shown: sent sooner than
  FORMS_MIN_FILL_SECONDS or later than FORMS_TOKEN_MAX_AGE, the form comes back with every value.
- Each token is accepted once (`first_use`); a second post of it only redirects to the thank-you
  view. The subscription is keyed by its address and the confirmation mail goes at most once an
  hour, so even without the shared cache a repeat changes nothing.
- FORMS_RATE_LIMIT_COUNT accepted forms per client address (home/client_address.py) per
  FORMS_RATE_LIMIT_WINDOW, counted atomically in the shared cache; a cache that does not answer
  lets the resident through.
"""

import hashlib
import math
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.client_address import client_address

_SALT = "alerts.form-started"


def start_token(at=None):
    return signing.dumps([time.time() if at is None else at, secrets.token_hex(8)], salt=_SALT)


def _started_at(token):
    try:
        started, _nonce = signing.loads(token or "", salt=_SALT)
        return float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return None


class ProtectedForm(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Nie wypełniaj tego pola"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_started"] = start_token()

    def _renew_token(self):
        self.data = self.data.copy()
        self.data["form_started"] = start_token()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(
                _("Formularz wygląda na wypełniony automatycznie (wypełnione ukryte pole)."), code="honeypot"
            )
        started = _started_at(cleaned_data.get("form_started"))
        if started is None or time.time() - started > getattr(settings, "FORMS_TOKEN_MAX_AGE", 24 * 3600):
            self._renew_token()
            raise forms.ValidationError(
                _("Formularz wygasł albo nie udało się go sprawdzić. Sprawdź dane i wyślij go ponownie."),
                code="token",
            )
        if time.time() - started < getattr(settings, "FORMS_MIN_FILL_SECONDS", 3):
            raise forms.ValidationError(
                _("Formularz został wysłany zbyt szybko po otwarciu. Sprawdź dane i wyślij go ponownie."),
                code="too_fast",
            )
        return cleaned_data

    @property
    def token_key(self):
        return hashlib.sha256(str(self.cleaned_data.get("form_started", "")).encode()).hexdigest()


def _digest(value):
    return hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]


def _token_cache_key(form):
    return f"alerts:form-token:{form.token_key}"


def token_used(form):
    return cache.get(_token_cache_key(form)) is not None


def first_use(form):
    """Record the form's token as used; False if it was already (None from a silent cache: True)."""
    added = cache.add(
        f"alerts:form-token:{form.token_key}", 1, timeout=getattr(settings, "FORMS_TOKEN_MAX_AGE", 86400)
    )
    return added is not False


def check_rate_limit(request, form):
    """Count this form against its client address; over the limit, add an error saying when to retry."""
    limit = getattr(settings, "FORMS_RATE_LIMIT_COUNT", 20)
    window = getattr(settings, "FORMS_RATE_LIMIT_WINDOW", 600)
    now = time.time()
    key = f"alerts:rate:{_digest(client_address(request))}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        return True
    if count is None or count <= limit:
        return True
    minutes = max(1, math.ceil((window - now % window) / 60))
    form.add_error(
        None,
        ngettext(
            "Z tego adresu wysłano w krótkim czasie zbyt wiele formularzy. Spróbuj ponownie za %(minutes)d minutę.",
            "Z tego adresu wysłano w krótkim czasie zbyt wiele formularzy. Spróbuj ponownie za %(minutes)d minut.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return False


def first_confirmation_this_hour(address):
    """True once an hour per address (atomic cache.add); a silent cache sends nothing."""
    seconds = getattr(settings, "FORMS_CONFIRMATION_SECONDS", 3600)
    return bool(cache.add(f"alerts:confirmation:{_digest(address)}", 1, timeout=seconds))
