"""Marquee settings: one module, driven by the environment (every variable is in `.env.example`
and the README). The embedded default (nothing set) is SQLite, local-memory cache, console email
and tasks run in process; production switches each by a variable, never a second settings file.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from config.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-accepted-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Marquee")
#: The country whose offers come first for a reader who chose none (ISO 3166-1 alpha-2);
#: blank: none (worldwide offers first, every country's folded below). Never from geo-IP.
DEFAULT_COUNTRY = os.environ.get("DEFAULT_COUNTRY", "GB").strip().upper()
# Absolute base used where no request is at hand (feeds in mail, JSON-LD publisher).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, with the newsroom dashboard (desk/) as its index page.
    "desk.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "adminsortable2",
    "ckeditor",
    "django_prose_editor",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "allauth",
    "allauth.account",
    "core",
    "images",
    "outbox",
    "axes",
    "csp",
    "productions",
    "people",
    "articles",
    "pages",
    "discussion",
    "members",
    "exchange",
    "desk",
    "reader",
    # Self-hosted Swagger UI assets for the API docs page (no CDN under the strict CSP).
    "ninja",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An address with control characters, broken UTF-8 or an absurd length: 400, read no further.
    "core.urlguard.MalformedUrlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression (brotli, else gzip) of pages rendered per request; cached pages are stored
    # compressed and pass through it untouched.
    "reader.compression.CompressionMiddleware",
    # The read API's CORS and per-IP rate limit, before the page cache so cached answers count.
    "api.middleware.ApiEdgeMiddleware",
    # Anonymous readers' cached pages are served from here, before sessions, CSRF and auth.
    "reader.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A post another site's page sent is refused before any view (or CSRF check) reads it.
    "core.origin.CrossSiteRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page that would be a 404 may be an old WordPress address: a 301 to its article.
    "exchange.middleware.LegacyRedirectMiddleware",
    "reader.middleware.ContentSecurityPolicyMiddleware",
    "reader.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
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
                "reader.context_processors.site",
            ],
        },
    },
]

# Database: SQLite beside the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # An unreachable server fails in seconds (a 503 page), not after the OS's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
else:
    # Wait for a busy SQLite file rather than failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, shared by every app server; a Redis
# outage degrades to cache misses (IGNORE_EXCEPTIONS), never to errors, and after one
# connection error or timeout each process skips Redis for CACHE_RETRY_SECONDS
# (core/cache.py), so a hung Redis costs one timeout, not one per cache call.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "marquee"),
            "OPTIONS": {
                "CLIENT_CLASS": "core.cache.CircuitBreakerClient",
                "CIRCUIT_BREAKER_SECONDS": env_int("CACHE_RETRY_SECONDS", 5),
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # An outage is logged by core/cache.py: one line when it starts, one when it ends.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "marquee",
            # Room for the page cache beside rate limits (Django's default is 300 entries).
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Page cache (reader/cache.py): published pages for readers without a session, kept in the
# default cache and refreshed on commit by the services and admin saves that change them.
# PAGE_CACHE_TIMEOUT=0 turns it off (pages are still sent with the headers below).
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 60 * 60)
# What browsers and CDNs are told (Cache-Control) about an anonymous published page.
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 5 * 60)
PAGE_CACHE_STALE_IF_ERROR = env_int("PAGE_CACHE_STALE_IF_ERROR", 24 * 60 * 60)
from config.edge_settings import *  # noqa: E402, F403 (edge cache: docs/edge-cache.md)
from config.security_settings import *  # noqa: E402, F403 (sign-in and rate limits)

SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]
# List indexes carry extra columns on PostgreSQL (index-only scans); SQLite keeps the keys.
SILENCED_SYSTEM_CHECKS += [] if IS_POSTGRES else ["models.W040"]
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files: hashed, compressed names served by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    # The packages' static files without their sample and test pages (config/staticfiles.py).
    "config.staticfiles.PackageStaticFinder",
]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic` first; tests and DEBUG use plain names.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Serve uploaded media from the app unless a CDN or web server does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Uploads get unique names, so browsers may keep them this long (seconds).
MEDIA_MAX_AGE = env_int("MEDIA_MAX_AGE", 365 * 24 * 60 * 60)
# Uploaded pictures larger than this many megabytes are refused with a form error.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
# Pictures with more pixels than this many millions are refused before Pillow decodes them.
MAX_UPLOAD_MEGAPIXELS = env_int("MAX_UPLOAD_MEGAPIXELS", 40)

# Email: console unless EMAIL_URL or EMAIL_HOST says otherwise.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Marquee <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )

# Tasks (django-tasks): run in process by default; TASKS_BACKEND=database
# queues them in PostgreSQL for the task worker, `manage.py run_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

# Rich-text editor behind one seam (articles/richtext.py): "ckeditor" or "prose".
MARQUEE_RICH_TEXT_EDITOR = os.environ.get("MARQUEE_RICH_TEXT_EDITOR", "ckeditor")
if MARQUEE_RICH_TEXT_EDITOR not in {"ckeditor", "prose"}:
    raise ImproperlyConfigured("MARQUEE_RICH_TEXT_EDITOR must be 'ckeditor' or 'prose'.")
CKEDITOR_BASEPATH = f"{STATIC_URL}ckeditor/ckeditor/"

# "Netflix" typed beside an existing "netflix" reuses that tag, so readers' tag pages never split.
TAGGIT_CASE_INSENSITIVE = True

# Content-Security-Policy (django-csp): scripts, styles, fonts and frames only from this
# origin, images also from MEDIA_URL's (a CDN). No nonces: public pages carry no inline script,
# so a cached page suits everyone. The admin's relaxation for editors: reader/middleware.py.
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Instagram describes posts to embed blocks only to sites with a Meta app access token
# ("app-id|client-token"); without it an Instagram embed shows as a link and says why.
INSTAGRAM_OEMBED_TOKEN = os.environ.get("INSTAGRAM_OEMBED_TOKEN", "")

# How long (seconds) a staff preview link of a draft keeps working.
MARQUEE_PREVIEW_MAX_AGE = env_int("MARQUEE_PREVIEW_MAX_AGE", 7 * 24 * 60 * 60)

# Behind a proxy or CDN that terminates TLS.
if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Load balancers probe these over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Seconds a "database unavailable" 503 page asks browsers and crawlers to wait (Retry-After).
DATABASE_UNAVAILABLE_RETRY_AFTER = env_int("DATABASE_UNAVAILABLE_RETRY_AFTER", 30)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default config gives "django" a second console handler in
        # DEBUG, which printed every line twice; one handler, as chatty as before.
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else LOG_LEVEL,
            "propagate": False,
        },
    },
}
