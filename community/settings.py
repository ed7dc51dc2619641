"""Settings for Samskab. Every knob is an environment variable read through community.env."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from community.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

# SAMSKAB_ENV=production turns on every safe default and demands real secrets.
ENVIRONMENT = envstr("SAMSKAB_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"SAMSKAB_ENV={ENVIRONMENT!r} must be 'development' or 'production'."
    )
PRODUCTION = ENVIRONMENT == "production"
DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Behind the load balancer the client's address is the last one it appends to X-Forwarded-For;
# allauth's rate limits, DRF's throttles, the audit log and our own limits all read it from there.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# The site's public address, used in every mail and feed link; production must name it.
SITE_URL = envstr("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's public https:// address in production "
        "(e.g. SITE_URL=https://samskab.kommune.dk): mails and calendar feeds link to it."
    )
SITE_ID = 1
# The name allauth's mails sign with (the Sites row follows it and SITE_URL after each migrate).
SITE_NAME = envstr("SITE_NAME", "Samskab")
# The municipality until an administrator (or `manage.py setup_municipality`) stores it in the
# database: the Municipality row in community/municipality.py wins over these.
MUNICIPALITY_CODE = envstr("MUNICIPALITY_CODE", "")
MUNICIPALITY_NAME = envstr("MUNICIPALITY_NAME", "")
MUNICIPALITY_WEBSITE = envstr("MUNICIPALITY_WEBSITE", "")
MUNICIPALITY_EMAIL = envstr("MUNICIPALITY_EMAIL", "")

INSTALLED_APPS = [
    "community.apps.SamskabAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "csp",
    "community",
    "bookings",
    "localareas",
    "volunteers",
    "maps",
    "matching",
    "hearings",
    # Last: its part of a citizen's page (citizen_page.py) comes after the other apps' parts.
    "community.messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (it serves static files compressed already), above whatever writes a body.
    "community.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "community.middleware.DanishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "community.middleware.FrameAncestorsMiddleware",
    "community.middleware.MunicipalityTilesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "community.middleware.HtmxMessagesMiddleware",
    "community.middleware.AuditActorMiddleware",
    "community.middleware.StaffMFAMiddleware",
    # Last: its process_view answers after every middleware above has read the request.
    "community.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "community.urls"
# Forms render with the DKFDS markup in templates/django/forms/ (labels, hints and errors tied to fields).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.platform",
            ],
            # Every page is translated: {% translate %} and friends need no {% load i18n %}.
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

# Database: SQLite out of the box, PostgreSQL through DATABASE_URL.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

# Cache, sessions and rate limits live in Redis when REDIS_URL is set.
REDIS_URL = envstr("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    # A cache per process would give every web process its own rate limits and lock-outs.
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. REDIS_URL=redis://127.0.0.1:6379/0): "
        "rate limits, lock-outs and sessions must be shared by all web processes."
    )
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (issue 16) on Celery. With a broker (CELERY_BROKER_URL, else REDIS_URL) tasks go to
# the workers; without one (`make run`, the test suite) they run in a thread of the process that
# queued them, after its transaction commits (community/tasks.py), so pages still show progress.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged when it has finished, so a worker lost mid-task leaves it for another
# worker; every task is written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task not acknowledged in this time is handed to another worker (Redis's visibility timeout).
# CELERY_KEY_PREFIX keeps sites (or test processes) that share one Redis database apart.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT_S", 3600),
    "global_keyprefix": envstr("CELERY_KEY_PREFIX"),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": envstr("CELERY_KEY_PREFIX")}
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Each scheduled job is still a management command too; beat calls the same service.
# MAPS_SYNC_SOURCES: "source=URL" pairs, comma-separated, synced nightly one task per source.
MAPS_SYNC_SOURCES = dict(
    item.split("=", 1) for item in envlist("MAPS_SYNC_SOURCES", []) if "=" in item
)
CELERY_BEAT_SCHEDULE = {
    "booking-reminders": {
        "task": "bookings.tasks.booking_reminders",
        "schedule": crontab(minute=5),
    },
    "volunteer-reminders": {
        "task": "volunteers.tasks.volunteer_reminders",
        "schedule": crontab(hour=6, minute=15),
    },
    "matching-follow-ups": {
        "task": "matching.tasks.follow_ups",
        "schedule": crontab(hour=6, minute=30),
    },
    "retention": {
        "task": "community.tasks.retention",
        "schedule": crontab(hour=3, minute=0),
    },
    **{
        f"maps-sync-{source}": {
            "task": "maps.tasks.maps_sync",
            "schedule": crontab(hour=4, minute=0),
            "kwargs": {"source": source, "location": location},
        }
        for source, location in MAPS_SYNC_SOURCES.items()
    },
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "community.backends.AdministratorRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: e-mail only, verified, rate limited; TOTP for staff (enforced in StaffMFAMiddleware).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samskab"
# One 30-second step either side (RFC 6238 section 5.2): a code typed as the phone rolls over, or
# checked a moment later by the server, is still accepted. allauth refuses a code used twice.
MFA_TOTP_TOLERANCE = 1

# "Log ind med MitID": MitID speaks to the platform through an OpenID Connect broker (NemLog-in,
# Criipto, Signicat ...), set up here by its issuer URL and the client the broker issued. Without
# SAMSKAB_MITID_SERVER_URL the button is not shown. A first MitID log-in makes a citizen account;
# it is never joined to an existing account by e-mail alone (the broker's address is not proof).
MITID_SERVER_URL = envstr("SAMSKAB_MITID_SERVER_URL")
MITID_ORIGIN = "/".join(MITID_SERVER_URL.split("/")[:3]) if MITID_SERVER_URL else ""
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "mitid",
                "name": "MitID",
                "client_id": envstr("SAMSKAB_MITID_CLIENT_ID"),
                "secret": envstr("SAMSKAB_MITID_CLIENT_SECRET"),
                "settings": {"server_url": MITID_SERVER_URL, "fetch_userinfo": True},
            }
        ]
        if MITID_SERVER_URL
        else [],
    }
}
SOCIALACCOUNT_ADAPTER = "community.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
LOGIN_REDIRECT_URL = "community:home"
LOGIN_URL = "account_login"

# E-mail: console in development, SMTP in production.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Samskab <noreply@samskab.localhost>")
# A mail server that hangs must not hold a delivery task (and its outbox row lock) for long.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
# Every mail goes through community.messaging: a failed try is retried after the delay, doubled each
# time, and the outbox row is marked failed after the last try.
MESSAGING_RETRY_DELAY_S = envint("MESSAGING_RETRY_DELAY_S", 60)
MESSAGING_MAX_ATTEMPTS = envint("MESSAGING_MAX_ATTEMPTS", 5)

# Danish first, English second.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's Danish formats fit; its English ones are American, ours British (community/formats/en).
FORMAT_MODULE_PATH = ["community.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/dkfds", BASE_DIR / "node_modules/dkfds/dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules/leaflet/dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules/leaflet.markercluster/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules/chart.js/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads only some people may see (problem-report photos): never under MEDIA_ROOT, which is public.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "community.api_schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "community.throttling.AnonRateThrottle",
        "community.throttling.UserRateThrottle",
    ],
    # API_ANON_RATE: bench/maps.py lifts it, so it measures the API and not the throttle's 429s.
    "DEFAULT_THROTTLE_RATES": {
        "anon": envstr("API_ANON_RATE", "120/min"),
        "user": "600/min",
        "lock": "30/min",
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Formats are chosen by the Accept header; ?format=<unknown> would otherwise answer 404.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samskab API",
    "DESCRIPTION": "Outdoor facilities, rooms, availability and bookings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "community.api_schema.add_servers",
        "maps.geojson_schema.add_components",
    ],
}

# Security. Only the embeddable map may be framed, and only by these origins.
X_FRAME_OPTIONS = "DENY"
EMBED_FRAME_ANCESTORS = envlist("EMBED_FRAME_ANCESTORS", ["*"])
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# The only third party the browser talks to: the map tile server.
MAP_TILE_URL = envstr("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = envstr(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragydere',
)
MAP_TILES_ENABLED = envbool("MAP_TILES_ENABLED", True)
# Where a map opens when nothing else says (latitude, longitude).
# The middle of Denmark; a municipality set up with setup_municipality brings its own.
MAP_DEFAULT_CENTER = tuple(float(v) for v in envlist("MAP_DEFAULT_CENTER", ["56.0", "10.5"]))
# Postcode centroids and the local area of a point: a module with postcode_centroid() and
# area_id_for_point(), used by every located model (citizens, associations, buildings).
PLACE_LOOKUP = "localareas.lookup"


# Content-Security-Policy (django-csp): scripts only from our own origin (or with this response's
# nonce), so a link or markup that slips into a page cannot run. Styles may be inline: Leaflet and
# the map's markers set them. Images also come from the tile server. Only the embed may be framed
# (FrameAncestorsMiddleware sets its frame-ancestors from EMBED_FRAME_ANCESTORS).
def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([_origin(MAP_TILE_URL)] if MAP_TILES_ENABLED else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The MitID log-in form posts here and is sent on to the broker.
        "form-action": ["'self'", *([MITID_ORIGIN] if MITID_ORIGIN else [])],
        "frame-ancestors": ["'none'"],
    }
}

# How long each kind of personal data is kept, in days: the one table apply_retention (daily) deletes
# by and "Mine oplysninger" explains. Override one kind with RETENTION_<KIND>_DAYS, e.g.
# RETENTION_AUDIT_LOG_DAYS=365. See community/retention.py for what each period counts from.
RETENTION = {
    kind: envint(f"RETENTION_{kind.upper()}_DAYS", days)
    for kind, days in {
        "citizen": 3
        * 365,  # special-category data, from registration (a case may set its own date)
        "volunteer": 3 * 365,  # a volunteer's profile, from sign-up
        "volunteer_after_deletion_date": 0,  # grace after a volunteer's deletion date
        "audit_log": 2 * 365,
        "door_access_events": 90,
        "door_codes": 30,  # after the code stopped working
        "waitlist_entries": 30,  # after the time waited for
        "bookings": 5 * 365,  # after the booking ended: the accounts need them (bogføringsloven)
        "unconfirmed_hearing_answers": 7,  # also how long the confirmation link works
        "hearing_followers": 365,  # after the hearing closed, if no decision was sent before
        "problem_report_contact": 90,  # the reporter's e-mail, from the report
    }.items()
}
if any(days < 0 for days in RETENTION.values()):
    raise ImproperlyConfigured(f"Retention periods must not be negative: {RETENTION}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Addresses without an exact point are placed inside their postcode: the postcodes that
# setup_municipality stored, else this GeoJSON file (POSTNR_TXT, POSTBYNAVN), if set.
POSTCODE_BOUNDARIES = envstr("POSTCODE_BOUNDARIES", "")

# maps (issue 3): the GeoJSON API's result limit.
MAPS_API_MAX_LIMIT = envint("MAPS_API_MAX_LIMIT", 10000)
# Problem reports need no login: this many per IP address per hour.
MAPS_PROBLEM_REPORTS_PER_HOUR = envint("MAPS_PROBLEM_REPORTS_PER_HOUR", 20)
# Requests for a visiting friend without an account: this many per IP address per hour.
MATCHING_OPEN_REQUESTS_PER_HOUR = envint("MATCHING_OPEN_REQUESTS_PER_HOUR", 5)
# Facility imports (issue 10): files with more features are refused before they are read.
MAPS_IMPORT_MAX_FEATURES = envint("MAPS_IMPORT_MAX_FEATURES", 50_000)
# A matching run queued or running longer than this lost its worker: it no longer blocks its scope.
MATCHING_RUN_STALE_MIN = envint("MATCHING_RUN_STALE_MIN", 30)
# Embedded mode (no broker): tasks run in a thread after the commit. The test suite's tests inside a
# transaction rolled back at their end run them in the same thread instead, and at once, since their
# commit never comes (community/tasks.py:after_commit, set by conftest.py).
TASKS_IN_THREAD = True
AFTER_COMMIT_AT_ONCE = False
