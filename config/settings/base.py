"""Settings for every environment, read from environment variables with safe defaults.

With no configuration at all the project runs on SQLite in ``var/``, with secrets generated there.
``production.py`` adds the HTTPS hardening on top; ``test.py`` makes tests fast.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from .secrets import read_or_create

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or read_or_create(VAR_DIR / "secret_key")
# Key for personal data (ID numbers): encryption at rest and the keyed look-up hash.
PII_KEY = env.str("PII_KEY", default="") or read_or_create(VAR_DIR / "pii_key")
# During a key rotation (manage.py rotate_pii_key): the retired secrets, comma-separated, still read, never written.
PII_OLD_KEYS = env.list("PII_OLD_KEYS", default=[])
# Backups (manage.py backup): archives are encrypted with BACKUP_KEY (keep it in the vault beside PII_KEY: an
# archive cannot be opened without it). With BACKUP_DIR set, run_periodic takes the nightly backup there.
BACKUP_KEY = env.str("BACKUP_KEY", default="") or read_or_create(VAR_DIR / "backup_key")
BACKUP_DIR = env.str("BACKUP_DIR", default="")
# Retention (ops/services/retention.py): days per rule, e.g. RETENTION_DAYS="job_files=30;phone_codes=7"; 30 if unset.
RETENTION_DAYS = env.dict("RETENTION_DAYS", cast={"value": int}, default={})
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "ninja",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "orgs",
    "members",
    "activities",
    "appeals",
    "care",
    "rights",
    "reports",
    "ops",
    "places",
    "unionlife",
    "benefits",
    "honours",
    "training",
    "contests",
    "library",
    "volunteers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.audience.ConsoleAudienceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite: WAL so readers never block the writer, IMMEDIATE so a write transaction takes the lock up front
# (no "database is locked" upgrade deadlocks), and a busy timeout so writers queue instead of failing.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background tasks ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# TASK_BACKEND: "database" (default, worker: `manage.py db_worker`), "rq" (Redis, worker: `manage.py rqworker`)
# or "immediate" (run inline; tests).
TASK_BACKEND = env.str("TASK_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
INSTALLED_APPS.append("django_rq")
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}

# --- Authentication and login security -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The org tree (core.tree.get_org_model): what reports and core read the tree through, without importing orgs.
ORG_MODEL = "orgs.Org"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Members log in with their phone number; after axes' backend so the same lock-out applies.
    "accounts.backends.PhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Policy (docs/permissions.md): at least 8 characters, at least 3 of 4 character classes, not like the
# username, not a common password, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "console_home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after 5 failures per (username, IP) for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# 429 with Retry-After; JSON under /api/ (accounts/lockout.py).
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# A phone typed differently is the same phone: failures are counted per account, not per spelling.
AXES_USERNAME_CALLABLE = "accounts.lockout.counted_username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT so the client IP is taken from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None

# Idle timeout: the session expires 30 minutes after the last request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
API_TOKEN_TTL = timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=12))

# --- Internationalisation ----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files -----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Email, SMS -------------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# core/sms.py: console, file (JSON lines in SMS_FILE), locmem (tests) or a dotted path to a gateway class.
SMS_BACKEND = env.str("SMS_BACKEND", default="file")
SMS_FILE = VAR_DIR / "sms.log"
# Verification codes texted to workers (appeals): besides one a minute and five an hour per number, at most this
# many an hour from one client address and in all; past either, 429 with Retry-After.
SMS_CODES_PER_IP_HOUR = env.int("SMS_CODES_PER_IP_HOUR", default=20)
SMS_CODES_PER_HOUR = env.int("SMS_CODES_PER_HOUR", default=1000)
# Where links in text messages point (the member site as workers reach it).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Logging ----------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Paths of list pages; shared with the API.
PAGE_SIZE = 20

# --- Row locks (core/locking.py) ---------------------------------------------------------------------------
# How long a transaction waits for a row lock on PostgreSQL before answering 系统繁忙 (503) instead of queueing.
LOCK_TIMEOUT_SECONDS = env.float("LOCK_TIMEOUT_SECONDS", default=10)
# Fail loudly when a transaction locks rows out of the declared order (docs/layout.md); on in development and tests.
LOCK_ORDER_CHECK = env.bool("LOCK_ORDER_CHECK", default=DEBUG)


# --- Browser security headers ------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts and stylesheets only from this site, inline ones only with the
# per-response nonce (templates: nonce="{{ request.csp_nonce }}"); no inline event handlers (static/src/app.js
# handles data-confirm and friends). Templates use classes, not style attributes; scripts may set styles. Extra
# image hosts (a configured map tile server) come from CSP_EXTRA_IMG_SRC. docs/decisions/0009.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Style *attributes* set by libraries at run time (ECharts positions its canvas and tooltips with them).
        # Stylesheets and <style> elements stay restricted to this site and the nonce (style-src-elem).
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy: the camera (check-in scanning) and location (near me, the place finder) for this site only;
# everything else off.
PERMISSIONS_POLICY = (
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
)
# Paths whose answers carry personal data or staff work: never stored by a browser or a proxy.
NO_STORE_PREFIXES = ("/console/", "/m/", "/partner/", "/accounts/", "/sysadmin/", "/api/v1/")
# Under /api/v1/ the schema and its docs page are public and cacheable.
NO_STORE_EXCEPT = ("/api/v1/openapi.json", "/api/v1/docs")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The phone finder draws a static schematic of nearby places; a deployment with its own map tile server may name a
# tile URL template ({z}/{x}/{y}) here. Empty: no tiles are ever fetched (intranet deployments block them).
PLACES_TILE_URL = env.str("PLACES_TILE_URL", default="")
