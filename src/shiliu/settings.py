"""Settings for Shiliu, read from the environment.

SQLite (WAL mode) unless DATABASE_URL names another database. Only what differs between a laptop and a
city's servers comes from the environment; everything else is fixed here.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_required(name: str) -> str:
    """A production setting with no default: missing or empty stops the process at start-up."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment when SHILIU_ENV=production; "
            "production settings have no defaults (see README.md, Configuration)."
        )
    return value


# SHILIU_ENV selects the settings: "development" (the default: a laptop, SQLite, demo data) or
# "production" (secrets and hosts from the environment, HTTPS only, no debug pages).
SHILIU_ENV = os.environ.get("SHILIU_ENV", "development").strip().lower()
if SHILIU_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"SHILIU_ENV must be 'development' or 'production', not {SHILIU_ENV!r}."
    )
PRODUCTION = SHILIU_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in env_required("ALLOWED_HOSTS").split(",") if h.strip()]
    DATABASE_URL = env_required("DATABASE_URL")
    if env_bool("DEBUG", False):
        raise ImproperlyConfigured("DEBUG cannot be on when SHILIU_ENV=production.")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "shiliu-development-key-not-for-production")
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "shiliu.core.apps.ShiliuAdminConfig",  # django.contrib.admin with the 三员 site
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",  # failed sign-ins and lockouts (people/sign_in_locks.py)
    "shiliu.core",
    "shiliu.audit",
    "shiliu.privacy",
    "shiliu.people",
    "shiliu.org",
    "shiliu.service_requests",
    "shiliu.cases",
    "shiliu.residence",
    "shiliu.knowledge",
    "shiliu.notifications",
    "shiliu.reports",
    "shiliu.insights",
    "shiliu.api",
    "shiliu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the server process, compressed and cached for ever (hashed names
    # in production), before sessions or the permission map are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shiliu.core.middleware.SecurityHeadersMiddleware",  # CSP on every response, redirects too
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shiliu.api.middleware.ApiLanguageMiddleware",  # Accept-Language decides on /api/, /open311/
    "shiliu.api.middleware.BodyLimitMiddleware",
    "shiliu.core.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shiliu.audit.services.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shiliu.core.middleware.AccessMiddleware",  # the permission map, 2FA gate, idle timeout
    "shiliu.core.middleware.DomainErrorMiddleware",  # a refusal no view showed: a page, not a 500
    "axes.middleware.AxesMiddleware",  # a locked sign-in gets the lockout page (429)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shiliu.urls"
WSGI_APPLICATION = "shiliu.wsgi.application"
AUTH_USER_MODEL = "people.User"
# Staff sign in by username; residents by phone or e-mail (privacy.backends, never staff accounts).
AUTHENTICATION_BACKENDS = [
    "shiliu.people.sign_in_locks.LockoutBackend",  # first: a locked sign-in checks no password
    "django.contrib.auth.backends.ModelBackend",
    "shiliu.privacy.backends.ResidentBackend",
    "shiliu.privacy.backends.ResidentCodeBackend",  # a one-time code to the phone or e-mail
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "people:start"
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
                "shiliu.core.access.context",
            ],
        },
    }
]

