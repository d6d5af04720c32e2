"""Settings for Shiliu, read from the environment.

SQLite (WAL mode) unless DATABASE_URL names another database. Only what differs between a laptop and a
city's servers comes from the environment; everything else is fixed here.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "shiliu-development-key-not-for-production")  # noqa: S105
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
    "shiliu.core",
    "shiliu.audit",
    "shiliu.people",
    "shiliu.org",
    "shiliu.service_requests",
    "shiliu.notifications",
    "shiliu.reports",
    "shiliu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shiliu.core.middleware.RememberLanguageMiddleware",
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

# --- Tasks: Django's task framework backport, queued in the database (no extra server) ------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
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
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
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
SHILIU_MAP_CENTER = (30.6586, 104.0648)
# Where residents reach the site: private links in notifications are built on it.
SHILIU_SITE_URL = os.environ.get("SHILIU_SITE_URL", "http://127.0.0.1:8000")
# Outside channels for notifications (the in-app copy is always kept). An SMS gateway or a
# messaging app is one more backend class (see shiliu.notifications.backends).
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "shiliu": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
