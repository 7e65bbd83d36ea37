"""Danchu settings: one file, driven by the environment, safe by default.

Modes (``DANCHU_ENV``):
- ``development`` (default): SQLite under ``./var/``, a secret key generated once into
  ``./var/secret_key``, debug only when ``DANCHU_DEBUG=1``.
- ``production``: refuses to start without ``DANCHU_SECRET_KEY`` and ``DANCHU_ALLOWED_HOSTS``
  or with ``DANCHU_DEBUG`` on; secure cookies, HSTS and HTTPS redirect.

``DATABASE_URL`` switches the database to PostgreSQL (``postgres://user@host:5432/name``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DANCHU_VAR_DIR", Path.cwd() / "var")).resolve()


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENV = os.environ.get("DANCHU_ENV", "development").strip().lower()
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DANCHU_ENV must be 'development' or 'production'.")
PRODUCTION = ENV == "production"

DEBUG = env_flag("DANCHU_DEBUG")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DANCHU_DEBUG must be off in production.")
    SECRET_KEY = os.environ.get("DANCHU_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DANCHU_SECRET_KEY must be set (at least 50 characters) in production."
        )
    _hosts = os.environ.get("DANCHU_ALLOWED_HOSTS", "")
    if not _hosts.strip():
        raise ImproperlyConfigured("DANCHU_ALLOWED_HOSTS must be set in production.")
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
else:
    SECRET_KEY = os.environ.get("DANCHU_SECRET_KEY", "")
    if not SECRET_KEY:
        # Never a default secret: a random key is generated once per checkout and kept.
        key_file = VAR_DIR / "secret_key"
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(64))
            key_file.chmod(0o600)
        SECRET_KEY = key_file.read_text().strip()
    ALLOWED_HOSTS = [
        h.strip()
        for h in os.environ.get("DANCHU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
        if h.strip()
    ]

INSTALLED_APPS = [
    # First, so that its templates and translations win over Django's own ("Đăng xuất").
    "danchu.core",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "danchu.onestop",
    "danchu.letters",
    "danchu.disclosure",
    "danchu.tasks",
    "danchu.oversight",
    "danchu.conference",
    "danchu.inspections",
    "danchu.reports",
    "danchu.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "danchu.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danchu.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danchu.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "danchu.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danchu.core.middleware.HtmlErrorPagesMiddleware",
]

ROOT_URLCONF = "danchu.urls"
DATABASE_ROUTERS = ["danchu.core.routers.ReplicaRouter"]
WSGI_APPLICATION = "danchu.wsgi.application"
ASGI_APPLICATION = "danchu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danchu.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("DANCHU_CONN_MAX_AGE", "60")),
        )
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode a cursor cannot outlive its transaction.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_flag("DANCHU_PGBOUNCER")
    if os.environ.get("DANCHU_REPLICA_URL"):
        # A streaming read replica of the same database: reports and dashboards read from it
        # (danchu.core.routers); in tests it is the primary itself.
        DATABASES["replica"] = dj_database_url.parse(
            os.environ["DANCHU_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DANCHU_CONN_MAX_AGE", "60")),
        )
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = env_flag("DANCHU_PGBOUNCER")
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DANCHU_SQLITE_PATH", str(VAR_DIR / "danchu.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: a transaction takes the write lock at BEGIN, so two writers queue
                # on the busy timeout instead of one failing at its first write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Deleted content is overwritten, not left in free pages (a letter's
                    # signatories moved into the identity vault must not linger in the file).
                    "PRAGMA secure_delete=ON;"
                ),
            },
            # A file, not shared-cache memory: concurrent tests then see SQLite's real locking
            # (WAL and the busy timeout) instead of immediate "table is locked" errors.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "danchu.core.auth.LockoutModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Lockout: this many failures in a row lock the account for DANCHU_LOCKOUT_MINUTES.
DANCHU_LOCKOUT_FAILURES = int(os.environ.get("DANCHU_LOCKOUT_FAILURES", "5"))
DANCHU_LOCKOUT_MINUTES = int(os.environ.get("DANCHU_LOCKOUT_MINUTES", "15"))
# Two-factor login (TOTP) for administrators, heads and vault openers: on in production; off by
# default in development so that the demo's logins work with a password alone.
DANCHU_TWO_FACTOR = env_flag("DANCHU_TWO_FACTOR", PRODUCTION)
# Failed logins (password or code) from one address in 15 minutes before it must wait: a
# password spray over many accounts, each under its own lockout threshold.
DANCHU_LOGIN_ATTEMPTS = int(os.environ.get("DANCHU_LOGIN_ATTEMPTS", "30"))

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files: all served by the app (WhiteNoise), no CDN --------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even when empty
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("DANCHU_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's probe speaks plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DANCHU_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("DANCHU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANCHU_LOG_LEVEL", "WARNING")},
}

# --- API -------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200

# --- Background jobs: a queue in the database, worked by `danchu db_worker` ---------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DANCHU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
EMAIL_BACKEND = os.environ.get(
    "DANCHU_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DANCHU_FROM_EMAIL", "danchu@localhost")
EMAIL_HOST = os.environ.get("DANCHU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DANCHU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DANCHU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DANCHU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DANCHU_EMAIL_TLS")
# The identity vault's Fernet keys, newest first (see danchu/letters/vault.py). Unset: the key
# file <var>/vault.key, created outside production.
VAULT_KEYS = [k.strip() for k in os.environ.get("DANCHU_VAULT_KEYS", "").split(",") if k.strip()]
# How many reverse proxies stand in front of the app: the citizen's address is then read from
# X-Forwarded-For (that many entries from the right), for the public pages' miss limits.
DANCHU_PROXY_COUNT = int(os.environ.get("DANCHU_PROXY_COUNT", "0"))
# The public address of the portal, printed in QR codes on slips.
DANCHU_PUBLIC_URL = os.environ.get("DANCHU_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Danchu ----------------------------------------------------------------------------------
# Years the working-day calendar answers for; dates outside are refused with a message.
DANCHU_CALENDAR_YEARS = (1995, 2100)
