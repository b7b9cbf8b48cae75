"""The settings split: production refuses bad configuration with one readable line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "PAGE_CACHE_ENABLED",
    "EMAIL_HOST",
    "EMAIL_PORT",
}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "a-long-random-test-secret-key-with-enough-entropy-1234567890-abcdefghijklmnop",
    "ALLOWED_HOSTS": "konsultacje.bedzin.pl",
    "DATABASE_URL": "postgres://konsultacje:secret@127.0.0.1:5432/konsultacje",
    "CSRF_TRUSTED_ORIGINS": "https://konsultacje.bedzin.pl",
    "WAGTAILADMIN_BASE_URL": "https://konsultacje.bedzin.pl",
}


def manage(*args, **env):
    # The caller's own configuration (CI sets DATABASE_URL and REDIS_URL) must not leak in.
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_production_check_deploy_is_clean_with_the_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set. Set it to a long random string (see .env.example)."
    ]


@pytest.mark.parametrize("url", ["foo://bar", "not a url"])
def test_broken_database_url_gives_one_line_naming_the_variable(url):
    result = manage("check", DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL")


def test_production_refuses_to_start_without_database_url():
    env = {**PRODUCTION_ENV, "DATABASE_URL": ""}
    result = manage("check", **env)
    assert result.returncode == 1
    assert "DATABASE_URL is not set" in result.stderr


def test_production_uses_manifest_storage_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_redis_url_selects_the_django_redis_cache_and_else_the_database_cache():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        REDIS_URL="redis://127.0.0.1:6390/0",
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    # Without Redis, every worker and server shares the database cache, never per-process memory.
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_no_model_change_lacks_its_migration():
    result = manage("makemigrations", "--check", "--dry-run", DJANGO_SETTINGS_MODULE="portal.settings.test")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bucket_name_moves_media_to_s3_compatible_storage():
    code = "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'], getattr(s, 'AWS_S3_ENDPOINT_URL', None))"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        **{**PRODUCTION_ENV, "AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "http://127.0.0.1:9000"]
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.stdout.split()[0] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize("module", ["portal.settings.dev", "portal.settings.test"])
def test_email_host_in_the_environment_sends_by_smtp_in_every_settings_module(module):
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT)"
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE=module, EMAIL_HOST="127.0.0.1", EMAIL_PORT="1025"
    )
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "127.0.0.1", "1025"]


def test_without_email_host_dev_prints_mail_and_production_uses_smtp():
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND)"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
