"""Settings read from the environment; SQLite when DATABASE_URL is unset."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-not-for-production-use-fieldsales-0123456789"
# Keys of the signed-feedback seal (HMAC-SHA256), "v2:<base64>,v1:<base64>", current first:
# see fieldsales/core/seals.py. Unset, a key is derived from SECRET_KEY (development only:
# production must set it; `check --deploy` warns).
FEEDBACK_SEAL_KEYS = os.environ.get("FEEDBACK_SEAL_KEYS", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "fieldsales.core",
    "fieldsales.org",
    "fieldsales.notifications",
    "fieldsales.crm",
    "fieldsales.sales",
    "fieldsales.trips",
    "fieldsales.department",
    "fieldsales.reports",
    "fieldsales.demo",
]

MIDDLEWARE = [
    # First: the request id and the request's log line cover every other middleware.
    "fieldsales.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "fieldsales.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fieldsales.core.middleware.LanguageMiddleware",
    "fieldsales.core.middleware.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fieldsales.core.middleware.InboxCountMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during the request into the 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fieldsales.urls"
WSGI_APPLICATION = "fieldsales.wsgi.application"

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
                "django.template.context_processors.i18n",
                "fieldsales.core.context.navigation",
                "fieldsales.notifications.context.bell",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("FIELDSALES_DATA_DIR", PROJECT_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fieldsales.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # A file, not memory: concurrency tests open real parallel connections.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_NAME") or str(DATA_DIR / f"test-{os.getpid()}.sqlite3")
    }
    # crm's covering index `customer_kept` INCLUDEs columns for PostgreSQL; SQLite keeps it
    # without them, as intended. Django's warning about that would open every command's output.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (core.hashers); the others verify hashes made before it, which the next
# sign-in rewrites as Argon2id.
PASSWORD_HASHERS = [
    "fieldsales.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: its password_changed() hook revokes the user's API tokens on every change.
    {"NAME": "fieldsales.org.accounts.RevokeTokensOnPasswordChange"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# Date formats per language (fieldsales/formats): pages use format names, never "Y年n月j日".
FORMAT_MODULE_PATH = ["fieldsales.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# whitenoise's list plus source maps: only a browser's developer tools fetch them, and
# compressing them (brotli) took half of `collectstatic`'s time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)
# Receipts live outside the web root and are served only through a permission-checked view.
MEDIA_ROOT = DATA_DIR / "media"
# Or in an S3-compatible bucket (django-storages) when FIELDSALES_MEDIA_S3_BUCKET is set: the
# same views read the files through the storage and stream them after their permission check.
# The bucket stays private (no ACL granted, no MEDIA_URL: nothing ever links to the bucket).
# Credentials: FIELDSALES_MEDIA_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY, or boto3's own (AWS_* or
# an instance role). `fieldsales backup` covers MEDIA_ROOT only: version the bucket instead.
MEDIA_S3_BUCKET = os.environ.get("FIELDSALES_MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("FIELDSALES_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("FIELDSALES_MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("FIELDSALES_MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("FIELDSALES_MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("FIELDSALES_MEDIA_S3_PREFIX", "media"),
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # should a URL ever be made, it is signed and expires
            "file_overwrite": False,  # same name: a new one, as on disk
        },
    }

# Cache and sessions: with REDIS_URL (redis://127.0.0.1:6379/1) every process shares one
# cache (rate limits count across workers and servers) and sessions are read from it, written
# through to the database (`cached_db`: a Redis restart logs nobody out). Unset: each process
# has its own local-memory cache and sessions are in the database, as before.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fieldsales",
            # A Redis that does not answer fails the request in a second, not a minute.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RECEIPT_MAX_BYTES = envint("RECEIPT_MAX_BYTES", 10 * 1024 * 1024)  # one receipt or photo
# A photo larger than this many pixels is refused before it is decoded (a decompression bomb:
# a small file declaring a huge picture); 50 MP holds any phone camera's normal photo.
UPLOAD_MAX_PIXELS = envint("UPLOAD_MAX_PIXELS", 50_000_000)
# Request bodies (core.middleware.BadInputMiddleware refuses a larger one with a 400 from its
# Content-Length, before anything reads it; a body without a length is refused too).
# What is held in memory: a JSON or form body, and the fields of a multipart body besides files.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)  # 2.5 MB
# An uploaded file larger than this streams to a temporary file on disk, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A multipart body with its files; the pages that send several files at once may send more
# (a claim with a receipt on each line).
MAX_REQUEST_BYTES = envint("MAX_REQUEST_BYTES", 15 * 1024 * 1024)
MAX_REQUEST_BYTES_BY_PATH = {
    r"^/(trips/\d+/claim|claims/\d+/edit)/$": envint("MAX_CLAIM_REQUEST_BYTES", 50 * 1024 * 1024),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fieldsales.org.accounts.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "fieldsales.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "fieldsales.core.parsers.JSONParser",
        "fieldsales.core.parsers.FormParser",
        "fieldsales.core.parsers.MultiPartParser",
    ],
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fieldsales API",
    "DESCRIPTION": "Trips, advances, expense claims and approvals of a sales department.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for logged-in users; Swagger UI is served from our static files.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TripStatusEnum": "fieldsales.trips.models.TripStatus",
        "AdvanceStatusEnum": "fieldsales.trips.models.AdvanceStatus",
        "ClaimStatusEnum": "fieldsales.trips.models.ClaimStatus",
        "CustomerKindEnum": "fieldsales.crm.models.CustomerKind",
        "CustomerStatusEnum": "fieldsales.crm.models.CustomerStatus",
        "TransferKindEnum": "fieldsales.crm.models.TransferKind",
        "StageEnum": "fieldsales.crm.models.Stage",
        "VisitStatusEnum": "fieldsales.crm.models.VisitStatus",
        "ServiceKindEnum": "fieldsales.crm.models.ServiceKind",
        "ServiceStatusEnum": "fieldsales.crm.models.ServiceStatus",
        "SurveyKindEnum": "fieldsales.crm.models.SurveyKind",
        "PayMethodEnum": "fieldsales.trips.models.PayMethod",
        "InquiryKindEnum": "fieldsales.sales.inquiries.models.InquiryKind",
        "InquiryStatusEnum": "fieldsales.sales.inquiries.models.InquiryStatus",
        "RequestKindEnum": "fieldsales.sales.inquiries.models.RequestKind",
        "PlanItemStatusEnum": "fieldsales.department.plans.models.ItemStatus",
        "VehicleStatusEnum": "fieldsales.department.vehicles.models.VehicleStatus",
        "VehicleBookingStatusEnum": "fieldsales.department.vehicles.models.BookingStatus",
        "ClockImportStatusEnum": "fieldsales.department.attendance.models.ClockImportStatus",
        "DutyStateEnum": "fieldsales.department.duty.models.DutyState",
    },
}

# How often one user may ask for possible duplicate customers, page and API together.
CRM_DUPLICATE_CHECKS_PER_MINUTE = envint("CRM_DUPLICATE_CHECKS_PER_MINUTE", 30)

# API tokens (api.md "Authentication"): a token unused for this many days stops working.
API_TOKEN_IDLE_DAYS = envint("API_TOKEN_IDLE_DAYS", 30)
# A token's last use is written at most this often, not on every request.
API_TOKEN_TOUCH_SECONDS = envint("API_TOKEN_TOUCH_SECONDS", 300)

# Brute force (django-axes): a username is locked after LOGIN_FAILURES_PER_USER failures, an
# address only after LOGIN_FAILURES_PER_ADDRESS (an office shares one address), both for
# LOGIN_LOCKOUT_MINUTES (0: until an admin unlocks it under 管理 → Axes). Page, admin and API alike.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURES_PER_USER", 5)
AXES_IP_FAILURE_LIMIT = envint("LOGIN_FAILURES_PER_ADDRESS", 50)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "fieldsales.org.accounts.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "fieldsales.org.accounts.lockout_response"
AXES_COOLOFF_TIME = (
    None
    if envint("LOGIN_LOCKOUT_MINUTES", 30) == 0
    else timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
)
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT reverse proxies the client's address is that many hops from the right of
# X-Forwarded-For; with none (the default) it is REMOTE_ADDR.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "fieldsales.org.accounts.client_address"

# Content-Security-Policy (django-csp): our own origin only, no inline script anywhere.
# Inline style attributes stay allowed (templates and Swagger UI use them; they run no code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Location for check-ins on our own pages only; no camera, microphone, payment or USB API.
PERMISSIONS_POLICY = {
    "geolocation": "(self)",
    "camera": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
# A load balancer probes over plain HTTP (fieldsales/core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Notifications (department.md D11). Celery with Redis as the broker when CELERY_BROKER_URL is
# set (redis://127.0.0.1:6379/0); unset, tasks run in-process and cron runs `fieldsales jobs`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# E-mail over SMTP only when EMAIL_HOST is set; users' e-mail field is the address.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fieldsales@localhost")
# A DingTalk or WeCom group robot's address: every notification is posted there too.
FIELDSALES_WEBHOOK_URL = os.environ.get("FIELDSALES_WEBHOOK_URL", "")
# The site's address, for the links in e-mails and robot messages ("" leaves them relative).
FIELDSALES_BASE_URL = os.environ.get("FIELDSALES_BASE_URL", "")

# Logs go to stderr, each record with its request id (fieldsales/core/requestlog.py): one JSON
# object a line with FIELDSALES_LOG_JSON=1 (production, with a line per request), plain text
# otherwise.
LOG_JSON = envbool("FIELDSALES_LOG_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "fieldsales.core.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "fieldsales.core.requestlog.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_JSON else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # In development the request lines follow LOG_LEVEL (runserver prints its own); in JSON,
    # Django's own records leave its plain console handler for ours.
    "loggers": {
        "fieldsales.request": {"level": "INFO"},
        "django": {"handlers": [], "propagate": True},
    }
    if LOG_JSON
    else {},
}