# --- Accounts (SECURITY.md) -----------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout (people/sign_in_locks.py, on django-axes): failures per account (a username, or a
# resident's phone or e-mail) and, with a much higher limit, per address, within the window.
SHILIU_LOCKOUT_FAILURES = int(os.environ.get("SHILIU_LOCKOUT_FAILURES", "5"))
SHILIU_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("SHILIU_LOCKOUT_ADDRESS_FAILURES", "20"))
SHILIU_LOCKOUT_MINUTES = int(os.environ.get("SHILIU_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "shiliu.people.sign_in_locks.LockoutHandler"
AXES_FAILURE_LIMIT = "shiliu.people.sign_in_locks.failure_limit"  # SHILIU_LOCKOUT_FAILURES
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the account, then the address
AXES_USERNAME_CALLABLE = "shiliu.people.sign_in_locks.account_key"
AXES_CLIENT_IP_CALLABLE = "shiliu.audit.services.client_address"  # REMOTE_ADDR, as the trail
AXES_COOLOFF_TIME = "shiliu.people.sign_in_locks.cool_off"  # SHILIU_LOCKOUT_MINUTES
AXES_RESET_ON_SUCCESS = False  # the handler forgives the account itself (staff after 2FA)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # waiting is always enough
AXES_LOCKOUT_CALLABLE = "shiliu.people.sign_in_locks.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records sign-ins; axes keeps failures only
AXES_SENSITIVE_PARAMETERS = ["identifier", "password_again", "code", "csrfmiddlewaretoken"]
AXES_ENABLE_ADMIN = False  # the security administrator reads lockouts in the audit trail
AXES_VERBOSE = False
# Staff are signed out after this long without a request.
SHILIU_STAFF_IDLE_MINUTES = int(os.environ.get("SHILIU_STAFF_IDLE_MINUTES", "15"))
# The audit trail stays in the database this many days (never fewer than 180, audit/checks.py);
# older rows may be archived with `manage.py audit_archive` (SECURITY.md).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
AUDIT_EXPORT_MAX_ROWS = int(os.environ.get("AUDIT_EXPORT_MAX_ROWS", "100000"))
# Two-factor sign-in (people/two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "Shiliu"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Database -------------------------------------------------------------------------------------
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", REPO_DIR / "db.sqlite3"))
if not PRODUCTION:
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# PostgreSQL: Django's connection pool (psycopg_pool), on by default in production. Each server
# process keeps its own pool; size it for the threads one process runs (gunicorn.conf.py): with
# SHILIU_DB_POOL_MAX_SIZE=4 and 3 processes the server holds at most 12 connections.
SHILIU_DB_POOL = env_bool("SHILIU_DB_POOL", PRODUCTION)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and SHILIU_DB_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections, Django must not
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("SHILIU_DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("SHILIU_DB_POOL_MAX_SIZE", "4")),
        "timeout": float(os.environ.get("SHILIU_DB_POOL_TIMEOUT", "10")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("SHILIU_DB_SERVER_BINDING", False):
    # Parameters bound by the server, so psycopg prepares a statement a connection has run five
    # times: the web server's statements are then planned once per connection, not at every call
    # (planning took about as long as running them: issue 10). gunicorn.conf.py turns it on for
    # the web server only: the task worker's polling statement, prepared, gets a generic plan that
    # cannot use django-tasks' partial index (5 ms a poll instead of 0.7 under the intake bench).
    # Behind a pooler in transaction mode (PgBouncer) a prepared statement may meet another
    # connection: set SHILIU_DB_SERVER_BINDING=0 there. Django's own pool keeps its connections.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take the write lock at
    # BEGIN, so two writers queue on the busy timeout instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A read replica (PostgreSQL streaming replication) for the figures' reads, when given: see
# core/db_router.py and ARCHITECTURE.md "Scale-out". Tests use the same database under this name.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["shiliu.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set (shared by every process), else this process's memory ----
# The rate limits (APIs, portal, sign-up) count in the cache, so several processes need Redis to share the count.
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
        # "notifications": the outbox's drains, run by a worker of their own (`make serve`)
        "QUEUES": ["default", "notifications"],
    }
}
# What `manage.py schedule` (run by `make serve` beside the worker) queues, every N seconds.
SHILIU_SCHEDULE = {
    "shiliu.audit.tasks.seal_trail": 5,  # the audit chain: unsealed rows stay seconds old
    "shiliu.reports.tasks.refresh_figure_rollups": 300,  # the figures page: at most 5 minutes stale
    "shiliu.service_requests.tasks.sweep_deadlines": 600,  # reminders (催办) and supervision (督办)
    "shiliu.service_requests.tasks.sweep_uploads": 3600,  # photos never attached to a request
    "shiliu.privacy.tasks.purge_personal_data": 86400,  # the retention policy
    "shiliu.insights.tasks.retrain_suggestions": 7 * 86400,  # category suggestion, from staff corrections
    "shiliu.core.tasks.prune_task_results": 86400,  # finished tasks, after 2 days
}

# --- Language, time ------------------------------------------------------------------------------
# The interface languages, one line each. Adding a language is a line here plus its catalogue
# (locale/<ll>/LC_MESSAGES/django.po): the URL prefixes, the language switcher, the languages a
# resident may prefer and the catalogue completeness check all read this list.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
    ("ug", _("Uyghur")),
    ("bo", _("Tibetan")),
]
# Languages a resident may prefer and staff answer in: every interface language.
RESIDENT_LANGUAGES = LANGUAGES
# Django knows Uyghur (right-to-left) but not Tibetan; describe any language it lacks here.
EXTRA_LANG_INFO = {
    "bo": {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"},
}
LANG_INFO.update({code: info for code, info in EXTRA_LANG_INFO.items() if code not in LANG_INFO})
LANGUAGES_BIDI = [code for code, _name in LANGUAGES if LANG_INFO.get(code, {}).get("bidi")]
# Labels ending in any script's punctuation ("？", "؟", "།") get no ":" after them.
FORM_RENDERER = "shiliu.core.forms.FormRenderer"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = REPO_DIR / "staticfiles"
# `manage.py collectstatic` (make serve runs it) writes gzip and Brotli copies that WhiteNoise
# serves from memory-mapped files with ETags (no hashed names: the vendored libraries name source
# maps we do not ship, which the manifest storage refuses); development serves the app folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage" if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 3600 if PRODUCTION else 0
# Uploaded photos are private: MEDIA_ROOT is never served as such (no /media/ URL). The views in
# service_requests/views/attachments.py check the policy and then stream the file, or hand it to the
# web server: SHILIU_SENDFILE = "" (Django streams it), "x-accel-redirect" (nginx: an `internal`
# location at SHILIU_SENDFILE_PREFIX aliased to MEDIA_ROOT) or "x-sendfile" (Apache, lighttpd).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", REPO_DIR / "media"))
SHILIU_SENDFILE = os.environ.get("SHILIU_SENDFILE", "")
SHILIU_SENDFILE_PREFIX = os.environ.get("SHILIU_SENDFILE_PREFIX", "/protected-media/")
# How long a photo attached to a form that came back with an error is kept for the next try.
SHILIU_PENDING_PHOTO_SECONDS = int(os.environ.get("SHILIU_PENDING_PHOTO_SECONDS", 24 * 3600))
# How long an Open311 media_url (a signed link to one photo, given to keyed readers) works.
SHILIU_SHARED_PHOTO_SECONDS = int(os.environ.get("SHILIU_SHARED_PHOTO_SECONDS", 24 * 3600))
# Every photo, from any channel, passes privacy/images.py: at most this many bytes and pixels
# (the pixels are read from the header, before anything is decoded).
SHILIU_PHOTO_MAX_BYTES = int(os.environ.get("SHILIU_PHOTO_MAX_BYTES", 5 * 1024 * 1024))
SHILIU_PHOTO_MAX_PIXELS = int(os.environ.get("SHILIU_PHOTO_MAX_PIXELS", 40_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Headers and cookies (SECURITY.md) ------------------------------------------------------------
# Cookies are HttpOnly and SameSite everywhere, Secure in production (HTTPS only there).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # a private tracking link never leaks to another site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# SHILIU_LOOPBACK_HTTP=1: production settings answering plain HTTP, for a benchmark on this
# machine only. It is refused unless every allowed host is a loopback name, and it turns off the
# HTTPS redirect and nothing else: cookies stay Secure (a browser session cannot work over it; API
# keys do), HSTS is still sent (browsers ignore it over HTTP).
SHILIU_LOOPBACK_HTTP = PRODUCTION and env_bool("SHILIU_LOOPBACK_HTTP", False)
if SHILIU_LOOPBACK_HTTP and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "::1", "[::1]"}:
    raise ImproperlyConfigured(
        "SHILIU_LOOPBACK_HTTP is for a benchmark on this machine: ALLOWED_HOSTS may then name "
        "only 127.0.0.1, localhost or ::1."
    )
SECURE_SSL_REDIRECT = PRODUCTION and not SHILIU_LOOPBACK_HTTP and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env_bool("SHILIU_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that terminates TLS and always sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _tile_origin(template: str) -> str:
    """The origin of the map tiles ("https://*.tile.example.org" for a {s} template)."""
    parts = urlsplit(template.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy without 'unsafe-inline' (core.middleware.SecurityHeadersMiddleware):
# scripts and styles come from our static files only; data for scripts travels in json_script
# blocks; QR codes are data: images; charts are inline SVG with presentation attributes.
SHILIU_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SHILIU_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=()"

# --- Shiliu ---------------------------------------------------------------------------------------
# Hours before a deadline at which a request counts as "due soon" and a reminder (催办) goes out.
SHILIU_DUE_SOON_HOURS = int(os.environ.get("SHILIU_DUE_SOON_HOURS", "24"))
# Casework: a new case is assessed within this many working days of opening (the spine's calendar).
SHILIU_CASE_ASSESS_WORKING_DAYS = int(os.environ.get("SHILIU_CASE_ASSESS_WORKING_DAYS", "5"))
# Duplicates at intake: an open request of the last N days, within N metres (or in the same grid
# or community), whose words are this alike (0–1, Dice over character pairs).
SHILIU_DUPLICATE_DAYS = int(os.environ.get("SHILIU_DUPLICATE_DAYS", "30"))
SHILIU_DUPLICATE_METRES = int(os.environ.get("SHILIU_DUPLICATE_METRES", "300"))
SHILIU_DUPLICATE_MIN_LIKENESS = float(os.environ.get("SHILIU_DUPLICATE_MIN_LIKENESS", "0.35"))
# Category suggestion: from this confidence on, intake forms choose the suggested category.
SHILIU_SUGGESTION_THRESHOLD = float(os.environ.get("SHILIU_SUGGESTION_THRESHOLD", "0.5"))
# Tile layer for the map picker; the grid boundaries are drawn even when tiles cannot load.
SHILIU_MAP_TILES = os.environ.get(
    "SHILIU_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
SHILIU_MAP_CENTER = (30.60, 104.00)
if _tile_origin(SHILIU_MAP_TILES):
    SHILIU_CSP["img-src"].append(_tile_origin(SHILIU_MAP_TILES))
# Where residents reach the site: private links in notifications are built on it.
SHILIU_SITE_URL = os.environ.get("SHILIU_SITE_URL", "http://127.0.0.1:8000")
# Outside channels for notifications (the in-app copy is always kept). An SMS gateway or a
# messaging app is one more backend class (see shiliu.notifications.backends).
# One-time codes (sign-up, claiming a request): minutes valid, tries allowed.
SHILIU_CODE_MINUTES = int(os.environ.get("SHILIU_CODE_MINUTES", "10"))
SHILIU_CODE_ATTEMPTS = int(os.environ.get("SHILIU_CODE_ATTEMPTS", "5"))
# One text message (a one-time code, an account notice) goes through this class's send_text;
# the logging stand-in writes the masked number only (the text too with DEBUG on).
SHILIU_SMS_SENDER = os.environ.get("SHILIU_SMS_SENDER", "shiliu.core.sms.LoggingSmsSender")
# Tencent Cloud SMS (SHILIU_SMS_SENDER=shiliu.core.sms_tencent.TencentSmsSender; README, "Text
# messages"): the API key pair, the SMS application, the approved signature and one approved
# template ID per kind of message (core.sms.Kind), optionally per language ("kind:ug=ID").
SHILIU_SMS_TENCENT = {
    "secret_id": os.environ.get("SHILIU_SMS_TENCENT_SECRET_ID", ""),
    "secret_key": os.environ.get("SHILIU_SMS_TENCENT_SECRET_KEY", ""),
    "sdk_app_id": os.environ.get("SHILIU_SMS_TENCENT_SDK_APP_ID", ""),
    "sign_name": os.environ.get("SHILIU_SMS_TENCENT_SIGN_NAME", ""),
    "region": os.environ.get("SHILIU_SMS_TENCENT_REGION", "ap-guangzhou"),
    "endpoint": os.environ.get("SHILIU_SMS_TENCENT_ENDPOINT", "sms.tencentcloudapi.com"),
    "scheme": os.environ.get("SHILIU_SMS_TENCENT_SCHEME", "https"),
    "timeout": int(os.environ.get("SHILIU_SMS_TENCENT_TIMEOUT", "10")),
    "templates": dict(
        item.strip().split("=", 1)
        for item in os.environ.get("SHILIU_SMS_TENCENT_TEMPLATES", "").split(",") if "=" in item
    ),
}
SHILIU_NOTIFICATION_BACKENDS = [
    path.strip() for path in os.environ.get(
        "SHILIU_NOTIFICATION_BACKENDS",
        "shiliu.notifications.backends.EmailBackend,shiliu.notifications.backends.LoggingSmsBackend",
    ).split(",") if path.strip()
]
# Where the PDF receipts find their fonts (Debian: fonts-noto-core, fonts-noto-cjk).
SHILIU_FONT_DIRS = os.environ.get(
    "SHILIU_FONT_DIRS", "/usr/share/fonts:/usr/local/share/fonts"
).split(":")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shiliu@localhost")

# --- APIs (REST under /api/, Open311 GeoReport v2 under /open311/v2/) -----------------------------
# Requests per window, counted per API key or signed-in staff member ("keyed") or per client
# address ("anonymous", residents signed in too); "*_intake" counts only the calls that create
# requests.
SHILIU_RATE_LIMITS = {  # calls per window, counted per caller in the cache (core/limits.py)
    # The APIs: per client address, per key or signed-in staff member
    "anonymous": os.environ.get("SHILIU_API_RATE_ANONYMOUS", "300/minute"),
    "keyed": os.environ.get("SHILIU_API_RATE_KEYED", "3000/minute"),
    "anonymous_intake": os.environ.get("SHILIU_API_RATE_ANONYMOUS_INTAKE", "20/hour"),
    "keyed_intake": os.environ.get("SHILIU_API_RATE_KEYED_INTAKE", "1200/hour"),
    # The portal: requests sent per address, and per signed-in resident from any address
    "portal_intake": os.environ.get("SHILIU_PORTAL_RATE_INTAKE", "20/hour"),
    "portal_intake_account": os.environ.get("SHILIU_PORTAL_RATE_INTAKE_ACCOUNT", "10/hour"),
    # Residents' sign-ups per address
    "sign_up": os.environ.get("SHILIU_RATE_SIGN_UP", "10/hour"),
    # Codes sent to a request's contact phone to claim it, per address and per account
    "claim_code": os.environ.get("SHILIU_RATE_CLAIM_CODE", "5/hour"),
    # The map picker's public lookups (the grid at a point, places by name), per address
    "place_lookup": os.environ.get("SHILIU_RATE_PLACE_LOOKUP", "120/minute"),
    # Texting a request's tracking link after entry on behalf, per address and per staff account
    "send_link": os.environ.get("SHILIU_RATE_SEND_LINK", "30/hour"),
    # Sign-in codes asked for per address, and per phone number or e-mail address (the blind
    # index, whether or not it has an account); codes to prove a new contact, per account
    "sign_in_code": os.environ.get("SHILIU_RATE_SIGN_IN_CODE", "10/hour"),
    "sign_in_code_identity": os.environ.get("SHILIU_RATE_SIGN_IN_CODE_IDENTITY", "5/hour"),
    "contact_code": os.environ.get("SHILIU_RATE_CONTACT_CODE", "5/hour"),
    # Category suggestions while a description is typed (web forms), per address
    "suggest": os.environ.get("SHILIU_RATE_SUGGEST", "600/hour"),
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
# Fernet keys, comma-separated: the first encrypts, all decrypt (rotation: see privacy/crypto.py).
_DEVELOPMENT_FIELD_KEY = "c2hpbGl1LWRldmVsb3BtZW50LWZpZWxkLWtleS0wMDE="  # development only
SHILIU_FIELD_KEYS = [
    key.strip() for key in env_required("SHILIU_FIELD_KEYS").split(",") if key.strip()
] if PRODUCTION else [
    key.strip() for key in os.environ.get("SHILIU_FIELD_KEYS", "").split(",") if key.strip()
] or [_DEVELOPMENT_FIELD_KEY]
# Key of the HMAC blind index that finds a request by an exact phone number.
SHILIU_BLIND_INDEX_KEY = (
    env_required("SHILIU_BLIND_INDEX_KEY") if PRODUCTION
    else os.environ.get("SHILIU_BLIND_INDEX_KEY", "shiliu-development-blind-index-key")
)

# How many days each kind of personal data is kept (privacy/retention.py); each can be set with
# SHILIU_RETENTION_<KIND>_DAYS, e.g. SHILIU_RETENTION_CLOSED_REQUEST_CONTACT_DAYS=30.
_RETENTION_DEFAULTS = {
    "closed_request_contact": 90,  # contact name, phone, exact address, after a request is closed
    "closed_request_photos": 365,  # photos attached to a closed request
    "inactive_resident_accounts": 730,  # resident accounts nobody signed in to for that long
    "withdrawn_consents": 1095,  # the record of a consent, after it was withdrawn
    "one_time_codes": 1,  # sign-in and contact codes (hashes only), after they expired
    "closed_case_notes": 1095,  # casework names and notes, once a household's cases are closed
    "moved_out_declarations": 365,  # names and exact address of a residence declaration, after moving out
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
        # axes logs every failure with the account key and address; the audit trail has them.
        "axes": {"level": "ERROR"},
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Under gunicorn its access and error lines pass the same filter (this replaces the
        # handlers gunicorn gave them; `--access-logfile -` still decides whether it logs access).
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
