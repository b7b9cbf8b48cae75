"""Settings shared by every environment.

Every environment variable the portal reads is read here or in production.py, each with a
default that suits local development; .env.example lists them all.
"""

import ipaddress
import os
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def configuration_error(message):
    """Stop with one readable line instead of a traceback when the environment is wrong."""
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(1)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        configuration_error(f"{name} must be a whole number, got {value!r}.")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form sent without the CSRF cookie gets the portal's page (templates/403_csrf.html), not Django's.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    # Project apps first, so their templates and translations win over the defaults.
    "portal",
    "home",
    "documents",
    "consultation",
    "forms",
    "alerts",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    # The read-only open data API at /api/v2/ (portal/api.py); JSON only: without
    # "rest_framework" installed, Django REST framework's browsable HTML pages are left out.
    "wagtail.api.v2",
    # Access-Control-Allow-Origin on the open data (CORS_URLS_REGEX below).
    "corsheaders",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "recurrence",
    "csp",
    # Locks out repeated failed admin log-ins (brute-force protection).
    "axes",
    # django-recurrence's widget needs Django admin's jQuery (STACK-NOTES §2).
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so a cached answer gets the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    # Rides out a database restart: repeats a request once the database is back, or answers 503;
    # a public form post is one transaction up to its rendered answer (portal/db_faults.py).
    "portal.db_faults.DatabaseFaultMiddleware",
    # Early, so a cached page skips sessions, auth and rendering altogether; after the above,
    # because it reads the content generation from the database first.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 429 for too many password resets and page-password guesses per address and account.
    "forms.throttle.ThrottleMiddleware",
    # 400, not 500, for hand-made admin posts that lack the editor's management fields.
    "forms.malformed_posts.MalformedAdminPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every log-in.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Lock a user name from one address, so one attacker cannot lock a colleague out everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_lockout.html"
# The client address behind a proxy, an IPv6 client by its /64 (home/client_address.py), for
# axes, the forms and throttles.
AXES_CLIENT_IP_CALLABLE = "home.client_address.rate_limit_key"

# Proxies whose X-Forwarded-For is believed: comma-separated addresses or networks (nginx on the
# same host: 127.0.0.1). Empty: the header is ignored and the connection's address counts.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        configuration_error(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.")

# Public forms (forms/spam.py): accepted forms per client address per window, counted atomically
# in the shared cache; a form token lives a day and is accepted once.
FORMS_RATE_LIMIT_COUNT = env_int("FORMS_RATE_LIMIT_COUNT", 20)
FORMS_RATE_LIMIT_WINDOW = env_int("FORMS_RATE_LIMIT_MINUTES", 10) * 60
FORMS_TOKEN_MAX_AGE = 24 * 3600
# At most one confirmation e-mail per address in this many seconds.
FORMS_CONFIRMATION_SECONDS = 3600
# forms/throttle.py: (attempts per client address, attempts per account, window in seconds).
THROTTLE_PASSWORD_RESET = (5, 3, 3600)
THROTTLE_PAGE_PASSWORD = (10, 30, 600)

# Content-Security-Policy for public pages: no inline or third-party scripts. The Wagtail
# admin is left out; it ships inline scripts and styles of its own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Rendered SVG charts and embeds carry style attributes; scripts stay strict.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Open data (docs/architecture.md): any web page may read it, with GET and without cookies; the
# rest of the site stays same-origin. The API, the register's files and the DCAT catalogue.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET"]
CORS_URLS_REGEX = r"^/(?:en/)?(?:api/v2/.*|(?:[\w-]+/)*(?:rejestr\.(?:csv|json)|katalog\.(?:rdf|ttl)))$"

