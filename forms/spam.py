"""Anti-spam for the public forms: a honeypot, a form token with a minimum fill time and a
lifetime, and a per-address rate limit.

Settings (defaults in portal/settings/base.py):
- FORMS_MIN_FILL_SECONDS [3]: a form sent sooner than this after it was shown is refused.
- FORMS_TOKEN_MAX_AGE [24 h]: a form shown longer ago than this is refused (the resident keeps
  every value and gets a fresh token); each token is accepted once (forms/submissions.py).
- FORMS_RATE_LIMIT_COUNT [20] and FORMS_RATE_LIMIT_WINDOW [600 s]: accepted forms per client
  address (home/client_address.py; an IPv6 client counts by its /64) per window, checked and counted in one atomic SQL
  statement (forms/throttle.py), so parallel workers never let more through. A library kiosk
  or a school's shared address gets 20 forms per 10 minutes.
A refused resident sees why in the error summary, and the form comes back with every value.
"""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from home.client_address import rate_limit_key

from .throttle import allow, wait_message

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
_SIGNING_SALT = "forms.spam.started"


def min_fill_seconds():
    return getattr(settings, "FORMS_MIN_FILL_SECONDS", 3)


def token_max_age():
    return getattr(settings, "FORMS_TOKEN_MAX_AGE", 24 * 3600)


def rate_limit():
    return getattr(settings, "FORMS_RATE_LIMIT_COUNT", 20), getattr(settings, "FORMS_RATE_LIMIT_WINDOW", 600)


def start_token(at=None):
    """A signed, unique token saying when the form was shown; tests pass `at` to make an older one."""
    return signing.dumps([at if at is not None else time.time(), secrets.token_hex(8)], salt=_SIGNING_SALT)


def _started_at(token):
    try:
        started, _nonce = signing.loads(token, salt=_SIGNING_SALT)
        return float(started)
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

    def _renew_token(self):
        self.data = self.data.copy()
        self.data[STARTED_FIELD] = start_token()

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
            self._renew_token()
            raise forms.ValidationError(
                _("Nie udało się sprawdzić formularza. Sprawdź odpowiedzi i wyślij go ponownie."), code="token"
            )
        age = time.time() - started
        if age > token_max_age():
            self._renew_token()
            raise forms.ValidationError(
                _(
                    "Formularz był otwarty dłużej niż dobę, więc ze względów bezpieczeństwa wygasł. "
                    "Twoje odpowiedzi są zachowane: sprawdź je i wyślij formularz ponownie."
                ),
                code="expired",
            )
        if age < min_fill_seconds():
            raise forms.ValidationError(
                _(
                    "Formularz został wysłany zbyt szybko po otwarciu, jak robią to programy rozsyłające spam. "
                    "Sprawdź odpowiedzi i wyślij go ponownie."
                ),
                code="too_fast",
            )
        return cleaned_data

    @property
    def token_key(self):
        """The hash under which this form's token is recorded once used (forms/submissions.py)."""
        return hashlib.sha256(str(self.cleaned_data.get(STARTED_FIELD, "")).encode()).hexdigest()

    @property
    def protection_fields(self):
        return [self[HONEYPOT_FIELD], self[STARTED_FIELD]]


def check_rate_limit(request, form):
    """Count this submission against the client address's limit, in one atomic step; if it is
    over the limit, add a form-wide error saying when to send again and return False."""
    count, window = rate_limit()
    wait = allow("forms", rate_limit_key(request), count, window)
    if not wait:
        return True
    form.add_error(
        None,
        wait_message(
            wait,
            _(
                "Z tego adresu wysłano w krótkim czasie zbyt wiele formularzy. Twoje odpowiedzi są zachowane, "
                "niczego nie wysłaliśmy."
            ),
        ),
    )
    return False
