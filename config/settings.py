"""Settings for Quê Hương, read from the environment.

Locally nothing needs to be set: SQLite, local-memory cache, the database search engine and console
email. Production (DEBUG off) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envfloat, envint, envlist, envsecret, envstr, envurl
from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# Under pytest the suite runs with test-friendly defaults (no HTTPS redirect, a fixed local key).
TESTING = envbool("TESTING", "pytest" in sys.modules)

# --- Secrets and hosts ------------------------------------------------------------------------
SECRET_KEY = envsecret("SECRET_KEY", required=not DEBUG and not TESTING)
if not SECRET_KEY:
    # Only reachable with DEBUG or TESTING on: a fixed, obviously-local key.
    SECRET_KEY = "local-development-key-not-for-production-" + "x" * 20  # noqa: S105
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# --- The province this installation serves ----------------------------------------------------
# The province is configuration, not code: another Department of Foreign Affairs runs the same
# software with its own name, emblem and (later) administrative units.
PROVINCE_CODE = envstr("PROVINCE_CODE", "42")  # Hà Tĩnh's code in the national unit list
PROVINCE_NAME = envstr("PROVINCE_NAME", "Hà Tĩnh")
SITE_NAME = envstr("SITE_NAME", "Quê Hương " + PROVINCE_NAME)
PROVINCE_EMBLEM = envstr("PROVINCE_EMBLEM", "cms/img/emblem.svg")  # a static file path
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = envstr("BASE_URL", "http://127.0.0.1:8000")

# Cities offered for residence (registry.gazetteer); smaller towns are typed as free text.
GAZETTEER_MIN_POPULATION = envint("GAZETTEER_MIN_POPULATION", 15000)
# An imported list waits this long between upload and commit; after that it is refused and
# deleted (registry.importing.staging.expire_staged_batches, `manage.py expire_imports`).
IMPORT_STAGED_HOURS = envint("IMPORT_STAGED_HOURS", 48, minimum=1)

# --- Applications -----------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin-style apps that read models.
    "modeltranslation",
    *("accounts", "cms", "registry", "search"),
    "operations",
    "engagement",  # the registry's members taking part in the CMS's pages
    "trips",  # leadership trips abroad: shortlists, invitations, briefing packs
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.StaffUsersAppConfig",  # wagtail.users, staff accounts only
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "phonenumber_field",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "config.middleware.RequestIdMiddleware",  # first: every later log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.AdminScriptPolicyMiddleware",
    # Outside sessions, CSRF and messages, so it sees the cookies they set (config/caching.py).
    "config.caching.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "config.middleware.MalformedRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
SILENCED_SYSTEM_CHECKS = ["models.W040"]  # the id an index covers is PostgreSQL's alone (0023)
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site_shell",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASE_URL = envurl(
    "DATABASE_URL", ("sqlite", "postgres", "postgresql"), f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries only: JIT compilation cost up to 60 ms a staff search and saved nothing
    # (bench/search.py).
    # Tests only: a commit need not wait for the disk (the suite's transactional tests commit
    # and flush often).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off" + (
        " -c synchronous_commit=off" if TESTING else ""
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes the write lock as it starts, so two requests writing at once wait
    # for each other instead of failing with "database is locked" (a sign-up step sent twice).
    # The write-ahead log lets the worker and the scheduler read while a request writes (make
    # run serves all three from one file); a writer waits up to 20 s for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envurl("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "quehuong"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work --------------------------------------------------------------------------
# Django's tasks interface (operations/jobs.py). "database": a queue in the database, run by
# `manage.py worker` — no other server needed. "immediate": run inside the request (the test
# suite). Or the dotted path of another backend, e.g. one on Redis, when one machine is not
# enough (README, "Deploying").
TASKS_BACKEND = envstr("TASKS_BACKEND", "immediate" if TESTING else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS and "." not in TASKS_BACKEND:
    raise ImproperlyConfigured("TASKS_BACKEND must be database, immediate or a dotted path")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}
# A job whose service is down (mail server, Elasticsearch) comes back after this many seconds,
# then twice as long each time, at most an hour later (operations.jobs.retry_delay).
TASK_RETRY_SECONDS = envfloat("TASK_RETRY_SECONDS", 30.0)
# Changes to when periodic jobs run: "publish_scheduled=1m; search_alerts=0 6 * * *"
# (`manage.py scheduler --list` shows the jobs; operations/schedule.py).
SCHEDULE = envstr("SCHEDULE", "")
# Workers and schedulers say they are alive this often (/healthz); a worker silent for six beats
# is taken for stopped and the task it was running goes back to the queue (operations.recovery).
WORKER_HEARTBEAT_SECONDS = envfloat("WORKER_HEARTBEAT_SECONDS", 10.0)
# Audit entries (who saw or changed what) are kept this long, then deleted by the scheduler.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 5 * 365, minimum=365)
# Sign-ups stopped before consents this long ago, untouched since, are deleted (registry.tasks).
ABANDONED_SIGNUP_DAYS = envint("ABANDONED_SIGNUP_DAYS", 30, minimum=1)
# Larger exports (members) and import commits (rows) run on the worker (README, variables).
EXPORT_IN_REQUEST_MAX = envint("EXPORT_IN_REQUEST_MAX", 5000, minimum=0)
IMPORT_IN_REQUEST_MAX = envint("IMPORT_IN_REQUEST_MAX", 2000, minimum=0)
EXPORT_KEEP_HOURS = envint("EXPORT_KEEP_HOURS", 24, minimum=1)

# --- Search -----------------------------------------------------------------------------------
# Unset: the database engine, which needs no service. Set: Elasticsearch 8 (or 9 through REST
# compatibility). The Vietnamese folding analyzer makes "nguyen" find "Nguyễn".
ELASTICSEARCH_URL = envurl("ELASTICSEARCH_URL", ("http", "https"))
# The alias staff search reads; each rebuild fills a new index behind it.
SEARCH_INDEX = envstr("SEARCH_INDEX", "quehuong-members")
# Shards and replicas of each index created from now on (a rebuild makes a new one). One shard
# holds millions of members; a replica per extra node keeps search up when a node is lost, and
# a single node needs 0 (a replica it cannot place leaves the cluster "yellow").
SEARCH_INDEX_SHARDS = envint("SEARCH_INDEX_SHARDS", 1, minimum=1)
SEARCH_INDEX_REPLICAS = envint("SEARCH_INDEX_REPLICAS", 1, minimum=0)
# In a registry of this many records or more, the staff screen shows a search's page first and
# fetches its counts after (on the database engine, counting reads every match).
SEARCH_DEFER_COUNTS_FROM = envint("SEARCH_DEFER_COUNTS_FROM", 20_000)
# Counts shown to registry viewers, who may not see names: under this many reads "fewer than N",
# any other count is rounded down to a multiple of it (registry/disclosure.py). At 2, a total of
# "4–5" and "2–3" verified would leave exactly one member not verified: 3 is the least.
REGISTRY_MIN_CELL = envint("REGISTRY_MIN_CELL", 5)
if REGISTRY_MIN_CELL < 3:
    raise ImproperlyConfigured("REGISTRY_MIN_CELL must be 3 or more")
ELASTICSEARCH_INDEX_PREFIX = envstr("ELASTICSEARCH_INDEX_PREFIX", "quehuong")
# Wagtail's page index on Elasticsearch: every text field folds by default, so "duc" finds "Đức"
# (asciifolding turns đ into d). The site search folds the query too (cms.services).
PAGE_SEARCH_INDEX_SETTINGS = {
    "settings": {
        "number_of_shards": SEARCH_INDEX_SHARDS,
        "number_of_replicas": SEARCH_INDEX_REPLICAS,
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                }
            }
        },
    }
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "modelsearch.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX + "_pages_",
            "TIMEOUT": 5,
            "INDEX_SETTINGS": PAGE_SEARCH_INDEX_SETTINGS,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}

# --- Accounts (django-allauth) ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
if TESTING:
    # Only the suite: a million PBKDF2 rounds per login would dominate its run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming the address in the browser that signed up logs the person in (allauth 65 does it
# only when that sign-up is still pending in the session; a link opened elsewhere asks to log in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or TESTING else "https"
# Rate limits are kept in the cache (Redis in production, so they hold across app servers).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    # Failed passwords when deleting one's account (registry.forms.account.DeleteAccountForm).
    "delete_account": "10/m/ip,5/5m/user",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff must have an authenticator before any admin page opens (accounts.middleware).
STAFF_MFA_REQUIRED = envbool("STAFF_MFA_REQUIRED", True)

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_I18N_ENABLED = True
# "Translate this page" makes a draft: a translation goes live when a chief editor publishes it,
# never as a side effect of an editor starting it (cms/localisation.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords are changed through allauth
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No staff email hashes sent to a third party for avatars (and CSP would block them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Languages --------------------------------------------------------------------------------
# Vietnamese is the source language. Add a language here and a Wagtail locale follows
# (cms migration / load_demo); its interface text comes from locale/<code>/.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("zh-hans", "简体中文"),
]
_enabled = envlist("LANGUAGES", [code for code, _name in LANGUAGES])
_unknown = set(_enabled) - {code for code, _name in LANGUAGES}
if _unknown or "vi" not in _enabled:
    raise ImproperlyConfigured(
        f"LANGUAGES must list known language codes including vi; unknown: {sorted(_unknown)}"
    )
LANGUAGES = [(code, name) for code, name in LANGUAGES if code in _enabled]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Translated columns exist for every supported language, whatever LANGUAGES enables, so that
# switching a language on or off never needs a migration.
MODELTRANSLATION_LANGUAGES = ("vi", "en", "fr", "ru", "ja", "ko", "zh-hans")
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
# A name or consent wording missing in the reader's language: English, then Vietnamese (which
# every row has). The interface falls back the same way (config/translation.py).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "vi"), "en": ("vi",), "vi": ("en",)}
# The project catalogue first; then Vietnamese for django-allauth, which ships none.
FORMAT_MODULE_PATH = ["config.formats"]  # Vietnamese dates in a sentence, grouped digits
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
USE_I18N = True
TIME_ZONE = envstr("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Files about people (scans of consents given on paper): never under MEDIA_URL, served only by
# views that check who asks (registry.storage).
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND_NAME = envstr("EMAIL_BACKEND", "console")
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
if EMAIL_BACKEND_NAME not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}")
# EMAIL_BACKEND names the transport; with EMAIL_QUEUE on, every email is stored first and the
# worker sends it, tried again while the server is down (operations/mail/). Off in the tests.
EMAIL_TRANSPORT = _EMAIL_BACKENDS[EMAIL_BACKEND_NAME]
EMAIL_QUEUE = envbool("EMAIL_QUEUE", not TESTING)
EMAIL_BACKEND = "operations.mail.backend.QueuedEmailBackend" if EMAIL_QUEUE else EMAIL_TRANSPORT
EMAIL_MAX_ATTEMPTS = 30  # then failed: about a day, with operations.jobs.retry_delay
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = 0 if DEBUG or TESTING else envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt into SAMEORIGIN themselves
# How long shared caches and browsers may keep a public page for anonymous visitors (seconds);
# everything personal is private or not stored at all (config/caching.py).
PUBLIC_CACHE_MAX_AGE = envint("PUBLIC_CACHE_MAX_AGE", 300)
if PUBLIC_CACHE_MAX_AGE < 0:
    raise ImproperlyConfigured("PUBLIC_CACHE_MAX_AGE must be zero or more seconds")
# Every asset is served by the site itself, so the policy can stay at 'self'. Wagtail's admin
# still sets inline styles, hence 'unsafe-inline' for style-src, and needs inline scripts, which
# config.middleware allows under /admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging ---------------------------------------------------------------------------------
# Logs never carry personal data: no request bodies, no emails, no names, no query strings. Every
# line names the request that caused it; `json` writes one object a line (config/logging.py).
LOG_FORMAT = envstr("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json")
LOGGING = logging_config(LOG_FORMAT, envstr("LOG_LEVEL", "INFO"))
