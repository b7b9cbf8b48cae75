"""Local development: DEBUG on, e-mail printed to the console (or sent to EMAIL_HOST when the
environment names one), SQLite unless DATABASE_URL."""

from .base import *  # noqa: F403
from .base import EMAIL_HOST_FROM_ENVIRONMENT, SECRET_KEY

DEBUG = True
# The only fake secret in the project; production.py refuses to start without a real one.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-secret-key-never-use-in-production"
if not EMAIL_HOST_FROM_ENVIRONMENT:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# No outside requests from the admin: the machines reach package registries only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
