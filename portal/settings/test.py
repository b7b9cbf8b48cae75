"""Test settings, after bakerydemo's: fast, isolated, no network."""

import tempfile

from .base import *  # noqa: F403
from .base import CACHES, EMAIL_HOST_FROM_ENVIRONMENT, REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["*"]
# MD5 hashing makes creating users in tests fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail in memory unless the environment names a mail server (pytest-django keeps it in memory
# anyway; the alerts tests start an SMTP server of their own and point the backend at it).
if not EMAIL_HOST_FROM_ENVIRONMENT:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploads go to a throwaway folder, never into the developer's media/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="konsultacje-test-media-")
# Plain static storage: no manifest needed to render templates.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="konsultacje-test-static-")
# Static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
# Django's test client logs in without a request, which django-axes refuses; the lockout
# itself is tested in tests/test_security.py with the axes backend switched back on.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = False
# Most tests change rows and read pages straight after; the page cache has its own tests
# (tests/test_page_cache.py), which switch it on.
PAGE_CACHE_ENABLED = False
# Process memory instead of the database cache, so query counts show the pages' own queries
# (CI's REDIS_URL keeps Redis). The page cache's tests share one cache between processes with
# the database cache (tests/test_page_cache_processes.py).
if not REDIS_URL:
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