# The API is anonymous and read-only: no log-in through it (no session or basic authentication),
# so it shows what any visitor sees, whoever asks.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Anonymous page cache (portal/page_cache.py): every content change starts a new generation.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# The longest a page is kept; pages showing something that changes with the clock go sooner.
PAGE_CACHE_SECONDS = min(env_int("PAGE_CACHE_SECONDS", 15 * 60), 15 * 60)
# The query parameters pages read (grep request.GET); they alone make a page's cache key.
# Tracking parameters (utm_*, fbclid, ...) are left out; any other parameter bypasses the cache.
PAGE_CACHE_QUERY_PARAMETERS = {
    "page",  # news, register, publications, search: the page of a list
    "status",  # register, search
    "temat",  # register, calendar
    "obszar",  # register, calendar
    "rok",  # register
    "miesiac",  # calendar
    "dzien",  # calendar
    "kategoria",  # publications
    "q",  # search
    "typ",  # search
    "konsultacja",  # contact form: the consultation a remark is about
    "p",  # sitemap.xml pages
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default; production and CI set DATABASE_URL to PostgreSQL.
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    try:
        _database = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a configuration error
        configuration_error(f"DATABASE_URL is not a valid database URL ({str(exc).split('. ')[0]}).")
    if not _database.get("ENGINE"):
        configuration_error("DATABASE_URL names an unknown database scheme.")
    if "postgresql" in _database["ENGINE"]:
        # An unreachable database host fails within seconds instead of holding a worker.
        _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
else:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
DATABASES = {"default": _database}
# A request that loses its database connection (a restart) waits this long for the database to
# answer again and is then repeated, up to DATABASE_RETRY_ATTEMPTS runs in all (portal/db_faults.py).
DATABASE_RETRY_SECONDS = 10
DATABASE_RETRY_ATTEMPTS = 3
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache, where the page cache keeps pages: Redis when REDIS_URL is set, else
# Django's database cache (its table is made by every `migrate`, portal/page_cache.py). Never
# per-process memory: every app server and worker must see the same pages.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "konsultacje",
            "OPTIONS": {
                # A Redis outage is a miss, never an error, and costs at most these timeouts per call.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    # django-redis logs each ignored error (a Redis outage shows in the log).
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # Pages of a few dozen kB each; past this many a third of them is removed.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
# Wagtail would also keep every rendition it looks up in the default cache, written again on
# each render: 4 SQL statements per image with the database cache (measured on the demo, cold:
# a standard page 38 statements, 18 without; the home page 57, 30), a Redis round trip each. Pages already load
# their renditions in bulk (prefetch_renditions), so that second cache of content saves nothing:
# Wagtail's documented "renditions" cache alias points it at nowhere.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski")), ("en", _("angielski"))]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
# Each app keeps its own locale/ folder; Django finds them through INSTALLED_APPS.
# The project's own Polish for Wagtail's strings (locale/pl, hand-maintained): grammatical gender
# and what Wagtail ships untranslated. LOCALE_PATHS wins over every app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on S3-compatible object storage (several app servers) when a bucket is configured;
# local files otherwise. Credentials come from the standard AWS_* environment variables.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", True)
    AWS_S3_FILE_OVERWRITE = False

# Complex page editors post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail goes by SMTP to EMAIL_HOST whenever the environment names one, in every settings module: a
# developer watches mail in a local sink (`python -m aiosmtpd -n -l localhost:1025`, then
# EMAIL_HOST=localhost EMAIL_PORT=1025). Without it, dev prints mail and tests keep it in memory.
EMAIL_HOST_FROM_ENVIRONMENT = bool(os.environ.get("EMAIL_HOST", "").strip())
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip() or "localhost"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A mail server that does not answer costs a request or a send_alerts run this long, not forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "konsultacje@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = "Konsultacje społeczne"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "home.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "documents.PortalDocument"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend (SQLite FTS5 or PostgreSQL, by the database in use), with
        # multi-word queries on SQLite ranked by bm25() (search/backend.py).
        "BACKEND": "search.backend",
        # PostgreSQL ships no Polish configuration; search/polish.py normalises Polish itself.
        "SEARCH_CONFIG": "simple",
    }
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "jpg", "png", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENTS_MAX_UPLOAD_MB", 20) * 1024 * 1024
# Documents are sent as attachments, so an uploaded file never renders on our origin.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its background tasks inline and logs each one; only problems matter.
        "django_tasks": {"level": "WARNING"},
        # Start-up banner and per-attempt notes; lockouts are still logged as warnings.
        "axes": {"level": "WARNING"},
    },
}
