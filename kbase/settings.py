"""Django settings for kbase, read from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local development, set DJANGO_DEBUG=1 to use an insecure default)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks_db",
    "sources",
    "claims",
    "kbase",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so its process_exception sees a view's database errors first.
    "kbase.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "kbase.urls"
WSGI_APPLICATION = "kbase.wsgi.application"
ASGI_APPLICATION = "kbase.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise (postgres://user@host:port/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets page reads proceed while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # Pages and imports run many short queries: starting a parallel worker (several ms) or
    # JIT-compiling a plan costs them more than it saves. KBASE_PG_OPTIONS="" keeps the server's.
    pg_options = os.environ.get(
        "KBASE_PG_OPTIONS", "-c max_parallel_workers_per_gather=0 -c jit=off"
    ).strip()
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", pg_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("KBASE_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Caches: local memory unless REDIS_URL is set (shared by every process then).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kbase"}
    )
}

# Background tasks: run at once in-process by default, so the embedded set-up needs no worker.
# KBASE_TASKS_BACKEND=database (one machine, `manage.py db_worker`)
# or rq (Redis, several machines, `manage.py rqworker`).
TASKS_BACKEND = os.environ.get("KBASE_TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "dummy": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"KBASE_TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
if TASKS_BACKEND == "rq":
    # django-tasks-rq reads its queues through django_rq, which also gives `manage.py rqworker`;
    # its workers must run django-tasks-rq's job class to call a django.tasks task.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}

REST_FRAMEWORK = {
    # Token first, so an anonymous write answers 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kbase.api_support.ReadOpenWriteCurator"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "kbase.api_support.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kbase.api_support.Pagination",
    "PAGE_SIZE": 50,
    # JSON only: people browse the API through Swagger UI at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "kbase.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "kbase.api_support.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("KBASE_THROTTLE_ANON", "600/minute"),
        "user": os.environ.get("KBASE_THROTTLE_USER", "3000/minute"),
    },
    # Proxies in front of gunicorn (docs/deployment.md: one). Throttles count a client by the
    # address the nearest proxy saw; DRF's default trusts the whole X-Forwarded-For header, so a
    # client could send a new value each time and never be throttled.
    "NUM_PROXIES": int(os.environ.get("KBASE_NUM_PROXIES", "1")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "kbase API",
    "DESCRIPTION": (
        "Claims about North Korea's overseas labour, with their quotes, sources and links."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kbase.api_schema.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "claims.models.ReviewStatus",
        "KindEnum": "claims.models.Kind",
        "MeasureEnum": "claims.models.Measure",
        "ProvisionEnum": "claims.models.Provision",
        "OutletKindEnum": "sources.models.Outlet.Kind",
        "LinkRelationEnum": "claims.models.ClaimLink.Relation",
        "LinkDecisionEnum": "claims.models.ClaimLink.Decision",
        "LinkMethodEnum": "claims.models.ClaimLink.Method",
        "ClaimMethodEnum": "claims.models.Claim.Method",
        "DatePrecisionEnum": "sources.models.DatePrecision",
    },
}

# kbase's own knobs.
KBASE = {
    # Largest article text accepted, in bytes of UTF-8.
    "MAX_ARTICLE_BYTES": int(os.environ.get("KBASE_MAX_ARTICLE_BYTES", str(5 * 1024 * 1024))),
    # Relative tolerance under which two figures of one subject agree (0.10 = 10 %).
    "LINK_TOLERANCE": float(os.environ.get("KBASE_LINK_TOLERANCE", "0.10")),
    # Links a new claim gets at most in a topic of many comparable figures (own origin first,
    # then nearest in time); pairs already linked are always compared again.
    "LINKS_PER_CLAIM": int(os.environ.get("KBASE_LINKS_PER_CLAIM", "8")),
    # Require login for reads of the API and pages.
    "REQUIRE_LOGIN_FOR_READS": env_bool("KBASE_REQUIRE_LOGIN_FOR_READS"),
    # Cache home page counts and topic summaries (kbase/cache.py). On by default only with a
    # cache every process shares: workers' and commands' writes cannot reach a local one.
    "CONTENT_CACHE": env_bool("KBASE_CONTENT_CACHE", bool(REDIS_URL)),
}
# An API post must be able to carry the largest article (plus its metadata and JSON escapes);
# anything bigger is answered 413 unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = KBASE["MAX_ARTICLE_BYTES"] + 1024 * 1024

# Production hardening (each can be relaxed from the environment for a plain-HTTP test rig).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
