"""Settings for Shiliu, read from the environment.

SQLite (WAL mode) unless DATABASE_URL names another database. Only what differs between a laptop and a
city's servers comes from the environment; everything else is fixed here.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "shiliu-development-key-not-for-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' scripts from our own static files, not a CDN
    "shiliu.core",
    "shiliu.audit",
    "shiliu.privacy",
    "shiliu.people",
    "shiliu.org",
    "shiliu.service_requests",
    "shiliu.reports",
    "shiliu.api",
    "shiliu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shiliu.api.middleware.BodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "shiliu.urls"
WSGI_APPLICATION = "shiliu.wsgi.application"
AUTH_USER_MODEL = "people.User"
# Staff sign in by username; residents by phone or e-mail (privacy.backends, never staff accounts).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "shiliu.privacy.backends.ResidentBackend",
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "service_requests:workbench"
LOGOUT_REDIRECT_URL = "service_requests:portal-home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "shiliu.privacy.context_processors.resident",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", REPO_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take the write lock at
    # BEGIN, so two writers queue on the busy timeout instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set (shared by every process), else this process's memory ----
# The API's rate limits count in the cache, so several processes need Redis to share the count.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Tasks: Django's task framework backport, queued in the database (no extra server) ------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Language, time ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
]
# Languages a resident may prefer and staff answer in; wider than the interface languages above.
RESIDENT_LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
    ("ug", _("Uyghur")),
    ("bo", _("Tibetan")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = REPO_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", REPO_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Shiliu ---------------------------------------------------------------------------------------
# Hours before a deadline at which a request counts as "due soon" and a reminder (催办) goes out.
SHILIU_DUE_SOON_HOURS = int(os.environ.get("SHILIU_DUE_SOON_HOURS", "24"))
# Tile layer for the map picker; the grid boundaries are drawn even when tiles cannot load.
SHILIU_MAP_TILES = os.environ.get(
    "SHILIU_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
SHILIU_MAP_CENTER = (30.60, 104.00)

# --- APIs (REST under /api/, Open311 GeoReport v2 under /open311/v2/) -----------------------------
# Requests per window, counted per API key or signed-in user ("keyed") or per client address
# ("anonymous"); "*_intake" counts only the calls that create requests.
SHILIU_API_RATE_LIMITS = {
    "anonymous": os.environ.get("SHILIU_API_RATE_ANONYMOUS", "300/minute"),
    "keyed": os.environ.get("SHILIU_API_RATE_KEYED", "3000/minute"),
    "anonymous_intake": os.environ.get("SHILIU_API_RATE_ANONYMOUS_INTAKE", "20/hour"),
    "keyed_intake": os.environ.get("SHILIU_API_RATE_KEYED_INTAKE", "1200/hour"),
}
# Largest request body the APIs read: JSON and form posts, and a post carrying one photo.
SHILIU_API_MAX_BODY_BYTES = 64 * 1024
SHILIU_API_MAX_UPLOAD_BYTES = 5 * 1024 * 1024 + 64 * 1024
# How long a client may retry a creation and get the same request back.
SHILIU_IDEMPOTENCY_WINDOW_HOURS = 24
# The Open311 jurisdiction_id this server answers to besides the root unit's code (optional).
SHILIU_OPEN311_JURISDICTION_ID = os.environ.get("SHILIU_OPEN311_JURISDICTION_ID", "")
SHILIU_OPEN311_CONTACT = os.environ.get(
    "SHILIU_OPEN311_CONTACT", "The city's 12345 service centre; see the city's website."
)
SHILIU_OPEN311_KEY_SERVICE = os.environ.get(
    "SHILIU_OPEN311_KEY_SERVICE",
    "Ask the city's system administrator for an API key (issued in the admin, API keys).",
)

# --- Personal data -------------------------------------------------------------------------------
# SHILIU_ENV=production never falls back to the development keys below (part of the production
# settings' "secrets from the environment, never defaults").
SHILIU_ENV = os.environ.get("SHILIU_ENV", "development").strip().lower()
_IS_PRODUCTION = SHILIU_ENV == "production"
# Fernet keys, comma-separated: the first encrypts, all decrypt (rotation: see privacy/crypto.py).
_DEVELOPMENT_FIELD_KEY = "c2hpbGl1LWRldmVsb3BtZW50LWZpZWxkLWtleS0wMDE="  # development only
SHILIU_FIELD_KEYS = [
    key.strip() for key in os.environ.get("SHILIU_FIELD_KEYS", "").split(",") if key.strip()
] or ([] if _IS_PRODUCTION else [_DEVELOPMENT_FIELD_KEY])
# Key of the HMAC blind index that finds a request by an exact phone number.
SHILIU_BLIND_INDEX_KEY = os.environ.get(
    "SHILIU_BLIND_INDEX_KEY", "" if _IS_PRODUCTION else "shiliu-development-blind-index-key"
)

# How many days each kind of personal data is kept (privacy/retention.py); each can be set with
# SHILIU_RETENTION_<KIND>_DAYS, e.g. SHILIU_RETENTION_CLOSED_REQUEST_CONTACT_DAYS=30.
_RETENTION_DEFAULTS = {
    "closed_request_contact": 90,  # contact name, phone, exact address, after a request is closed
    "closed_request_photos": 365,  # photos attached to a closed request
    "inactive_resident_accounts": 730,  # resident accounts nobody signed in to for that long
    "withdrawn_consents": 1095,  # the record of a consent, after it was withdrawn
}
SHILIU_RETENTION_DAYS = {
    kind: int(os.environ.get(f"SHILIU_RETENTION_{kind.upper()}_DAYS", days))
    for kind, days in _RETENTION_DEFAULTS.items()
}

# Every handler masks personal data first (privacy/logfilter.py). Django's own loggers propagate to
# the root handler instead of Django's defaults, so nothing reaches a log (or an error e-mail,
# whose report would include the POST data) without passing the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "shiliu.privacy.logfilter.PersonalDataFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["personal_data"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "shiliu": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
