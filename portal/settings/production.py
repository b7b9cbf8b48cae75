"""Production: everything secret or site-specific comes from the environment."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, configuration_error, env_bool, env_int

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    configuration_error("SECRET_KEY is not set. Set it to a long random string (see .env.example).")

if not os.environ.get("DATABASE_URL"):
    configuration_error("DATABASE_URL is not set. Production runs on PostgreSQL (see .env.example).")

if not os.environ.get("ALLOWED_HOSTS"):
    configuration_error("ALLOWED_HOSTS is not set. List the portal's host names (see .env.example).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Wagtail's preview views override this with SAMEORIGIN, so the admin preview still works.
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
