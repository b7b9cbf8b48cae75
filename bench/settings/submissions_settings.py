"""Production settings for bench/submissions.py, with the limits a load test must lift.

Each resident has an address of its own (X-Forwarded-For behind TRUSTED_PROXIES=127.0.0.1) but
sends far more than a resident would, so the per-address rate limit (forms/spam.py,
FORMS_RATE_LIMIT_COUNT, default 20 per 10 minutes) is raised here; it is still checked and
counted in Redis for every form. Everything else, including the minimum fill time, the one-use
form token and CSRF, stays as in production. Plain HTTP on loopback: no secure cookies.
"""

from portal.settings.production import *  # noqa: F403

FORMS_RATE_LIMIT_COUNT = 10**9
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic for a forms benchmark; e-mails are built and sent, to nowhere.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
